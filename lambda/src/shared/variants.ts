/** One or more ways to say the same thing; the first is the canonical wording. */
export type Variants = readonly [string, ...string[]];

/** A source of numbers in [0, 1): Math.random in production, a seeded sequence in tests. */
export type Random = () => number;

export function pick(variants: Variants, random: Random): string {
  const index = Math.min(variants.length - 1, Math.floor(random() * variants.length));
  return variants[index] ?? variants[0];
}
