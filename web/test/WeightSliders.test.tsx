import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { WeightSliders } from '../src/components/WeightSliders';
import { DEFAULT_WEIGHTS, FACET_EXPLANATIONS, FACET_LABELS, clampWeight, weightSum } from '../src/lib/facets';
import { FACETS, type Weights } from '../src/api/types';

function Controlled({ onChange, errors }: { onChange?: (w: Weights) => void; errors?: Partial<Record<keyof Weights, string>> }) {
  const [w, setW] = useState<Weights>({ ...DEFAULT_WEIGHTS });
  return (
    <WeightSliders
      value={w}
      errors={errors}
      onChange={(n) => {
        setW(n);
        onChange?.(n);
      }}
    />
  );
}

describe('weights', () => {
  it('default weights sum to 100 (a perfect pair scores 100)', () => {
    expect(weightSum(DEFAULT_WEIGHTS)).toBe(100);
  });
  it('clamps to whole points within 0..100', () => {
    const cases: [number, number][] = [
      [-5, 0],
      [0, 0],
      [42.4, 42],
      [42.6, 43],
      [100, 100],
      [250, 100],
      [NaN, 0],
      [Infinity, 0],
    ];
    for (const [input, want] of cases) expect(clampWeight(input), `clampWeight(${input})`).toBe(want);
  });
});

describe('WeightSliders', () => {
  it('has a labelled slider and a one-line explanation for every facet', () => {
    render(<Controlled />);
    for (const f of FACETS) {
      const slider = screen.getByRole('slider', { name: FACET_LABELS[f] });
      expect(slider.getAttribute('min')).toBe('0');
      expect(slider.getAttribute('max')).toBe('100');
      const described = slider.getAttribute('aria-describedby')!.split(' ')[0];
      expect(document.getElementById(described)!.textContent).toBe(FACET_EXPLANATIONS[f]);
      expect(FACET_EXPLANATIONS[f].length).toBeLessThan(130);
    }
    expect(screen.getByTestId('weight-sum').textContent).toBe('100');
  });

  it('updates the sum when a slider moves', () => {
    const onChange = vi.fn();
    render(<Controlled onChange={onChange} />);
    fireEvent.input(screen.getByRole('slider', { name: 'Interests' }), { target: { value: '50' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_WEIGHTS, interests: 50 });
    expect(screen.getByTestId('weight-sum').textContent).toBe('120');
  });

  it('keeps typed numbers within bounds', () => {
    const onChange = vi.fn();
    render(<Controlled onChange={onChange} />);
    const box = screen.getByRole('spinbutton', { name: 'Language points' });
    fireEvent.change(box, { target: { value: '500' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_WEIGHTS, language: 100 });
    fireEvent.change(box, { target: { value: '-3' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_WEIGHTS, language: 0 });
    fireEvent.change(box, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...DEFAULT_WEIGHTS, language: 0 });
    expect(screen.getByTestId('weight-sum').textContent).toBe('95');
  });

  it('warns when every weight is zero', () => {
    const zero = Object.fromEntries(FACETS.map((f) => [f, 0])) as Weights;
    render(<WeightSliders value={zero} onChange={() => {}} />);
    expect(screen.getByText(/all pairs score the same/)).toBeTruthy();
  });

  it('shows an API error next to its facet', () => {
    render(<Controlled errors={{ availability: 'must be between 0 and 100' }} />);
    const slider = screen.getByRole('slider', { name: 'Availability' });
    const ids = slider.getAttribute('aria-describedby')!.split(' ');
    expect(ids.map((id) => document.getElementById(id)!.textContent)).toContain('must be between 0 and 100');
  });
});
