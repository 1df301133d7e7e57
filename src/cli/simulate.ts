import { parseArgs } from 'node:util';
import { DEFAULT_END_DATE, DEFAULT_SCENARIO_RATE } from '../simulator/generate.js';
import { writePopulation } from '../simulator/write.js';
import { SIMULATE_USAGE } from './usage.js';

function integer(name: string, value: string | undefined): number {
  if (value === undefined || !/^-?\d+$/.test(value))
    throw new Error(`simulate needs --${name} as a whole number`);
  return Number(value);
}

/** `vigil simulate`: writes a synthetic population with labelled scenarios as JSON Lines (detection.md §5). */
export async function simulate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      profiles: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      'scenario-rate': { type: 'string', default: String(DEFAULT_SCENARIO_RATE) },
      'end-date': { type: 'string', default: DEFAULT_END_DATE },
      out: { type: 'string' },
    },
  });
  if (values.out === undefined || values.out.trim() === '')
    throw new Error(`simulate needs --out DIR\n${SIMULATE_USAGE}`);
  const scenarioRate = Number(values['scenario-rate']);
  if (Number.isNaN(scenarioRate)) throw new Error('simulate needs --scenario-rate as a number from 0 to 1');
  const startedAt = performance.now();
  const manifest = await writePopulation(values.out, {
    profiles: integer('profiles', values.profiles),
    months: integer('months', values.months),
    seed: integer('seed', values.seed),
    scenarioRate,
    endDate: values['end-date'],
  });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const { counts } = manifest;
  process.stdout.write(
    `wrote ${counts.profiles} profiles, ${counts.transactions} transactions, ${counts.events} events, ` +
      `${counts.labels} labels, ${counts.life_events} life events to ${values.out} in ${seconds} s\n`,
  );
}
