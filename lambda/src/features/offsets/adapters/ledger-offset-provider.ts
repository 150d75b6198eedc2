/**
 * The embedded default provider: records each retirement in our own DynamoDB table (item `retirement#<orderId>`,
 * kind "retirement") and issues a certificate ID. For running without a clearing-house contract; the credits behind
 * it are retired by hand from the ledger. Idempotent by order ID: a second call returns the first certificate.
 */
import { randomBytes } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type Deadline, NO_DEADLINE } from '../../../shared/deadline';
import {
  checkRetireRequest,
  type OffsetProvider,
  OffsetProviderError,
  type RetirementRecord,
  type RetireRequest,
} from '../ports';

export interface LedgerOffsetProviderOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly clock: () => Date;
  /** Random part of certificate IDs (default: 4 random bytes as hex). */
  readonly randomSuffix?: () => string;
  /** The turn's deadline (none: the scheduled job): every call ends by it. */
  readonly deadline?: Deadline;
}

const retirementKey = (orderId: string) => `retirement#${orderId}`;

/** GH-<YYYYMMDD>-<8 hex digits>: readable on a card, unique enough per day, not guessable across customers. */
function certificateId(now: Date, suffix: string): string {
  return `GH-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${suffix.toUpperCase()}`;
}

export function createLedgerOffsetProvider(options: LedgerOffsetProviderOptions): OffsetProvider {
  const { client, tableName, clock } = options;
  const deadline = options.deadline ?? NO_DEADLINE;
  const randomSuffix = options.randomSuffix ?? (() => randomBytes(4).toString('hex'));

  async function existing(request: RetireRequest): Promise<RetirementRecord> {
    const { Item } = await deadline.race(() =>
      client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: marshall({ id: retirementKey(request.orderId) }),
          ConsistentRead: true,
        }),
      ),
    );
    const item = Item ? unmarshall(Item) : undefined;
    if (!item || typeof item.certificateId !== 'string') {
      throw new OffsetProviderError('The ledger entry vanished while retiring', true);
    }
    if (item.kilograms !== request.kilograms) {
      throw new OffsetProviderError('This order was retired before with a different amount', false);
    }
    return { certificateId: item.certificateId, providerReference: retirementKey(request.orderId) };
  }

  return {
    name: 'ledger',
    within: (turn) => createLedgerOffsetProvider({ ...options, deadline: turn }),
    async retire(request) {
      checkRetireRequest(request);
      const now = clock();
      const record = {
        certificateId: certificateId(now, randomSuffix()),
        providerReference: retirementKey(request.orderId),
      };
      try {
        const put = new PutItemCommand({
          TableName: tableName,
          Item: marshall({
            id: retirementKey(request.orderId),
            kind: 'retirement',
            orderId: request.orderId,
            kilograms: request.kilograms,
            certificateId: record.certificateId,
            retiredAt: now.toISOString(),
          }),
          ConditionExpression: 'attribute_not_exists(id)',
        });
        await deadline.race(() => client.send(put));
        return record;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return existing(request);
        throw new OffsetProviderError(
          `The ledger could not be written (${error instanceof Error ? error.name : 'error'})`,
          true,
        );
      }
    },
  };
}
