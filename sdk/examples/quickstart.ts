import { createVigilClient, unwrap, VigilApiError } from '@vigil/sdk';

/** Enrolls a customer in the sandbox, reads the profile back and lists every profile. */
export async function quickstart(baseUrl: string, tenantId: string, apiKey: string) {
  const vigil = createVigilClient({ baseUrl, environment: 'sandbox', tenantId, apiKey });

  // POSTs get an Idempotency-Key, so the retries of 429/5xx never enroll the customer twice.
  const profile = unwrap(
    await vigil.POST('/profiles', {
      body: {
        customer_id: `CUST-${Date.now()}`,
        customer_name: 'Margaret Hill',
        date_of_birth: '1941-03-09',
        enrollment_reason: 'AGE_THRESHOLD',
      },
    }),
  );

  const { data: same } = await vigil.GET('/profiles/{profile_id}', {
    params: { path: { profile_id: profile.id } },
  });

  const customers: string[] = [];
  for await (const p of vigil.paginate('/profiles', { query: { limit: 100 } })) customers.push(p.customer_id);

  try {
    unwrap(
      await vigil.GET('/profiles/{profile_id}', { params: { path: { profile_id: crypto.randomUUID() } } }),
    );
  } catch (error) {
    if (!(error instanceof VigilApiError) || error.code !== 'PROFILE_NOT_FOUND') throw error;
  }

  return { profile, riskLevel: same?.risk_level, customers };
}
