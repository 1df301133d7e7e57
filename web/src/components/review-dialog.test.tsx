import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ReviewDialog } from './review-dialog';

afterEach(cleanup);

describe('<ReviewDialog>', () => {
  test('requires a reason before a dismissal can be sent', () => {
    const onSubmit = vi.fn();
    render(<ReviewDialog status="DISMISSED" count={2} onSubmit={onSubmit} onCancel={() => undefined} />);
    expect(screen.getByRole('heading', { name: 'Dismiss 2 signals' })).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Dismiss' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    fireEvent.submit(button.closest('form') as HTMLFormElement);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test('offers the confirm reasons only for a confirmation, and sends reason and notes', () => {
    const onSubmit = vi.fn();
    render(<ReviewDialog status="CONFIRMED" count={1} onSubmit={onSubmit} onCancel={() => undefined} />);
    const select = screen.getByLabelText('Reason (required)');
    const options = [...select.querySelectorAll('option')].map((o) => o.value);
    expect(options).toContain('SAR_FILED');
    expect(options).not.toContain('KNOWN_COUNTERPARTY');
    fireEvent.change(select, { target: { value: 'SAR_FILED' } });
    fireEvent.change(screen.getByLabelText('Notes'), { target: { value: '  filed today ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(onSubmit).toHaveBeenCalledWith({ status: 'CONFIRMED', reason: 'SAR_FILED', notes: 'filed today' });
    expect(screen.queryByText('Suppression')).toBeNull();
  });

  test('offers suppression only for a known-counterparty or legitimate dismissal, and sends its days', () => {
    const onSubmit = vi.fn();
    render(<ReviewDialog status="DISMISSED" count={1} onSubmit={onSubmit} onCancel={() => undefined} />);
    const select = screen.getByLabelText('Reason (required)');
    fireEvent.change(select, { target: { value: 'DUPLICATE' } });
    expect(screen.queryByText('Suppression')).toBeNull();
    fireEvent.change(select, { target: { value: 'KNOWN_COUNTERPARTY' } });
    fireEvent.click(screen.getByLabelText(/Suppress similar signals/));
    fireEvent.change(screen.getByLabelText('For how many days (1–365)'), { target: { value: '30' } });
    fireEvent.change(screen.getByLabelText('Only this counterparty ID (optional)'), {
      target: { value: 'cp-9' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onSubmit).toHaveBeenCalledWith({
      status: 'DISMISSED',
      reason: 'KNOWN_COUNTERPARTY',
      suppress: { days: 30, counterparty_id: 'cp-9' },
    });
  });

  test('closes on Escape', () => {
    const onCancel = vi.fn();
    render(<ReviewDialog status="DISMISSED" count={1} onSubmit={() => undefined} onCancel={onCancel} />);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalled();
  });
});
