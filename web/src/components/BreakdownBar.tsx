// One horizontal bar per pair: a segment per facet, as wide as its points,
// with the numbers in the accessible name and a tooltip.
import { FACET_COLORS, facetLabel } from '../lib/facets';

export function formatScore(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return (Math.round(n * 10) / 10).toFixed(1);
}

/** Facet names and colours of another score than the cohort's (peer support's, lib/peer.ts). */
interface Facets {
  labelOf?: (facet: string) => string;
  colors?: Record<string, string>;
}

export function BreakdownBar({ breakdown, max = 100, labelOf = facetLabel, colors = FACET_COLORS }: { breakdown: Record<string, number>; max?: number } & Facets) {
  const entries = Object.entries(breakdown ?? {}).filter(([, v]) => v > 0);
  const text = entries.length ? entries.map(([f, v]) => `${labelOf(f)} ${formatScore(v)}`).join(', ') : 'no points on any facet';
  return (
    <div class="breakdown" role="img" aria-label={`Score breakdown: ${text}`} title={text}>
      {entries.map(([f, v]) => (
        <span
          key={f}
          class={f.startsWith('question:') ? 'breakdown-seg question' : 'breakdown-seg'}
          style={{ width: `${Math.max(0, Math.min(100, (v / (max || 100)) * 100))}%`, backgroundColor: colors[f] ?? '#4e5b6a' }}
        />
      ))}
    </div>
  );
}

export function BreakdownLegend({ facets, labelOf = facetLabel, colors = FACET_COLORS }: { facets: string[] } & Facets) {
  return (
    <ul class="legend" aria-label="Colours of the breakdown bars">
      {facets.map((f) => (
        <li key={f}>
          <span class={f.startsWith('question:') ? 'swatch question' : 'swatch'} style={{ backgroundColor: colors[f] ?? '#4e5b6a' }} aria-hidden="true" />
          {labelOf(f)}
        </li>
      ))}
    </ul>
  );
}

/** The points of each facet in words, folded away under the bar: "Which shift do you work? 10.0". */
export function BreakdownDetails({ breakdown, labelOf = facetLabel, order, summary = 'Points by facet' }: { breakdown: Record<string, number>; order?: (a: string, b: string) => number } & Facets & { summary?: string }) {
  const entries = Object.entries(breakdown ?? {});
  if (order) entries.sort((a, b) => order(a[0], b[0]));
  if (entries.length === 0) return null;
  return (
    <details class="breakdown-details">
      <summary>{summary}</summary>
      <dl>
        {entries.map(([f, v]) => (
          <div key={f} data-facet={f}>
            <dt>{labelOf(f)}</dt>
            <dd>{formatScore(v)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
