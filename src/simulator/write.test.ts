import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { writePopulation } from './write.js';

const FILES = [
  'events.jsonl',
  'labels.jsonl',
  'life_events.jsonl',
  'manifest.json',
  'profiles.jsonl',
  'transactions.jsonl',
];
const root = await mkdtemp(join(tmpdir(), 'vigil-simulate-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function contents(directory: string): Promise<Record<string, string>> {
  const entries = await Promise.all(
    FILES.map(async (name) => [name, await readFile(join(directory, name), 'utf8')] as const),
  );
  return Object.fromEntries(entries);
}

describe('writePopulation()', () => {
  test('writes the same bytes twice for the same options', async () => {
    const options = { profiles: 25, months: 6, seed: 11 };
    await writePopulation(join(root, 'a'), options);
    await writePopulation(join(root, 'b'), options);
    expect((await readdir(join(root, 'a'))).sort()).toEqual(FILES);
    expect(await contents(join(root, 'a'))).toEqual(await contents(join(root, 'b')));
  });

  test('writes different transactions for a different seed', async () => {
    await writePopulation(join(root, 'c'), { profiles: 25, months: 6, seed: 12 });
    const [a, c] = await Promise.all([contents(join(root, 'a')), contents(join(root, 'c'))]);
    expect(c['transactions.jsonl']).not.toBe(a['transactions.jsonl']);
  });

  test('records the options and one count per line in the manifest', async () => {
    const manifest = await writePopulation(join(root, 'd'), {
      profiles: 30,
      months: 3,
      seed: 4,
      scenarioRate: 0.5,
      endDate: '2026-03-01',
    });
    const files = await contents(join(root, 'd'));
    const lines = (name: string): number => files[name]!.split('\n').filter(Boolean).length;
    expect(JSON.parse(files['manifest.json']!)).toEqual(manifest);
    expect(manifest).toMatchObject({
      profiles: 30,
      months: 3,
      seed: 4,
      scenario_rate: 0.5,
      end_date: '2026-03-01',
    });
    expect(manifest.counts).toEqual({
      profiles: lines('profiles.jsonl'),
      transactions: lines('transactions.jsonl'),
      events: lines('events.jsonl'),
      labels: lines('labels.jsonl'),
      life_events: lines('life_events.jsonl'),
    });
    expect(manifest.counts.labels).toBe(15);
    const first = JSON.parse(files['transactions.jsonl']!.split('\n')[0]!);
    expect(first.occurred_at >= '2025-12-01').toBe(true);
  });
});
