/**
 * THE list of known fuzz exclusions: generated cases that still fail because of a finding of issue 12
 * that another branch fixes. Each entry names the finding and its owner; a failing case that matches
 * one is counted and printed as "known", not failed. Every other failure fails the suite.
 *
 * The lead empties this list once the owning branches are merged: an entry whose finding is fixed
 * matches nothing any more and can go.
 */
export interface FuzzCase {
  dialect: 'sqlite' | 'postgres';
  method: string;
  /** The route as documented, e.g. `/profiles/{profile_id}`. */
  route: string;
  url: string;
  headers: Record<string, string>;
  /** The body as sent (JSON text, or raw text for the content-type mutations). */
  payload: string | undefined;
}

export interface KnownFinding {
  finding: string;
  owner: string;
  what: string;
  matches(c: FuzzCase): boolean;
}

// Empty since findings 12.6 (one date parser) and 12.10 (U+0000 refused) were merged: a case that
// matched them before now gets its 400 like any other.
export const KNOWN_FUZZ_FINDINGS: KnownFinding[] = [];
