import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { simulate } from './simulate.js';

const root = await mkdtemp(join(tmpdir(), 'vigil-cli-simulate-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('vigil simulate', () => {
  test('writes the files and prints a one-line summary', async () => {
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    const out = join(root, 'run');
    try {
      await simulate([
        '--profiles',
        '20',
        '--months',
        '2',
        '--seed',
        '5',
        '--scenario-rate',
        '0.5',
        '--out',
        out,
      ]);
    } finally {
      write.mockRestore();
    }
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      profiles: 20,
      months: 2,
      seed: 5,
      scenario_rate: 0.5,
      end_date: '2026-11-01',
    });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(
      new RegExp(
        `^wrote 20 profiles, ${manifest.counts.transactions} transactions, \\d+ events, 10 labels, ${manifest.counts.life_events} life events to .+ in \\d+\\.\\d s\\n$`,
      ),
    );
  });

  test('refuses to run without --out or with a seed that is not a whole number', async () => {
    await expect(simulate(['--profiles', '5', '--months', '1', '--seed', '1'])).rejects.toThrow('--out');
    await expect(
      simulate(['--profiles', '5', '--months', '1', '--seed', 'x', '--out', join(root, 'x')]),
    ).rejects.toThrow('--seed');
  });
});
