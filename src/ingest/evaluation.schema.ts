import { Type } from 'typebox';

/** How the last scoring judged an item (detection.md §2: stored even when no signal was raised). */
export const Evaluation = Type.Union(
  [
    Type.Object({
      score: Type.Number(),
      threshold: Type.Number(),
      signal_id: Type.Union([Type.String(), Type.Null()]),
      fired: Type.Array(
        Type.Object({
          rule_id: Type.String(),
          rule_name: Type.String(),
          rule_type: Type.String(),
          rule_version: Type.Integer(),
          weight: Type.Number(),
          severity: Type.String(),
          category: Type.String(),
          measured: Type.Number(),
          threshold: Type.Number(),
          baseline: Type.Union([Type.Number(), Type.Null()]),
          reason: Type.String(),
        }),
      ),
      insufficient_history: Type.Array(Type.String(), {
        description: 'Rules that had no READY baseline to compare against',
      }),
    }),
    Type.Object({ skipped: Type.String({ description: 'Why the item was not scored' }) }),
    Type.Null(),
  ],
  { description: 'The last scoring of this item; null when it was stored with scoring=false' },
);
