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
 * Listing (the monthly job, fulfilment retries) is a Scan filtered on `kind` and `status`: it reads the whole table,
 * which is fine at this project's size. A larger deployment would add a sparse GSI on `kind`+`status`.
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
import { canonicalJson } from '../../../shared/dynamodb-persistence-adapter';
import type { MonthlyCharge, MonthlyChargeStatus } from '../domain/monthly-charges';
import type { MonthlyPlan, MonthlyPlanStatus, MonthlyPlanTransition } from '../domain/monthly-plan';
import type { OffsetOrder, OrderStatus, OrderTransition } from '../domain/order';
import { MonthlyPlanNotFoundError, OffsetConflictError, type OffsetStore, OrderNotFoundError } from '../ports';
import { parseMonthlyCharge, parseMonthlyPlan, parseOrder } from './offset-records';

export interface DynamoDbOffsetStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Reads and re-applications on concurrent writes before giving up (default 4). */
  readonly maxAttempts?: number;
}

type Kind = 'order' | 'plan' | 'plan-charge';

interface Versioned<T> {
  readonly value: T | undefined;
  readonly version: number | undefined;
}

interface Change<T, R> {
  /** The record to save; undefined or equal to the current one writes nothing. */
  readonly next: T | undefined;
  readonly result: R;
}

const orderKey = (orderId: string) => `order#${orderId}`;
const planKey = (planId: string) => `plan#${planId}`;
const chargeKey = (planId: string, month: string) => `plan-charge#${planId}#${month}`;

/** Plain JSON with undefined fields dropped: what is stored, and what two records are compared by. */
function plain(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

export class DynamoDbOffsetStore implements OffsetStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly maxAttempts: number;

  constructor(options: DynamoDbOffsetStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.maxAttempts = options.maxAttempts ?? 4;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Orders

  /** The order, or undefined when there is none (or, with `userId`, when it is another customer's). */
  async getOrder(orderId: string, userId?: string): Promise<OffsetOrder | undefined> {
    const order = (await this.read(orderKey(orderId), parseOrder)).value;
    return order && (userId === undefined || order.userId === userId) ? order : undefined;
  }

  /** Saves a new order; throws OffsetConflictError if the ID is taken. */
  async createOrder(order: OffsetOrder): Promise<void> {
    const created = await this.change(orderKey(order.orderId), 'order', parseOrder, (current) => ({
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
    return this.change(orderKey(orderId), 'order', parseOrder, (current) => {
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
    return (await this.scan('order', statuses)).map(parseOrder);
  }

  /** Orders whose charge was started and not decided. */
  async listOrdersAwaitingPayment(): Promise<OffsetOrder[]> {
    const statuses: OrderStatus[] = ['charging', 'awaiting-authentication'];
    return (await this.scan('order', statuses)).map(parseOrder);
  }

  /** Paid card orders whose confirmation email has not gone out. */
  async listOrdersToEmail(): Promise<OffsetOrder[]> {
    const statuses: OrderStatus[] = ['charged', 'fulfilment-pending', 'fulfilled'];
    return (
      await this.scan('order', statuses, 'AND #rail = :rail AND attribute_not_exists(#emailed)', {
        names: { '#rail': 'rail', '#emailed': 'emailedAt' },
        values: { ':rail': 'linked-card' },
      })
    ).map(parseOrder);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Plans

  async getMonthlyPlan(planId: string, userId?: string): Promise<MonthlyPlan | undefined> {
    const plan = (await this.read(planKey(planId), parseMonthlyPlan)).value;
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
    return this.change(planKey(planId), 'plan', parseMonthlyPlan, (current) => {
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
    return (await this.scan('plan', statuses)).map(parseMonthlyPlan);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Monthly charges

  async getMonthlyCharge(planId: string, month: string): Promise<MonthlyCharge | undefined> {
    return (await this.read(chargeKey(planId, month), parseMonthlyCharge)).value;
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
    return this.change(chargeKey(planId, month), 'plan-charge', parseMonthlyCharge, (current) => {
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
    return (await this.scan('plan-charge', statuses)).map(parseMonthlyCharge);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private async read<T>(id: string, parse: (raw: unknown) => T): Promise<Versioned<T>> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ id }), ConsistentRead: true }),
    );
    if (!Item) return { value: undefined, version: undefined };
    const raw = unmarshall(Item);
    return { value: parse(raw), version: typeof raw.version === 'number' ? raw.version : undefined };
  }

  private async change<T extends object, R>(
    id: string,
    kind: Kind,
    parse: (raw: unknown) => T,
    transition: (current: T | undefined) => Change<T, R>,
  ): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      const { value, version } = await this.read(id, parse);
      const { next, result } = transition(value);
      if (next === undefined || (value !== undefined && canonicalJson(plain(next)) === canonicalJson(plain(value)))) {
        return result;
      }
      try {
        await this.write(id, kind, next, value === undefined ? undefined : (version ?? 0));
        return result;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (attempt >= this.maxAttempts) {
          throw new OffsetConflictError(`Gave up on ${kind} after ${attempt} concurrent changes`, { cause: error });
        }
      }
    }
  }

  /** Puts the record if the stored version is still `expected` (undefined: if there is no item yet). */
  private async write(id: string, kind: Kind, value: object, expected: number | undefined): Promise<void> {
    const item = { ...plain(value), id, kind, version: (expected ?? 0) + 1 };
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(item, { removeUndefinedValues: true }),
        ...(expected === undefined
          ? { ConditionExpression: 'attribute_not_exists(id)' }
          : {
              ConditionExpression: '#v = :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: marshall({ ':v': expected }),
            }),
      }),
    );
  }

  private async scan(
    kind: Kind,
    statuses: readonly string[],
    extraFilter = '',
    extra: { names: Record<string, string>; values: Record<string, string> } = { names: {}, values: {} },
  ): Promise<Record<string, unknown>[]> {
    const names = statuses.map((_, index) => `:s${index}`);
    const values: Record<string, string> = { ':k': kind, ...extra.values };
    statuses.forEach((status, index) => {
      values[`:s${index}`] = status;
    });
    const items: Record<string, unknown>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: `#k = :k AND #s IN (${names.join(', ')}) ${extraFilter}`.trim(),
          ExpressionAttributeNames: { '#k': 'kind', '#s': 'status', ...extra.names },
          ExpressionAttributeValues: marshall(values),
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) items.push(unmarshall(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
