import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { useSession } from '../api/session';
import type { Page, Rule } from '../api/types';
import { ErrorMessage, Loading, Pager, SeverityBadge } from '../components/ui';
import { useCursorList } from '../components/use-cursor-list';
import { label, percent } from '../lib/format';

export function Rules() {
  const { can } = useSession();
  const canWrite = can('rules:write');
  const queryClient = useQueryClient();
  const list = useCursorList(['rules'], (cursor) => api.get<Page<Rule>>('/rules', { cursor, limit: 50 }));
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<Pick<Rule, 'enabled' | 'weight'>> }) =>
      api.patch<Rule>(`/rules/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['rules'] }),
  });
  return (
    <div>
      <h1>Rules</h1>
      <p className="muted">
        Precision is confirmed ÷ (confirmed + dismissed).{' '}
        {canWrite ? 'Changes are audited.' : 'Only supervisors and administrators change rules.'}
      </p>
      <ErrorMessage error={list.query.error ?? update.error} />
      {list.query.isLoading && <Loading what="rules" />}
      <div className="table-wrap">
        <table className="compact" aria-label="Rules">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Type</th>
              <th scope="col">Severity</th>
              <th scope="col" className="num">
                Weight
              </th>
              <th scope="col">Enabled</th>
              <th scope="col" className="num">
                Signals
              </th>
              <th scope="col" className="num">
                Confirmed
              </th>
              <th scope="col" className="num">
                Dismissed
              </th>
              <th scope="col" className="num">
                Precision
              </th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((rule) => (
              <tr key={rule.id} data-rule-name={rule.name}>
                <th scope="row">{rule.name}</th>
                <td>{label(rule.rule_type)}</td>
                <td>
                  <SeverityBadge severity={rule.severity} />
                </td>
                <td className="num">
                  {canWrite ? (
                    <WeightInput
                      rule={rule}
                      onSave={(weight) => update.mutate({ id: rule.id, body: { weight } })}
                    />
                  ) : (
                    rule.weight
                  )}
                </td>
                <td>
                  {canWrite ? (
                    <input
                      type="checkbox"
                      aria-label={`${rule.name} enabled`}
                      checked={rule.enabled}
                      onChange={(e) => update.mutate({ id: rule.id, body: { enabled: e.target.checked } })}
                    />
                  ) : rule.enabled ? (
                    'Yes'
                  ) : (
                    'No'
                  )}
                </td>
                <td className="num">{rule.stats.signals_total}</td>
                <td className="num" data-testid="rule-confirmed">
                  {rule.stats.confirmed}
                </td>
                <td className="num">{rule.stats.dismissed}</td>
                <td className="num">{percent(rule.stats.precision)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="Rules" {...list} />
    </div>
  );
}

function WeightInput({ rule, onSave }: { rule: Rule; onSave: (weight: number) => void }) {
  const [value, setValue] = useState(String(rule.weight));
  const weight = Number(value);
  const valid = value !== '' && Number.isFinite(weight) && weight >= 0 && weight <= 1;
  return (
    <form
      className="weight"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid && weight !== rule.weight) onSave(weight);
      }}
    >
      <input
        type="number"
        min={0}
        max={1}
        step={0.05}
        aria-label={`${rule.name} weight`}
        aria-invalid={!valid}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" disabled={!valid || weight === rule.weight}>
        Save
      </button>
    </form>
  );
}
