/**
 * Looking things up by the request's locale. The locale is whatever the request says, so a plain `table[locale]`
 * would find `Object.prototype`'s members for `constructor`, `__proto__` or `toString`: only the table's own entries
 * count here.
 */
export function byLocale<T>(table: Readonly<Record<string, T>>, locale: string | undefined, fallback: T): T {
  return locale !== undefined && Object.hasOwn(table, locale) ? (table[locale] ?? fallback) : fallback;
}
