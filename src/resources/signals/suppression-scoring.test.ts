/**
 * Issue 13, learning from reviews: a benign dismissal with `suppress` stops repeat alerts for that
 * profile and counterparty until it expires; other counterparties and other profiles still alert.
 */
import { describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { manualClock } from '../../lib/clock.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-10-02T12:00:00Z');

interface IngestJson {
  transactions: { signal_ids: string[]; scoring: { signal_id: string; recommended_action: string } | null }[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: suppressions in scoring`, () => {
    const clock = manualClock(NOW);
    const t = useTestApp(dialect, { clock });
    let day = 0;
    // Gift cards of 600 at one seller: the "Gift card purchases" rule fires on each, HIGH.
    const giftCard = async (tenant: TestTenant, profileId: string, seller: string) => {
      day += 1;
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profileId}/transactions`,
        body: transactionBody({
          amount: 600,
          channel: 'GIFT_CARD',
          counterparty_id: seller,
          counterparty_type: 'BUSINESS',
          occurred_at: new Date(NOW - 300 * DAY + day * 5 * DAY).toISOString(),
        }),
      });
      expect(res.statusCode).toBe(201);
      return res.json<IngestJson>().transactions[0]!;
    };
    const dismiss = async (tenant: TestTenant, signalId: string, suppress: Record<string, unknown>) => {
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/signals/${signalId}/review`,
        body: { status: 'DISMISSED', reason: 'KNOWN_COUNTERPARTY', suppress },
      });
      expect(res.statusCode).toBe(200);
    };

    test('a suppression of one profile does not silence another profile', async () => {
      const tenant = await createTenant(t);
      const one = await createProfile(t.app, tenant);
      const two = await createProfile(t.app, tenant);
      const first = await giftCard(tenant, one.id, 'SELLER');
      await dismiss(tenant, first.signal_ids[0]!, { days: 30 });
      expect((await giftCard(tenant, one.id, 'SELLER')).signal_ids).toEqual([]);
      expect((await giftCard(tenant, two.id, 'SELLER')).signal_ids).toHaveLength(1);
    });

    test('a dismissal naming the seller silences that seller only, until the suppression expires', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const first = await giftCard(tenant, profile.id, 'GRANDKIDS-GAMES');
      expect(first.scoring).not.toBeNull();
      await dismiss(tenant, first.signal_ids[0]!, { counterparty_id: 'GRANDKIDS-GAMES', days: 30 });

      const repeat = await giftCard(tenant, profile.id, 'GRANDKIDS-GAMES');
      expect(repeat).toMatchObject({ signal_ids: [], scoring: null });
      const other = await giftCard(tenant, profile.id, 'OTHER-SELLER');
      expect(other.signal_ids).toHaveLength(1);

      // The clock moves on last in this file: the suppression holds to its last millisecond and
      // ends at expires_at, 30 days after the dismissal.
      clock.advance(30 * DAY - 1);
      expect((await giftCard(tenant, profile.id, 'GRANDKIDS-GAMES')).signal_ids).toEqual([]);
      clock.advance(1);
      const afterExpiry = await giftCard(tenant, profile.id, 'GRANDKIDS-GAMES');
      expect(afterExpiry.signal_ids).toHaveLength(1);
    });
  });
}
