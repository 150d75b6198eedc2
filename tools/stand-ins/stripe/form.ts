/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys (`metadata[account]=…`,
 * `expand[]=setup_intent`, `payment_method_types[0]=card`), decoded into nested objects and arrays.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

function segments(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  for (const match of key.slice(first).matchAll(/\[([^\]]*)\]/g)) parts.push(match[1] ?? '');
  return parts;
}

function assign(target: FormObject | FormValue[], path: readonly string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (Array.isArray(target)) {
    const index = head === '' ? target.length : Number(head);
    if (!Number.isInteger(index) || index < 0 || index > 1000) throw new RangeError(`bad array index ${head}`);
    if (rest.length === 0) {
      target[index] = value;
      return;
    }
    const existing = target[index];
    const child =
      existing !== undefined && typeof existing === 'object'
        ? existing
        : rest[0] === '' || /^\d+$/.test(rest[0] ?? '')
          ? []
          : {};
    target[index] = child;
    assign(child, rest, value);
    return;
  }
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const existing = target[head];
  const child =
    existing !== undefined && typeof existing === 'object'
      ? existing
      : rest[0] === '' || /^\d+$/.test(rest[0] ?? '')
        ? []
        : {};
  target[head] = child;
  assign(child, rest, value);
}

export function decodeStripeForm(encoded: string): FormObject {
  const result: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) assign(result, segments(key), value);
  return result;
}

/** A canonical string of a decoded body: the same parameters in any order give the same string. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
