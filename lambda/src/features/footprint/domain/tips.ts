/**
 * Eco tips: the next tip is drawn at random from all but the one the customer heard last, so the same tip never
 * comes twice in a row (across sessions too: the last tip is kept in the customer's state).
 */
export function nextTipIndex(tipCount: number, lastIndex: number | undefined, random: () => number): number {
  if (!Number.isInteger(tipCount) || tipCount < 1) throw new RangeError('There must be at least one tip');
  if (tipCount === 1) return 0;
  const excluded = lastIndex !== undefined && lastIndex >= 0 && lastIndex < tipCount ? lastIndex : undefined;
  const choices = excluded === undefined ? tipCount : tipCount - 1;
  const drawn = Math.min(choices - 1, Math.floor(random() * choices));
  return excluded !== undefined && drawn >= excluded ? drawn + 1 : drawn;
}
