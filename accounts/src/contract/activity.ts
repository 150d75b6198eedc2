/**
 * Orders and the monthly plan of an account, as the account page lists them. The skill (card rail) records them
 * here as they change; the page adds what the customer asks for: a refund request, a plan cancellation.
 *
 * Each side writes only its own fields with UpdateItem, so neither overwrites the other:
 * - `recordOrder` / `recordPlan` (skill) set the order's or plan's own fields, guarded by `revision` so a stale
 *   write is ignored; `recordPlan` never reactivates a plan the customer cancelled on the page, unless the write
 *   is for a plan started after that cancellation.
 * - `requestRefund` / `cancelPlan` (page) are conditional on the current state.
 * - `settleRefund` (skill, after Stripe's refund API) closes a requested refund.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AccountOrder,
  type AccountOrderInput,
  type AccountPlan,
  type AccountPlanInput,
  isMoney,
  parseAccountOrder,
  parseAccountPlan,
  REFUNDABLE_ORDER_STATUSES,
} from './records';
import { accountItems, itemKeys } from './table';

export type RecordResult = 'recorded' | 'stale';

export type RefundRequestResult = 'requested' | 'not-refundable' | 'already-requested' | 'no-such-order';

export interface AccountActivityOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly clock?: () => Date;
}

/** Drops undefined fields: what DynamoDB stores. */
function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** An UpdateItem that SETs each field given and REMOVEs each field passed as undefined. */
function setAndRemove(fields: Record<string, unknown>, extraSet: readonly string[] = []) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [...extraSet];
  const removes: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    names[`#${field}`] = field;
    if (value === undefined) {
      removes.push(`#${field}`);
    } else {
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
  }
  const expression = [`SET ${sets.join(', ')}`, removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  return { expression, names, values };
}

function checkOrder(order: AccountOrderInput): void {
  const ok =
    /^[A-Za-z0-9_-]{1,64}$/.test(order.orderId) &&
    Number.isSafeInteger(order.revision) &&
    order.revision > 0 &&
    Number.isSafeInteger(order.kilograms) &&
    order.kilograms >= 0 &&
    [order.net, order.tax, order.total].every(isMoney) &&
    order.description.length > 0 &&
    order.description.length <= 200 &&
    !Number.isNaN(Date.parse(order.createdAt));
  if (!ok) throw new RangeError('Not a valid order record');
}

function checkPlan(plan: AccountPlanInput): void {
  const ok =
    /^[A-Za-z0-9_-]{1,64}$/.test(plan.planId) &&
    Number.isSafeInteger(plan.revision) &&
    plan.revision > 0 &&
    Number.isSafeInteger(plan.kilogramsPerMonth) &&
    isMoney(plan.monthlyTotal) &&
    !Number.isNaN(Date.parse(plan.startedAt)) &&
    (plan.nextChargeOn === undefined || /^\d{4}-\d{2}-\d{2}$/.test(plan.nextChargeOn));
  if (!ok) throw new RangeError('Not a valid plan record');
}

export class AccountActivity {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: () => Date;

  constructor(options: AccountActivityOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? (() => new Date());
  }

  private async conditional(command: UpdateItemCommand): Promise<boolean> {
    try {
      await this.client.send(command);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Records (creates or updates) an order of the account; `stale` when a newer revision is stored. */
  async recordOrder(accountId: string, order: AccountOrderInput): Promise<RecordResult> {
    checkOrder(order);
    const update = setAndRemove(
      {
        itemType: 'order',
        accountId,
        orderId: order.orderId,
        revision: order.revision,
        status: order.status,
        description: order.description,
        kilograms: order.kilograms,
        net: order.net,
        tax: order.tax,
        total: order.total,
        updatedAt: this.clock().toISOString(),
        certificateId: order.certificateId,
        certificateUrl: order.certificateUrl,
        paymentIntentId: order.paymentIntentId,
        nextActionUrl: order.nextActionUrl,
      },
      ['#createdAt = if_not_exists(#createdAt, :createdAt)'],
    );
    const recorded = await this.conditional(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(itemKeys.order(accountId, order.orderId)),
        UpdateExpression: update.expression,
        ConditionExpression: 'attribute_not_exists(#revision) OR #revision < :revision',
        ExpressionAttributeNames: { ...update.names, '#createdAt': 'createdAt' },
        ExpressionAttributeValues: marshall({ ...update.values, ':createdAt': order.createdAt }),
      }),
    );
    return recorded ? 'recorded' : 'stale';
  }

