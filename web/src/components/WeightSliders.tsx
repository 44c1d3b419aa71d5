// The eight matching weights as sliders, each with a number box and one line
// saying what it rewards. The sum is the score of a perfect pair.
import { FACETS, type Facet, type Weights } from '../api/types';
import { FACET_EXPLANATIONS, FACET_LABELS, WEIGHT_MAX, WEIGHT_MIN, clampWeight, weightSum } from '../lib/facets';
import { useId } from './ui';

export interface WeightSlidersProps {
  value: Weights;
  onChange: (w: Weights) => void;
  /** Error from the API for a weights.<facet> field. */
  errors?: Partial<Record<Facet, string>>;
  disabled?: boolean;
  /** Points the program's intake questions add to a perfect pair (shown in the total). */
  extraPoints?: number;
}

export function WeightSliders({ value, onChange, errors = {}, disabled, extraPoints = 0 }: WeightSlidersProps) {
  const base = useId('w');
  const sum = weightSum(value);
  const set = (f: Facet, v: number) => onChange({ ...value, [f]: clampWeight(v) });
  return (
    <fieldset class="weights" disabled={disabled}>
      <legend>Matching weights</legend>
      <p class="hint">
        Each weight is the most points a pair can earn on that facet. A perfect pair scores the sum:{' '}
        <strong data-testid="weight-sum">{sum + extraPoints}</strong> points{extraPoints > 0 && ` (${sum} from these weights, ${extraPoints} from the program's questions)`}.
        {sum === 0 && ' With every weight at 0 all pairs score the same, so matching cannot tell them apart.'}
      </p>
      {FACETS.map((f) => {
        const id = `${base}-${f}`;
        const err = errors[f];
        const share = sum > 0 ? Math.round(((value[f] ?? 0) / sum) * 100) : 0;
        return (
          <div class={`weight${err ? ' field-invalid' : ''}`} key={f}>
            <label for={id}>{FACET_LABELS[f]}</label>
            <input
              id={id}
              type="range"
              min={WEIGHT_MIN}
              max={WEIGHT_MAX}
              step={1}
              value={value[f] ?? 0}
              aria-describedby={`${id}-explain${err ? ` ${id}-err` : ''}`}
              aria-valuetext={`${value[f] ?? 0} points`}
              onInput={(e) => set(f, Number((e.target as HTMLInputElement).value))}
            />
            <input
              type="number"
              class="weight-number"
              min={WEIGHT_MIN}
              max={WEIGHT_MAX}
              step={1}
              value={value[f] ?? 0}
              aria-label={`${FACET_LABELS[f]} points`}
              onChange={(e) => set(f, Number((e.target as HTMLInputElement).value))}
            />
            <span class="weight-share" aria-hidden="true">
              {share}%
            </span>
            <p class="hint weight-explain" id={`${id}-explain`}>
              {FACET_EXPLANATIONS[f]}
            </p>
            {err && (
              <p class="field-error" id={`${id}-err`}>
                {err}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
