/** The estimate log: every estimate for about a year, bounded (what Plus reports and Reduction Plans read). */
import type { RecordedEstimate } from './footprints';

const LOG_LIMIT = 200;
const LOG_DAYS = 400;

/** Appends an estimate, keeping at most about a year and a bounded number of entries. */
export function appendToLog(
  log: readonly RecordedEstimate[],
  estimate: RecordedEstimate,
  now: Date,
): RecordedEstimate[] {
  const oldest = now.getTime() - LOG_DAYS * 24 * 60 * 60 * 1000;
  return [...log, estimate].filter((entry) => Date.parse(entry.at) >= oldest).slice(-LOG_LIMIT);
}

/** The calendar month (UTC) of an instant: YYYY-MM. */
export function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function estimatesThisMonth(log: readonly RecordedEstimate[], now: Date): number {
  const month = monthKey(now);
  return log.filter((entry) => entry.at.slice(0, 7) === month).length;
}
