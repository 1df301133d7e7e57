import type { Line } from './table.js';

/** What each benchmark hands back to run.ts: its lines of the table and its notes under it. */
export interface BenchResult {
  lines: Line[];
  notes: string[];
}
