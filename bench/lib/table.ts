import type { Summary } from './stats.js';

/** How a value of a metric is printed: a rate, a percentage, a multiple, a time, a count or MiB. */
export type Unit = 'per_s' | 'percent' | 'times' | 'ms' | 'count' | 'us' | 'mib';

/** One line of the results table; a benchmark's first line carries its headline and goal. */
export interface Line {
  bench: string;
  metric: string;
  unit?: Unit;
  summary?: Summary;
  goal?: string;
  met?: boolean;
  /** Replaces the numbers (printed after the metric), e.g. "not run: batch runs not available". */
  text?: string;
}

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'per_s':
      return `${Math.round(value).toLocaleString('en-US')}/s`;
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'times':
      return `${value.toFixed(1)}×`;
    case 'ms':
      return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
    case 'us':
      return `${value.toFixed(1)} µs`;
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'mib':
      return `${Math.round(value).toLocaleString('en-US')} MiB`;
  }
}

const HEADERS = ['benchmark', 'metric', 'median', 'min', 'max', 'runs', 'goal', 'met'] as const;

function cells(line: Line): string[] {
  const goal = line.goal ?? '';
  const met = line.met === undefined ? '' : line.met ? 'yes' : 'NO';
  if (line.text !== undefined || !line.summary || !line.unit) {
    const metric = [line.metric, line.text ?? ''].filter((part) => part !== '').join(': ');
    return [line.bench, metric, '', '', '', '', goal, met];
  }
  const { summary: s, unit } = line;
  return [
    line.bench,
    line.metric,
    formatValue(s.median, unit),
    formatValue(s.min, unit),
    formatValue(s.max, unit),
    String(s.runs),
    goal,
    met,
  ];
}

/** Renders the results as one plain-text table (Markdown-compatible pipes), then numbered notes. */
export function renderTable(title: string, lines: readonly Line[], notes: readonly string[]): string {
  const rows = lines.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (r: readonly string[]) =>
    `| ${r.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const out = [title, '', format(HEADERS), rule];
  let previous = '';
  for (const [i, r] of rows.entries()) {
    const bench = lines[i]?.bench ?? '';
    // A benchmark's name is printed on its first line only.
    out.push(format(bench === previous ? ['', ...r.slice(1)] : r));
    previous = bench;
  }
  if (notes.length > 0) out.push('', ...notes.map((n, i) => `[${i + 1}] ${n}`));
  return out.join('\n');
}
