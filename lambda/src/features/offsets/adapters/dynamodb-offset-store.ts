/**
 * Orders, plans and monthly charges in the customer-state table (partition key `id`), next to the customer items:
 *
 *   order#<orderId>                  kind "order"        one-off order (userId attribute: the Alexa user ID)
 *   plan#<planId>                    kind "plan"         the customer's monthly plan (planId derives from the user ID)
 *   plan-charge#<planId>#<YYYY-MM>   kind "plan-charge"  one month's charge of a plan
 *
 * Never the Amazon Pay buyer ID, names, emails, addresses or card details: the domain types have no field for them
 * (a card order keeps the linked account's ID and Stripe's customer and payment-method IDs, which say which card, not
 * what is on it).
 *
 * Every change is a pure transition applied with a conditional write on the item's `version` (or on its absence).
 * When another request wrote first, the store re-reads and applies the transition again to the fresh record — which,
 * for a second yes or a replayed response, yields "nothing new". Effects are returned only after the write
 * succeeded, so exactly one caller ever gets the effect "send Charge".
 *
 * Idempotent under a lost answer (item 4 of issue 10), by the customer store's own mechanism (shared/customer-store.ts):
 * each write carries its write ID (the request's ID and the change's number, `appliedWrites` on the item, the last few
 * kept). When a write's answer is lost (a timeout, a broken connection, a 5xx, or the SDK's own retry meeting the
 * version it had just written), the store re-reads: if the item carries this change's ID, the change is done and its
 * result (its effect) is returned; it is never applied a second time.
 *
 * Every call ends by the turn's deadline (`within`), raced like the persistence adapter's: the client's own request
 * timeout ends an attempt in flight.
 *
 * Listing (the monthly job, fulfilment retries) is a Scan filtered on `kind` and `status`: it reads the whole table,
 * which is fine at this project's size. A larger deployment would add a sparse GSI on `kind`+`status`.
 *
 * Every item is read through its record type's schema (offset-records.ts). One that does not fit is reported
 * (`onUnreadable`: its key and field, never its content; a log line and a metric) and then left out of a listing, so
 * the rest are still charged and fulfilled, or refused when read on its own (CorruptOffsetRecordError).
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  APPLIED_WRITES_KEY,
  appliedWrites,
  lazyWriteIds,
  mayHaveLanded,
  type WriteIds,
  withAppliedWrite,
} from '../../../shared/customer-store';
import { type Deadline, NO_DEADLINE } from '../../../shared/deadline';
import { canonicalJson } from '../../../shared/dynamodb-persistence-adapter';
import { IGNORE_UNREADABLE, type ReportUnreadable } from '../../../shared/unreadable-records';
import type { MonthlyCharge, MonthlyChargeStatus } from '../domain/monthly-charges';
import type { MonthlyPlan, MonthlyPlanStatus, MonthlyPlanTransition } from '../domain/monthly-plan';
import type { OffsetOrder, OrderStatus, OrderTransition } from '../domain/order';
import {
  CorruptOffsetRecordError,
  MonthlyPlanNotFoundError,
  OffsetConflictError,
  type OffsetStore,
  type OffsetStoreTurn,
  OrderNotFoundError,
} from '../ports';
import {
  chargeKey,
  type OffsetRecordSchema,
  type OffsetRecordType,
  ORDER_RECORD,
  orderKey,
  PLAN_CHARGE_RECORD,
  PLAN_RECORD,
  planKey,
  readRecord,
} from './offset-records';

export interface DynamoDbOffsetStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Reads and re-applications on concurrent writes before giving up (default 4). */
  readonly maxAttempts?: number;
  /** Told of every record that does not fit its type (app/: a log line and the UnreadableRecords metric). */
  readonly onUnreadable?: ReportUnreadable;
  /** The turn's deadline (none: the scheduled job). */
  readonly deadline?: Deadline;
  /** The request's write IDs (none: a random request ID of the store's own). */
  readonly writeIds?: () => WriteIds;
}

type Kind = OffsetRecordType;

interface Versioned<T> {
  readonly value: T | undefined;
  readonly version: number | undefined;
  /** The IDs of the last writes applied to the item. */
  readonly applied: readonly string[];
}

interface Change<T, R> {
  /** The record to save; undefined or equal to the current one writes nothing. */
  readonly next: T | undefined;
  readonly result: R;
}

