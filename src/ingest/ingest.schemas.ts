import { Type, type TSchema } from 'typebox';
import { literalUnion, Uuid } from '../api/schemas.js';
import {
  mostUrgent,
  RECOMMENDED_ACTIONS,
  type RecommendedAction,
} from '../domain/detection/recommended-action.js';
import type { IngestResult } from './ingest.js';

/** Most items one request may carry (api.md §5.2). */
export const MAX_BATCH = 1000;

export const IngestQuery = Type.Object(
  {
    scoring: Type.Optional(
      Type.Boolean({ default: true, description: 'false stores history without scoring it (backfill)' }),
    ),
  },
  { additionalProperties: false },
);

const ItemScoring = Type.Union([
  Type.Object(
    { signal_id: Uuid, recommended_action: literalUnion(RECOMMENDED_ACTIONS) },
    {
      description:
        'Set when scoring this item in the request raised or joined a signal: the signal and what to do before the payment completes (HOLD_PAYMENT = hold it)',
    },
  ),
  Type.Null(),
]);

/** The answer to an ingest of either kind: the same shape, the item list named after the collection. */
export function ingestResponse(collection: string, noun: string, title: string): TSchema {
  return Type.Object(
    {
      accepted: Type.Integer({ description: `New ${noun}s stored` }),
      duplicates: Type.Integer({ description: 'Items whose external_id the profile already had' }),
      [collection]: Type.Array(
        Type.Object({
          id: Uuid,
          external_id: Type.String(),
          duplicate: Type.Boolean(),
          signal_ids: Type.Array(Uuid),
          scoring: Type.Optional(ItemScoring),
        }),
      ),
      signals: Type.Array(Type.Unknown(), { description: 'Signals created or updated by this request' }),
    },
    { title },
  );
}

/**
 * The item's scoring verdict for the bank's payment flow (issue 13): the most urgent signal this
 * request raised or joined with the item, or null; scored before the response, so a HOLD_PAYMENT
 * can stop the payment it describes.
 */
function scoringOf(signalIds: readonly string[], actions: ReadonlyMap<string, RecommendedAction>) {
  const best = mostUrgent(
    signalIds.flatMap((id) => {
      const recommendedAction = actions.get(id);
      return recommendedAction === undefined ? [] : [{ id, recommendedAction }];
    }),
  );
  return best === undefined ? null : { signal_id: best.id, recommended_action: best.recommendedAction };
}

export function toIngestJson(collection: string, result: IngestResult) {
  const actions = new Map(
    (result.signals as { id: string; recommended_action: RecommendedAction }[]).map((s) => [
      s.id,
      s.recommended_action,
    ]),
  );
  return {
    accepted: result.accepted,
    duplicates: result.duplicates,
    [collection]: result.items.map((i) => ({
      id: i.id,
      external_id: i.externalId,
      duplicate: i.duplicate,
      signal_ids: i.signalIds,
      scoring: scoringOf(i.signalIds, actions),
    })),
    signals: result.signals,
  };
}
