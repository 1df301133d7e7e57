import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { generateProfiles, resolveOptions, type SimulationOptions } from './generate.js';

export interface Manifest {
  profiles: number;
  months: number;
  seed: number;
  scenario_rate: number;
  end_date: string;
  counts: { profiles: number; transactions: number; events: number; labels: number; life_events: number };
}

const FLUSH_CHARS = 1 << 20;
// life_events.jsonl, like labels.jsonl, is ground truth for the quality report: never loaded.
const FILES = ['profiles', 'transactions', 'events', 'labels', 'life_events'] as const;

interface LineWriter {
  count: number;
  append(record: unknown): void;
  flush(force: boolean): Promise<void>;
  close(): Promise<void>;
}

async function openLineWriter(path: string): Promise<LineWriter> {
  const handle: FileHandle = await open(path, 'w');
  // A growing string is a rope in V8: appending is cheap and it is flattened once, on write.
  let buffer = '';
  const writer: LineWriter = {
    count: 0,
    append(record) {
      buffer += `${JSON.stringify(record)}\n`;
      writer.count++;
    },
    async flush(force) {
      if (buffer.length === 0 || (!force && buffer.length < FLUSH_CHARS)) return;
      const text = buffer;
      buffer = '';
      await handle.write(text);
    },
    async close() {
      await writer.flush(true);
      await handle.close();
    },
  };
  return writer;
}

/**
 * Writes a population as JSON Lines (profiles, transactions, events, labels) plus manifest.json,
 * generating and flushing profile by profile so memory stays flat; same options, same bytes.
 */
export async function writePopulation(directory: string, options: SimulationOptions): Promise<Manifest> {
  const resolved = resolveOptions(options);
  await mkdir(directory, { recursive: true });
  const writers: LineWriter[] = [];
  try {
    for (const name of FILES) writers.push(await openLineWriter(join(directory, `${name}.jsonl`)));
    const [profiles, transactions, events, labels, lifeEvents] = writers as [
      LineWriter,
      LineWriter,
      LineWriter,
      LineWriter,
      LineWriter,
    ];
    for (const bundle of generateProfiles(resolved)) {
      profiles.append(bundle.profile);
      for (const tx of bundle.transactions) transactions.append(tx);
      for (const event of bundle.events) events.append(event);
      for (const label of bundle.labels) labels.append(label);
      for (const lifeEvent of bundle.lifeEvents) lifeEvents.append(lifeEvent);
      for (const writer of writers) await writer.flush(false);
    }
  } finally {
    for (const writer of writers) await writer.close();
  }
  const [profiles, transactions, events, labels, lifeEvents] = writers.map((writer) => writer.count) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const manifest: Manifest = {
    profiles: resolved.profiles,
    months: resolved.months,
    seed: resolved.seed,
    scenario_rate: resolved.scenarioRate,
    end_date: resolved.endDate,
    counts: { profiles, transactions, events, labels, life_events: lifeEvents },
  };
  await writeManifest(join(directory, 'manifest.json'), manifest);
  return manifest;
}

async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.write(`${JSON.stringify(manifest, null, 2)}\n`);
  } finally {
    await handle.close();
  }
}
