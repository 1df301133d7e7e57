import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestApp, createTenant, type TestTenant } from '../../test/helpers/test-app.js';
import { quickstart } from './quickstart.js';

let built: Awaited<ReturnType<typeof buildTestApp>>;
let baseUrl: string;
let tenant: TestTenant;

beforeAll(async () => {
  built = await buildTestApp('sqlite');
  baseUrl = await built.app.listen({ port: 0, host: '127.0.0.1' });
  tenant = await createTenant(built);
});
afterAll(async () => {
  await built.close();
});

describe('the README quickstart', () => {
  test('runs against a real server: enrolls a sandbox customer, reads it back and lists it', async () => {
    const result = await quickstart(baseUrl, tenant.tenantId, tenant.sandboxKey);

    expect(result.profile.status).toBe('ACTIVE');
    expect(result.riskLevel).toBe('NONE');
    expect(result.customers).toContain(result.profile.customer_id);
  });

  test('is the code the README shows', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./quickstart.ts', import.meta.url), 'utf8');
    const shown = /<!-- quickstart:start -->\n```ts\n([\s\S]*?)```\n<!-- quickstart:end -->/.exec(
      readme,
    )?.[1];
    expect(shown, 'sdk/README.md must show sdk/examples/quickstart.ts between the quickstart markers').toBe(
      example,
    );
  });
});
