// The evaluation's charts, as inline SVG: a proportion with its intervals, a
// Likert item's 100% stacked bar and bars of counts. Each is one image
// (role="img") whose accessible name states every number it draws; the page
// puts the table of the same numbers beside it. Positions are percentages of
// the width, so a chart fills its card at any width without distorting.
import type { ItemResult, Proportion } from '../api/types';
import { barsSpoken, likertSegments, likertSpoken, proportionSpoken, scaleColours, textOn, words, type Bar } from '../lib/evaluation';
import { useId } from './ui';

const pc = (share: number) => `${(Math.min(1, Math.max(0, share)) * 100).toFixed(2)}%`;

/** Grey diagonal hatching: counts the small-cell rule hid. */
function Hatch({ id }: { id: string }) {
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
      <rect width="6" height="6" fill="#f3f4f6" />
      <line x1="0" y1="0" x2="0" y2="6" stroke="#515a64" stroke-width="2" />
    </pattern>
  );
}

/** A legend swatch with the hatching of hidden counts. */
export function HatchSwatch() {
  const id = useId('hatch');
  return (
    <svg class="swatch" width="13" height="13" aria-hidden="true">
      <defs>
        <Hatch id={id} />
      </defs>
      <rect width="13" height="13" fill={`url(#${id})`} stroke="#515a64" />
    </svg>
  );
}

/**
 * A proportion on a 0–100% scale: the estimate as a dot, Wilson's 95%
 * interval as the wide bar and the exact (Clopper–Pearson) one as the thin
 * line with end marks.
 */
export function IntervalChart({ name, p }: { name: string; p: Proportion | null }) {
  if (!p || p.n === 0) return null;
  const [w0, w1] = p.wilson;
  const [c0, c1] = p.clopper_pearson;
  return (
    <svg class="chart interval-chart" role="img" aria-label={proportionSpoken(name, p)} width="100%" height="46">
      <svg x="3%" width="94%" height="46" overflow="visible">
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={pc(t)} x2={pc(t)} y1="6" y2="28" class="chart-grid" />
            <text x={pc(t)} y="42" text-anchor={t === 0 ? 'start' : t === 1 ? 'end' : 'middle'} class="chart-tick">
              {t * 100}%
            </text>
          </g>
        ))}
        <rect x={pc(w0)} width={pc(w1 - w0)} y="11" height="12" class="ci-wilson" />
        <line x1={pc(c0)} x2={pc(c1)} y1="17" y2="17" class="ci-exact" />
        <line x1={pc(c0)} x2={pc(c0)} y1="9" y2="25" class="ci-exact" />
        <line x1={pc(c1)} x2={pc(c1)} y1="9" y2="25" class="ci-exact" />
        <circle cx={pc(p.estimate)} cy="17" r="5.5" class="estimate" />
      </svg>
    </svg>
  );
}

/** What the interval charts draw, said once above them. */
export function IntervalLegend() {
  return (
    <p class="chart-legend hint">
      <svg width="44" height="16" aria-hidden="true" class="legend-mark">
        <rect x="4" y="3" width="36" height="10" class="ci-wilson" />
        <line x1="2" x2="42" y1="8" y2="8" class="ci-exact" />
        <circle cx="22" cy="8" r="4.5" class="estimate" />
      </svg>{' '}
      In each chart the dot is the share, the bar its 95% Wilson interval and the thin line with end marks the exact (Clopper–Pearson) interval.
    </p>
  );
}

/**
 * A Likert item's answers as one 100% stacked bar, strongly disagree on the
 * left; hidden counts as one hatched segment per side (lib/evaluation.ts).
 */
export function LikertBar({ item }: { item: Pick<ItemResult, 'answered' | 'counts' | 'percent_agree'> }) {
  const id = useId('hatch');
  const segments = likertSegments(item);
  const colours = scaleColours(item.counts.length);
  if (segments.length === 0) return null;
  return (
    <svg class="chart likert-bar" role="img" aria-label={likertSpoken(item, segments)} width="100%" height="30">
      <defs>
        <Hatch id={id} />
      </defs>
      {segments
        .filter((s) => s.width > 0)
        .map((s) => {
          const fill = s.hidden ? `url(#${id})` : colours[s.points[0]];
          return (
            <g key={s.points.join('-')}>
              <rect x={pc(s.x)} y="1" width={pc(s.width)} height="28" fill={fill} stroke="#ffffff" stroke-width="1" />
              {!s.hidden && s.width >= 0.08 && (
                <text x={pc(s.x + s.width / 2)} y="20" text-anchor="middle" class="chart-value" fill={textOn(colours[s.points[0]])}>
                  {Math.round(s.width * 100)}%
                </text>
              )}
            </g>
          );
        })}
      <rect x="0.5" y="0.5" width="99.8%" height="29" fill="none" stroke="#767f8a" />
    </svg>
  );
}

/** The colours of a scale, with the hatching of hidden counts. */
export function LikertLegend({ labels, k }: { labels: string[]; k: number }) {
  const colours = scaleColours(labels.length);
  return (
    <ul class="legend" aria-label="Colours of the answer bars">
      {labels.map((l, i) => (
        <li key={l}>
          <span class="swatch" style={{ background: colours[i] }} aria-hidden="true" />
          {l}
        </li>
      ))}
      <li>
        <HatchSwatch />
        hidden (“&lt; {k}”), their sum shown
      </li>
    </ul>
  );
}

const clip = (s: string, n = 44) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * One bar per row, each as a share of `total`, its label and count above
 * it; a hidden count is hatched up to the largest it can be (k − 1).
 */
export function CountBars({ bars, k, total, of }: { bars: Bar[]; k: number; total: number; of: string }) {
  const id = useId('hatch');
  const row = 42;
  return (
    <svg class="chart count-bars" role="img" aria-label={barsSpoken(bars, k, total, of)} width="100%" height={bars.length * row}>
      <defs>
        <Hatch id={id} />
      </defs>
      {bars.map((b, i) => {
        const y = i * row;
        return (
          <g key={b.label}>
            <text x="0" y={y + 14} class="chart-label">
              {clip(words(b.label))}: {b.count === null ? `< ${k}` : `${b.count} (${Math.round(b.share * 100)}%)`}
            </text>
            <rect x="0" y={y + 20} width="100%" height="14" fill="#eceff2" />
            {b.count === null ? (
              <rect x="0" y={y + 20} width={pc(b.upTo)} height="14" fill={`url(#${id})`} />
            ) : (
              <rect x="0" y={y + 20} width={pc(b.share)} height="14" class="bar-fill" />
            )}
            <rect x="0.5" y={y + 20.5} width="99.8%" height="13" fill="none" stroke="#8b939c" />
          </g>
        );
      })}
    </svg>
  );
}
