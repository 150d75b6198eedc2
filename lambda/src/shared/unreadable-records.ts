/**
 * Stored records that do not fit their type (an older shape, a hand edit, a wrong type anywhere): each one met is
 * logged by its key and the field that does not fit, never its content, and counted in a CloudWatch metric through
 * the log line itself (Embedded Metric Format), which the stack alarms on (`UnreadableRecordsAlarm`).
 *
 * One line is both the log entry and the metric, so the two cannot disagree, and no metrics library or flush is
 * needed: CloudWatch Logs extracts the metric from the `_aws` block of the line as it arrives.
 */
import type { AppLogger } from './logger';

/** What is said of a record that could not be read: never a value from it. */
export interface UnreadableRecord {
  /** `order`, `plan`, `plan-charge`, … */
  readonly recordType: string;
  /** The item's key (`order#<orderId>`, `plan#<planId>`, …), or `(no key)`. */
  readonly key: string;
  /** The field that does not fit (`plan.quote`, `order.userId`), or the record itself. */
  readonly field: string;
}

/** Where a store reports a record it could not read (and then skips in a listing, or refuses to act on). */
export type ReportUnreadable = (record: UnreadableRecord) => void;

export const METRICS_NAMESPACE = 'GreenHorizons';
export const UNREADABLE_RECORDS_METRIC = 'UnreadableRecords';

/**
 * Reports unreadable records as one WARN line each, carrying the `UnreadableRecords` metric (count 1) with the
 * dimension sets [TableName] (what the alarm watches) and [TableName, RecordType] (which kind it was).
 */
export function reportUnreadableRecords(
  logger: Pick<AppLogger, 'warn'>,
  options: { readonly tableName: string; readonly clock?: () => Date },
): ReportUnreadable {
  const clock = options.clock ?? (() => new Date());
  return (record) => {
    logger.warn('Unreadable record skipped', {
      event: 'unreadable-record',
      key: record.key,
      field: record.field,
      _aws: {
        Timestamp: clock().getTime(),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['TableName'], ['TableName', 'RecordType']],
            Metrics: [{ Name: UNREADABLE_RECORDS_METRIC, Unit: 'Count' }],
          },
        ],
      },
      TableName: options.tableName,
      RecordType: record.recordType,
      [UNREADABLE_RECORDS_METRIC]: 1,
    });
  };
}

/** For stores built without a reporter (unit tests): nothing is said. */
export const IGNORE_UNREADABLE: ReportUnreadable = () => {};
