import { describe, expect, test } from 'vitest';
import { validatorCompiler } from '../api/validation.js';
import { AccountEventInput } from '../resources/account-events/account-events.schemas.js';
import { CreateProfileBody } from '../resources/profiles/profiles.schemas.js';
import { FeedTransaction } from '../resources/transactions/transactions.schemas.js';
import { generatePopulation } from './generate.js';

const compile = (schema: object) =>
  validatorCompiler({ schema, httpPart: 'body', method: 'POST', url: '/' }) as (data: unknown) => boolean;

describe('simulated records against the API schemas', () => {
  const population = generatePopulation({ profiles: 300, months: 6, seed: 11, scenarioRate: 0.3 });

  test.each([
    ['profiles', CreateProfileBody, population.profiles],
    ['transactions', FeedTransaction, population.transactions],
    ['events', AccountEventInput, population.events.map(({ customer_id, ...event }) => event)],
  ] as const)('every one of the %s is accepted by the request schema', (_name, schema, records) => {
    const validate = compile(schema);
    const rejected = (records as readonly unknown[]).filter((record) => !validate(structuredClone(record)));
    expect(rejected.slice(0, 3)).toEqual([]);
    expect(records.length).toBeGreaterThan(0);
  });
});
