import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api } from '../api/client';
import type { ActivitySeries } from '../api/types';
import { money } from '../lib/format';
import { markerBucket, seriesWindow, toChartRows } from '../lib/series';
import { ErrorMessage, Loading } from './ui';

const MARKER_COLORS = { ACCOUNT_EVENT: '#7a4b00', SIGNAL: '#b00020', DATE_OF_DEATH: '#222' } as const;

/**
 * The customer's outflow per day or week against their own baseline band (median to p90), with
 * markers for account events, signals and date of death. A table with the same numbers follows
 * for screen readers and for reading exact amounts.
 */
export function ActivityChart({ profileId, endAt }: { profileId: string; endAt: string }) {
  const [bucket, setBucket] = useState<'day' | 'week'>('day');
  const window = seriesWindow(bucket, Date.parse(endAt));
  const series = useQuery({
    queryKey: ['profile', profileId, 'series', bucket, window.from],
    queryFn: () => api.get<ActivitySeries>(`/profiles/${profileId}/activity-series`, { ...window, bucket }),
  });
  const rows = series.data ? toChartRows(series.data) : [];
  return (
    <div className="chart-block">
      <fieldset className="segmented">
        <legend>Outflow per</legend>
        {(['day', 'week'] as const).map((b) => (
          <label key={b} className="inline">
            <input
              type="radio"
              name="bucket"
              value={b}
              checked={bucket === b}
              onChange={() => setBucket(b)}
            />{' '}
            {b}
          </label>
        ))}
      </fieldset>
      {series.isLoading && <Loading what="the activity chart" />}
      <ErrorMessage error={series.error} />
      {series.data && (
        <>
          <figure className="chart" data-testid="activity-chart" data-points={rows.length}>
            <ResponsiveContainer width="100%" height={280}>
              <ComposedChart data={rows} margin={{ top: 12, right: 12, bottom: 4, left: 8 }}>
                <CartesianGrid stroke="#d8dde6" vertical={false} />
                <XAxis dataKey="start" tick={{ fontSize: 12 }} minTickGap={24} />
                <YAxis
                  tickFormatter={(v: number) => money(v).replace(/\.00$/, '')}
                  width={80}
                  tick={{ fontSize: 12 }}
                />
                <Tooltip
                  formatter={(value) =>
                    Array.isArray(value)
                      ? value.map((v) => money(Number(v))).join(' – ')
                      : money(Number(value))
                  }
                />
                <Legend />
                <Area
                  dataKey="band"
                  name="Usual range (median–p90)"
                  fill="#9ec5f0"
                  stroke="#4a7fc1"
                  fillOpacity={0.45}
                  isAnimationActive={false}
                />
                <Bar dataKey="outflow" name="Outflow" fill="#1d3b6e" isAnimationActive={false} />
                {series.data.markers.map((marker) => {
                  const x = markerBucket(series.data, marker.at);
                  return x === null ? null : (
                    <ReferenceLine
                      key={`${marker.kind}-${marker.at}-${marker.ref_id ?? marker.label}`}
                      x={x}
                      stroke={MARKER_COLORS[marker.kind]}
                      strokeDasharray="4 3"
                      label={{
                        value: marker.label.slice(0, 18),
                        position: 'insideTopLeft',
                        fontSize: 11,
                        fill: MARKER_COLORS[marker.kind],
                      }}
                    />
                  );
                })}
              </ComposedChart>
            </ResponsiveContainer>
            <figcaption className="muted">
              Outflow per {bucket} ({rows.length} {bucket}s) against the customer&apos;s usual range. Dashed
              lines mark account events, signals and date of death.
            </figcaption>
          </figure>
          <details>
            <summary>Chart data and markers</summary>
            <table className="compact" data-testid="series-table">
              <caption className="sr-only">Outflow per {bucket}</caption>
              <thead>
                <tr>
                  <th scope="col">{bucket === 'day' ? 'Day' : 'Week of'}</th>
                  <th scope="col" className="num">
                    Outflow
                  </th>
                  <th scope="col" className="num">
                    Usual (median)
                  </th>
                  <th scope="col" className="num">
                    Usual high (p90)
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.start}>
                    <td>{row.start}</td>
                    <td className="num">{money(row.outflow)}</td>
                    <td className="num">{row.band ? money(row.band[0]) : '—'}</td>
                    <td className="num">{row.band ? money(row.band[1]) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ul>
              {series.data.markers.map((m) => (
                <li key={`${m.kind}-${m.at}-${m.ref_id ?? m.label}`}>
                  {m.at.slice(0, 10)}: {m.label}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </div>
  );
}