  async getOrder(accountId: string, orderId: string): Promise<AccountOrder | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(itemKeys.order(accountId, orderId)),
        ConsistentRead: true,
      }),
    );
    return Item ? parseAccountOrder(unmarshall(Item)) : undefined;
  }

  /** The account's orders, newest first. */
  async listOrders(accountId: string): Promise<AccountOrder[]> {
    const items: Record<string, AttributeValue>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: marshall({
            ':pk': accountItems.partition(accountId),
            ':prefix': accountItems.orderPrefix,
          }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items
      .map((item) => parseAccountOrder(unmarshall(item)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The customer asks for a refund on the account page (once per order, for paid or completed orders). */
  async requestRefund(accountId: string, orderId: string, reason: string | undefined): Promise<RefundRequestResult> {
    const order = await this.getOrder(accountId, orderId);
    if (!order) return 'no-such-order';
    if (order.refund) return 'already-requested';
    if (!REFUNDABLE_ORDER_STATUSES.includes(order.status)) return 'not-refundable';
    const refund = defined({
      status: 'requested',
      requestedAt: this.clock().toISOString(),
      reason: reason?.slice(0, 500),
    });
    const done = await this.conditional(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(itemKeys.order(accountId, orderId)),
        UpdateExpression: 'SET refund = :refund',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(refund) AND #status IN (:s0, :s1)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({
          ':refund': refund,
          ':s0': REFUNDABLE_ORDER_STATUSES[0],
          ':s1': REFUNDABLE_ORDER_STATUSES[1],
        }),
      }),
    );
    return done ? 'requested' : 'already-requested';
  }

  /** Closes a requested refund (the card rail, once Stripe answered): `false` when none was pending. */
  async settleRefund(accountId: string, orderId: string, outcome: 'refunded' | 'refused'): Promise<boolean> {
    return this.conditional(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(itemKeys.order(accountId, orderId)),
        UpdateExpression: 'SET refund.#status = :outcome, refund.decidedAt = :now',
        ConditionExpression: 'refund.#status = :requested',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({
          ':outcome': outcome,
          ':now': this.clock().toISOString(),
          ':requested': 'requested',
        }),
      }),
    );
  }

  /** Records the account's monthly plan; `stale` for an older revision or for reviving a plan cancelled on the page. */
  async recordPlan(accountId: string, plan: AccountPlanInput): Promise<RecordResult> {
    checkPlan(plan);
    const cancelled = plan.status === 'cancelled';
    const update = setAndRemove(
      {
        itemType: 'plan',
        accountId,
        planId: plan.planId,
        revision: plan.revision,
        status: plan.status,
        kilogramsPerMonth: plan.kilogramsPerMonth,
        monthlyTotal: plan.monthlyTotal,
        startedAt: plan.startedAt,
        nextChargeOn: plan.nextChargeOn,
        updatedAt: this.clock().toISOString(),
        // An active plan carries no cancellation; a cancellation keeps the first one recorded (page or voice).
        ...(cancelled ? {} : { cancelledAt: undefined, cancelledBy: undefined }),
      },
      cancelled
        ? ['#cancelledAt = if_not_exists(#cancelledAt, :now)', '#cancelledBy = if_not_exists(#cancelledBy, :voice)']
        : [],
    );
    const recorded = await this.conditional(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(itemKeys.plan(accountId)),
        UpdateExpression: update.expression,
        ConditionExpression:
          'attribute_not_exists(pk) OR (#revision < :revision AND ' +
          '(#status <> :cancelledStatus OR :status = :cancelledStatus OR :startedAt > #cancelledAt))',
        ExpressionAttributeNames: { ...update.names, '#cancelledAt': 'cancelledAt', '#cancelledBy': 'cancelledBy' },
        ExpressionAttributeValues: marshall({
          ...update.values,
          ':cancelledStatus': 'cancelled',
          ...(cancelled ? { ':now': this.clock().toISOString(), ':voice': 'voice' } : {}),
        }),
      }),
    );
    return recorded ? 'recorded' : 'stale';
  }

  async getPlan(accountId: string): Promise<AccountPlan | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall(itemKeys.plan(accountId)), ConsistentRead: true }),
    );
    return Item ? parseAccountPlan(unmarshall(Item)) : undefined;
  }

  /** The customer cancels the plan on the account page: `false` when there is no plan still running. */
  async cancelPlan(accountId: string): Promise<boolean> {
    const now = this.clock().toISOString();
    return this.conditional(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall(itemKeys.plan(accountId)),
        UpdateExpression:
          'SET #status = :cancelled, cancelledAt = :now, cancelledBy = :page, updatedAt = :now REMOVE nextChargeOn',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :cancelled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: marshall({ ':cancelled': 'cancelled', ':now': now, ':page': 'account-page' }),
      }),
    );
  }
}
