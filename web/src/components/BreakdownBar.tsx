// One horizontal bar per pair: a segment per facet, as wide as its points,
// with the numbers in the accessible name and a tooltip.
import { FACET_COLORS, facetLabel } from '../lib/facets';

export function formatScore(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return (Math.round(n * 10) / 10).toFixed(1);
}

export function BreakdownBar({ breakdown, max = 100 }: { breakdown: Record<string, number>; max?: number }) {
  const entries = Object.entries(breakdown ?? {}).filter(([, v]) => v > 0);
  const text = entries.length ? entries.map(([f, v]) => `${facetLabel(f)} ${formatScore(v)}`).join(', ') : 'no points on any facet';
  return (
    <div class="breakdown" role="img" aria-label={`Score breakdown: ${text}`} title={text}>
      {entries.map(([f, v]) => (
        <span
          key={f}
          class="breakdown-seg"
          style={{ width: `${Math.max(0, Math.min(100, (v / (max || 100)) * 100))}%`, background: FACET_COLORS[f] ?? '#4e5b6a' }}
        />
      ))}
    </div>
  );
}

export function BreakdownLegend({ facets }: { facets: string[] }) {
  return (
    <ul class="legend" aria-label="Colours of the breakdown bars">
      {facets.map((f) => (
        <li key={f}>
          <span class="swatch" style={{ background: FACET_COLORS[f] ?? '#4e5b6a' }} aria-hidden="true" />
          {facetLabel(f)}
        </li>
      ))}
    </ul>
  );
}
