// What each matching weight means, in one line a coordinator can act on
// (docs/matching.md, "How a pair is scored").
import type { Facet, Weights } from '../api/types';

export const FACET_LABELS: Record<Facet, string> = {
  interests: 'Interests',
  specialties: 'Specialties',
  goals: 'Career goals',
  experience: 'Experience',
  background: 'Background',
  language: 'Language',
  availability: 'Availability',
  preference: 'Stated preference',
};

export const FACET_EXPLANATIONS: Record<Facet, string> = {
  interests: "Share of the mentee's interests the mentor also has (a closely related topic counts half).",
  specialties: "Share of the mentee's specialties the mentor also practises.",
  goals: "Share of the mentee's career goals that the mentor pursues too.",
  experience: 'How much more senior the mentor is: full credit at two career stages or ten years ahead.',
  background:
    'Same background on what the mentee asked to be matched on (e.g. gender); nothing when they asked for nothing.',
  language: 'Full credit when the two share a language.',
  availability: 'Weekly hours both are free, compared in UTC: full credit from two hours a week.',
  preference: 'How high each person ranked the other in their own list of preferred partners.',
};

export const DEFAULT_WEIGHTS: Weights = {
  interests: 30,
  specialties: 15,
  goals: 15,
  experience: 10,
  background: 10,
  language: 5,
  availability: 10,
  preference: 5,
};

export const WEIGHT_MIN = 0;
export const WEIGHT_MAX = 100;

/** Clamps a typed or dragged weight into [0, 100] whole points; non-numbers become 0. */
export function clampWeight(value: number): number {
  if (!Number.isFinite(value)) return WEIGHT_MIN;
  return Math.min(WEIGHT_MAX, Math.max(WEIGHT_MIN, Math.round(value)));
}

export function weightSum(w: Partial<Weights>): number {
  return Object.values(w).reduce<number>((a, b) => a + (Number(b) || 0), 0);
}

/** Colour per facet for breakdown bars (each at least 3:1 against white for the non-text contrast rule). */
export const FACET_COLORS: Record<string, string> = {
  interests: '#1f5f99',
  specialties: '#2e7d32',
  goals: '#8a4b00',
  experience: '#6a3d9a',
  background: '#b0265e',
  language: '#00695c',
  availability: '#b23c17',
  preference: '#4e5b6a',
  given: '#1f5f99',
};

export function facetLabel(f: string): string {
  return (FACET_LABELS as Record<string, string>)[f] ?? f.charAt(0).toUpperCase() + f.slice(1);
}
