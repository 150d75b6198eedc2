import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PersistenceAdapter } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { isAlexaUserId } from './alexa-ids';
import { turnDeadline } from './deadline';
import { GreenHorizonsError, MalformedRequestError } from './errors';

/** Persistent attributes as ask-sdk-core hands them around. */
export type Attributes = Record<string, unknown>;

/** Another request saved the same customer's item after this request read it. */
export class ConcurrentModificationError extends GreenHorizonsError {
  override readonly name = 'ConcurrentModificationError';
}

export type PartitionKeyGenerator = (requestEnvelope: RequestEnvelope) => string;

/**
 * The official adapter's default key: the Alexa user ID, checked to be one (shared/alexa-ids.ts), so that a request
 * can never name another kind of item of the same table (`order#…`, `plan#…`).
 */
export const userIdKey: PartitionKeyGenerator = (envelope) => {
  const userId = envelope.context?.System?.user?.userId;
  if (!isAlexaUserId(userId)) throw new MalformedRequestError('The request has no valid context.System.user.userId');
  return userId;
};

export interface DynamoDbPersistenceAdapterOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Same defaults as ask-sdk-dynamodb-persistence-adapter, so tables it made keep working. */
  readonly partitionKeyName?: string;
  readonly attributesName?: string;
  readonly partitionKeyGenerator?: PartitionKeyGenerator;
}

const VERSION_ATTRIBUTE = 'version';

interface ReadState {
  readonly version: number | undefined;
  readonly snapshot: string;
}

/**
 * ask-sdk-core's PersistenceAdapter on AWS SDK v3, with the table shape of the official
 * ask-sdk-dynamodb-persistence-adapter (partition key `id`, state under `attributes`).
 *
 * Beyond the official adapter:
 * - optimistic concurrency: each item carries a `version`; a save is a conditional write against the version this
 *   request read, and throws ConcurrentModificationError when another request saved in between;
 * - a save of attributes equal to what this request read writes nothing;
 * - every call is bounded by the turn's deadline (shared/deadline.ts), besides the client's own timeouts: it is no
 *   longer waited for once the deadline passes. The SDK is not given the deadline's signal: any per-call option turns
 *   off (and empties) the client's middleware cache, about a tenth of a warm turn, and an attempt still in flight at
 *   the deadline ends at the client's request timeout anyway.
 *
 * What a request read is remembered per request envelope (a WeakMap, so nothing outlives the request).
 */
export class DynamoDbPersistenceAdapter implements PersistenceAdapter {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly partitionKeyName: string;
  private readonly attributesName: string;
  private readonly keyOf: PartitionKeyGenerator;
  private readonly reads = new WeakMap<RequestEnvelope, ReadState>();

  constructor(options: DynamoDbPersistenceAdapterOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.partitionKeyName = options.partitionKeyName ?? 'id';
    this.attributesName = options.attributesName ?? 'attributes';
    this.keyOf = options.partitionKeyGenerator ?? userIdKey;
  }

  async getAttributes(requestEnvelope: RequestEnvelope): Promise<Attributes> {
    const command = new GetItemCommand({
      TableName: this.tableName,
      Key: marshall({ [this.partitionKeyName]: this.keyOf(requestEnvelope) }),
      ConsistentRead: true,
    });
    const result = await turnDeadline(requestEnvelope).race(() => this.client.send(command));
    const item = result.Item ? unmarshall(result.Item) : undefined;
    const stored = item?.[this.attributesName];
    const attributes: Attributes = isRecord(stored) ? stored : {};
    const version = typeof item?.[VERSION_ATTRIBUTE] === 'number' ? (item[VERSION_ATTRIBUTE] as number) : undefined;
    this.reads.set(requestEnvelope, { version, snapshot: canonicalJson(attributes) });
    // Hand out a copy: callers mutate it, and the snapshot must stay what was read.
    return structuredClone(attributes);
  }

  async saveAttributes(requestEnvelope: RequestEnvelope, attributes: Attributes): Promise<void> {
    const read = this.reads.get(requestEnvelope);
    if (read && read.snapshot === canonicalJson(attributes)) return;
    const version = read?.version;
    const command = new PutItemCommand({
      TableName: this.tableName,
      Item: marshall(
        {
          [this.partitionKeyName]: this.keyOf(requestEnvelope),
          [this.attributesName]: attributes,
          [VERSION_ATTRIBUTE]: (version ?? 0) + 1,
        },
        { removeUndefinedValues: true, convertClassInstanceToMap: true },
      ),
      // Unread or never-versioned items (made by the official adapter) may be written once without a version.
      ConditionExpression: version === undefined ? 'attribute_not_exists(#v)' : '#v = :v',
      ExpressionAttributeNames: { '#v': VERSION_ATTRIBUTE },
      ...(version === undefined ? {} : { ExpressionAttributeValues: marshall({ ':v': version }) }),
    });
    try {
      await turnDeadline(requestEnvelope).race(() => this.client.send(command));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConcurrentModificationError('The customer item changed since this request read it', {
          cause: error,
        });
      }
      throw error;
    }
    this.reads.set(requestEnvelope, { version: (version ?? 0) + 1, snapshot: canonicalJson(attributes) });
  }

  async deleteAttributes(requestEnvelope: RequestEnvelope): Promise<void> {
    const command = new DeleteItemCommand({
      TableName: this.tableName,
      Key: marshall({ [this.partitionKeyName]: this.keyOf(requestEnvelope) }),
    });
    await turnDeadline(requestEnvelope).race(() => this.client.send(command));
    this.reads.delete(requestEnvelope);
  }
}

/** JSON with object keys sorted: DynamoDB does not promise to keep the order of a map's keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    isRecord(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

function isRecord(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Creates the table with the official adapter's key schema if it does not exist. For local servers only
 * (the deployed table comes from CloudFormation); config allows it only when DYNAMODB_ENDPOINT is set.
 */
export async function ensureLocalTable(
  client: DynamoDBClient,
  tableName: string,
  partitionKeyName = 'id',
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: partitionKeyName, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: partitionKeyName, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