/** Plain JSON with undefined fields dropped: what is stored, and what two records are compared by. */
function plain(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

export class DynamoDbOffsetStore implements OffsetStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly maxAttempts: number;
  private readonly onUnreadable: ReportUnreadable;
  private readonly deadline: Deadline;
  private readonly writeIds: () => WriteIds;

  constructor(private readonly options: DynamoDbOffsetStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.onUnreadable = options.onUnreadable ?? IGNORE_UNREADABLE;
    this.deadline = options.deadline ?? NO_DEADLINE;
    this.writeIds = options.writeIds ?? lazyWriteIds();
  }

  /** The store for one turn: its calls end by the turn's deadline, its writes carry the request's write IDs. */
  within(turn: OffsetStoreTurn): DynamoDbOffsetStore {
    return new DynamoDbOffsetStore({ ...this.options, deadline: turn.deadline, writeIds: turn.writeIds });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Orders

  /** The order, or undefined when there is none (or, with `userId`, when it is another customer's). */
  async getOrder(orderId: string, userId?: string): Promise<OffsetOrder | undefined> {
    const order = (await this.read(orderKey(orderId), ORDER_RECORD)).value;
    return order && (userId === undefined || order.userId === userId) ? order : undefined;
  }

  /** Saves a new order; throws OffsetConflictError if the ID is taken. */
  async createOrder(order: OffsetOrder): Promise<void> {
    const created = await this.change(orderKey(order.orderId), ORDER_RECORD, (current) => ({
      next: current ? undefined : order,
      result: current === undefined,
    }));
    if (!created) throw new OffsetConflictError('An order with this ID exists already');
  }

  /**
   * Applies a transition to the stored order and returns it once saved. With `userId`, an order of another customer
   * counts as missing. Throws OrderNotFoundError when there is no such order.
   */
  async updateOrder(
    orderId: string,
    transition: (order: OffsetOrder) => OrderTransition,
    userId?: string,
  ): Promise<OrderTransition> {
    return this.change(orderKey(orderId), ORDER_RECORD, (current) => {
      if (!current || (userId !== undefined && current.userId !== userId)) {
        throw new OrderNotFoundError('No such order for this customer');
      }
      const next = transition(current);
      return { next: next.order, result: next };
    });
  }

  /** Charged orders whose retirement has not been recorded yet. */
  async listOrdersAwaitingFulfilment(): Promise<OffsetOrder[]> {
    const statuses: OrderStatus[] = ['charged', 'fulfilment-pending'];
    return this.scan(ORDER_RECORD, statuses);
  }

  /** Orders whose charge was started and not decided. */
  async listOrdersAwaitingPayment(): Promise<OffsetOrder[]> {
    const statuses: OrderStatus[] = ['charging', 'awaiting-authentication', 'review'];
    return this.scan(ORDER_RECORD, statuses);
  }

  /** Orders read back and not answered yet. */
  async listOrdersAwaitingConfirmation(): Promise<OffsetOrder[]> {
    const statuses: OrderStatus[] = ['quoted'];
    return this.scan(ORDER_RECORD, statuses);
  }

  /** Paid card orders whose confirmation email has not gone out. */
  async listOrdersToEmail(): Promise<OffsetOrder[]> {
    const statuses: OrderStatus[] = ['charged', 'fulfilment-pending', 'fulfilled'];
    return this.scan(ORDER_RECORD, statuses, 'AND #rail = :rail AND attribute_not_exists(#emailed)', {
      names: { '#rail': 'rail', '#emailed': 'emailedAt' },
      values: { ':rail': 'linked-card' },
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Plans

  async getMonthlyPlan(planId: string, userId?: string): Promise<MonthlyPlan | undefined> {
    const plan = (await this.read(planKey(planId), PLAN_RECORD)).value;
    return plan && (userId === undefined || plan.userId === userId) ? plan : undefined;
  }

  /**
   * Applies a transition to the plan (`undefined` when there is none yet: `startMonthlyPlan` creates it). With `userId`, a
   * plan of another customer is refused.
   */
  async updateMonthlyPlan(
    planId: string,
    transition: (plan: MonthlyPlan | undefined) => MonthlyPlanTransition,
    userId?: string,
  ): Promise<MonthlyPlanTransition> {
    return this.change(planKey(planId), PLAN_RECORD, (current) => {
      if (current && userId !== undefined && current.userId !== userId) {
        throw new MonthlyPlanNotFoundError('No such plan for this customer');
      }
      const next = transition(current);
      if (next.plan.planId !== planId) throw new RangeError('A transition cannot change the plan ID');
      return { next: next.plan, result: next };
    });
  }

  async listActiveMonthlyPlans(): Promise<MonthlyPlan[]> {
    const statuses: MonthlyPlanStatus[] = ['active'];
    return this.scan(PLAN_RECORD, statuses);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Monthly charges

  async getMonthlyCharge(planId: string, month: string): Promise<MonthlyCharge | undefined> {
    return (await this.read(chargeKey(planId, month), PLAN_CHARGE_RECORD)).value;
  }

  /** Applies a change to one month's charge record (`undefined` when there is none yet). */
  async updateMonthlyCharge<R>(
    planId: string,
    month: string,
    transition: (charge: MonthlyCharge | undefined) => {
      readonly charge: MonthlyCharge | undefined;
      readonly result: R;
    },
  ): Promise<R> {
    return this.change(chargeKey(planId, month), PLAN_CHARGE_RECORD, (current) => {
      const next = transition(current);
      if (next.charge && (next.charge.planId !== planId || next.charge.month !== month)) {
        throw new RangeError('A transition cannot move a charge to another plan or month');
      }
      return { next: next.charge, result: next.result };
    });
  }

  /** Monthly charges taken whose retirement has not been recorded yet. */
  async listChargesAwaitingFulfilment(): Promise<MonthlyCharge[]> {
    const statuses: MonthlyChargeStatus[] = ['charged', 'fulfilment-pending'];
    return this.scan(PLAN_CHARGE_RECORD, statuses);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** The record under `id`, read through its schema; one that does not fit is reported and refused. */
  private async read<T>(id: string, schema: OffsetRecordSchema<T>): Promise<Versioned<T>> {
    const { Item } = await this.deadline.race(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall({ id }), ConsistentRead: true })),
    );
    if (!Item) return { value: undefined, version: undefined, applied: [] };
    const raw = unmarshall(Item);
    const read = readRecord(schema, raw);
    if (read.ok) return { value: read.value, version: read.version, applied: appliedWrites(raw[APPLIED_WRITES_KEY]) };
    this.onUnreadable(read.problem);
    throw new CorruptOffsetRecordError(
      `The ${schema.recordType} record does not fit at ${read.problem.field}`,
      read.problem.field,
    );
  }

  private async change<T extends object, R>(
    id: string,
    schema: OffsetRecordSchema<T>,
    transition: (current: T | undefined) => Change<T, R>,
  ): Promise<R> {
    const kind = schema.recordType;
    const writeId = this.writeIds().next();
    /** What the write last sent decided: if the item carries `writeId`, that write landed. */
    let sent: { readonly result: R } | undefined;
    for (let attempt = 1; ; attempt++) {
      const { value, version, applied } = await this.read(id, schema);
      if (sent && applied.includes(writeId)) return sent.result;
      const { next, result } = transition(value);
      if (next === undefined || (value !== undefined && canonicalJson(plain(next)) === canonicalJson(plain(value)))) {
        return result;
      }
      sent = { result };
      try {
        await this.write(id, kind, next, value === undefined ? undefined : (version ?? 0), [
          ...withAppliedWrite(applied, writeId),
        ]);
        return result;
      } catch (error) {
        const conflict = error instanceof ConditionalCheckFailedException;
        if (!conflict && !mayHaveLanded(error)) throw error;
        if (attempt >= this.maxAttempts) {
          throw conflict
            ? new OffsetConflictError(`Gave up on ${kind} after ${attempt} concurrent changes`, { cause: error })
            : error;
        }
      }
    }
  }

  /** Puts the record if the stored version is still `expected` (undefined: if there is no item yet). */
  private async write(
    id: string,
    kind: Kind,
    value: object,
    expected: number | undefined,
    applied: readonly string[],
  ): Promise<void> {
    const item = { ...plain(value), id, kind, version: (expected ?? 0) + 1, [APPLIED_WRITES_KEY]: applied };
    const command = new PutItemCommand({
      TableName: this.tableName,
      Item: marshall(item, { removeUndefinedValues: true }),
      ...(expected === undefined
        ? { ConditionExpression: 'attribute_not_exists(id)' }
        : {
            ConditionExpression: '#v = :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: marshall({ ':v': expected }),
          }),
    });
    await this.deadline.race(() => this.client.send(command));
  }

  /**
   * The records of one type in these statuses, each read through its schema: one that does not fit is reported and
   * left out, so one corrupt record never keeps the others from being listed.
   */
  private async scan<T>(
    schema: OffsetRecordSchema<T>,
    statuses: readonly string[],
    extraFilter = '',
    extra: { names: Record<string, string>; values: Record<string, string> } = { names: {}, values: {} },
  ): Promise<T[]> {
    const kind = schema.recordType;
    const names = statuses.map((_, index) => `:s${index}`);
    const values: Record<string, string> = { ':k': kind, ...extra.values };
    statuses.forEach((status, index) => {
      values[`:s${index}`] = status;
    });
    const records: T[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const command = new ScanCommand({
        TableName: this.tableName,
        FilterExpression: `#k = :k AND #s IN (${names.join(', ')}) ${extraFilter}`.trim(),
        ExpressionAttributeNames: { '#k': 'kind', '#s': 'status', ...extra.names },
        ExpressionAttributeValues: marshall(values),
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      const page = await this.deadline.race(() => this.client.send(command));
      for (const item of page.Items ?? []) {
        const read = readRecord(schema, unmarshall(item));
        if (read.ok) records.push(read.value);
        else this.onUnreadable(read.problem);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return records;
  }
}
