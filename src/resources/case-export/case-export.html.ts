import type { CaseExportJson } from './case-export.schemas.js';

/** HTML-escapes any value (every value of the page passes through here). */
export function escapeHtml(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;
const money = (amount: number, currency: string) => `${e(currency)} ${e(amount.toFixed(2))}`;

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="none">None.</p>';
  const head = headers.map((h) => `<th>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function rulesCell(rules: CaseExportJson['transactions'][number]['rules']): string {
  if (rules.length === 0) return '';
  return `<ul>${rules
    .map(
      (r) =>
        `<li><b>${e(r.rule_name)}</b> (${e(r.rule_type)}, ${e(r.severity)}): measured ${e(r.measured)} vs baseline ${e(
          r.baseline ?? 'none',
        )} vs threshold ${e(r.threshold)}. ${e(r.reason)}</li>`,
    )
    .join('')}</ul>`;
}

const STYLE = `
body{font:12px/1.45 Georgia,serif;color:#111;margin:24px auto;max-width:1000px;padding:0 16px}
h1{font-size:20px;margin:8px 0}h2{font-size:15px;border-bottom:1px solid #999;margin-top:24px}
.confidential{border:3px solid #a00;color:#a00;font:bold 14px/1.3 Arial,sans-serif;text-align:center;padding:6px;letter-spacing:.1em}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top}
th{background:#eee}dl{display:grid;grid-template-columns:220px 1fr;gap:2px 12px}dt{font-weight:bold}
ul{margin:0;padding-left:16px}.none{color:#666}pre{white-space:pre-wrap;font:inherit}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
`;

/** The case export as one printable page: no script, no external asset, every value escaped. */
export function renderCaseHtml(c: CaseExportJson): string {
  const cur = c.victim.currency;
  const v = c.victim;
  const banner = `<div class="confidential">CONFIDENTIAL</div><p class="confidential">${e(c.marking)}</p>`;
  const totals = (label: string, t: CaseExportJson['activity']['involved']) =>
    `<dt>${e(label)}</dt><dd>${money(t.debits_total, cur)} debited, ${money(t.credits_total, cur)} credited; ${e(
      t.transaction_count,
    )} transaction(s), ${e(t.event_count)} event(s)</dd>`;
  const review = c.signal.review;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="robots" content="noindex">
<title>CONFIDENTIAL case file ${e(c.signal.id)}</title>
<style>${STYLE}</style></head>
<body>
${banner}
<h1>Case file: suspected elder financial exploitation (${e(c.key_term)})</h1>
<dl><dt>Signal</dt><dd>${e(c.signal.id)} (${e(c.signal.status)}, ${e(c.signal.severity)}, score ${e(c.signal.score)})</dd>
<dt>Generated</dt><dd>${e(c.generated_at)} by ${e(c.generated_by.name)} (${e(c.generated_by.type)})</dd>
<dt>Key term</dt><dd>${e(c.key_term)}</dd>
<dt>Classification</dt><dd>${e(c.classification.type)}: ${e(c.classification.typology)} (${e(c.classification.signal_category)})</dd>
<dt>Summary</dt><dd>${e(c.signal.summary)}</dd></dl>

<h2>Victim</h2>
<dl><dt>Name</dt><dd>${e(v.customer_name)}</dd><dt>Customer ID</dt><dd>${e(v.customer_id)}</dd>
<dt>Date of birth (age)</dt><dd>${e(v.date_of_birth)} (${e(v.age)})</dd><dt>Status</dt><dd>${e(v.status)}</dd>
<dt>Date of death</dt><dd>${e(v.date_of_death ?? 'n/a')}</dd><dt>Enrollment reason</dt><dd>${e(v.enrollment_reason)}</dd>
<dt>Trusted contact</dt><dd>${
    v.trusted_contact
      ? Object.entries(v.trusted_contact)
          .map(([k, x]) => `${e(k)}: ${e(x)}`)
          .join('; ')
      : 'none'
  }</dd></dl>

<h2>Suspected counterparties</h2>
${table(
  [
    'Counterparty',
    'Name',
    'Type / relationship',
    'Country',
    'Debited',
    'Credited',
    'Transactions',
    'Events',
    'First',
    'Last',
  ],
  c.suspected_counterparties.map((p) => [
    e(p.counterparty_id),
    e(p.name),
    `${e(p.type)} / ${e(p.relationship)}`,
    e(p.country),
    money(p.total_debited, cur),
    money(p.total_credited, cur),
    e(p.transaction_count),
    e(p.event_types.join(', ')),
    e(p.first_at),
    e(p.last_at),
  ]),
)}

<h2>Activity</h2>
<dl><dt>First activity</dt><dd>${e(c.activity.first_at ?? 'n/a')}</dd><dt>Last activity</dt><dd>${e(c.activity.last_at ?? 'n/a')}</dd>
<dt>First signal</dt><dd>${e(c.activity.first_signal_at)}</dd>
${totals('Involved', c.activity.involved)}${totals('After the first signal', c.activity.after_first_signal)}</dl>

<h2>Transactions</h2>
${table(
  [
    'ID',
    'Time',
    'Direction',
    'Amount',
    'Channel',
    'Counterparty',
    'Description',
    'Rules: measured vs baseline vs threshold',
  ],
  c.transactions.map((t) => [
    e(t.id),
    e(t.occurred_at),
    e(t.direction),
    money(t.amount, cur),
    e(t.channel),
    `${e(t.counterparty_name ?? '')} ${e(t.counterparty_id ?? '')} ${e(t.counterparty_country ?? '')}`,
    e(t.description),
    rulesCell(t.rules),
  ]),
)}

<h2>Account events</h2>
${table(
  ['ID', 'Time', 'Event', 'Party', 'Device / country', 'Rules: measured vs baseline vs threshold'],
  c.events.map((x) => [
    e(x.id),
    e(x.occurred_at),
    e(x.event_type),
    `${e(x.party_name ?? '')} ${e(x.party_id ?? '')}`,
    `${e(x.device_id ?? '')} ${e(x.country ?? '')}`,
    rulesCell(x.rules),
  ]),
)}

<h2>Review</h2>
${review ? `<dl><dt>Outcome</dt><dd>${e(review.status)} (${e(review.reason ?? 'no reason')})</dd><dt>Reviewed</dt><dd>${e(review.reviewed_at)} by ${e(review.reviewed_by)}</dd><dt>Notes</dt><dd>${e(review.notes ?? '')}</dd></dl>` : '<p class="none">Not reviewed yet.</p>'}

<h2>Notes</h2>
${table(
  ['Time', 'Author', 'Note'],
  c.notes.map((n) => [
    e(n.created_at),
    `${e(n.author.name)} (${e(n.author.type)})`,
    `<pre>${e(n.body)}</pre>`,
  ]),
)}

<h2>Suppressions</h2>
${table(
  ['ID', 'Counterparty', 'Reason', 'Expires'],
  c.suppressions.map((s) => [e(s.id), e(s.counterparty_id ?? 'any'), e(s.reason), e(s.expires_at)]),
)}

<h2>Audit extract</h2>
${table(
  ['Time', 'Actor', 'Action', 'Resource', 'Changes'],
  c.audit.map((a) => [
    e(a.at),
    e(a.actor.name),
    e(a.action),
    `${e(a.resource_type)} ${e(a.resource_id)}`,
    e(a.changes),
  ]),
)}

<h2>Draft narrative (to be reviewed before filing)</h2>
<pre>${e(c.narrative.text)}</pre>
${banner}
</body></html>
`;
}
