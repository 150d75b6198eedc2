/** Small helpers for English sentences, shared by every feature's messages. */

/** "and" before the last item: "A, B or C". */
export function listOf(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1) ?? ''}`;
}
