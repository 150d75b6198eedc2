/** Small helpers over the DynamoDB client shared by the stores. */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { ItemKey } from '../contract/table';

export interface Table {
  readonly client: DynamoDBClient;
  readonly name: string;
}

/** Runs a conditional write: true when it was applied, false when its condition failed. */
export async function applied(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Every item of a partition (optionally with a sort-key prefix), all pages. */
export async function queryPartition(
  table: Table,
  pk: string,
  skPrefix?: string,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
        ExpressionAttributeValues: marshall(skPrefix ? { ':pk': pk, ':prefix': skPrefix } : { ':pk': pk }),
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export async function deleteItems(table: Table, keys: readonly ItemKey[]): Promise<void> {
  // A few items per account: single deletes in parallel keep it simple (BatchWriteItem would need retry loops).
  await Promise.all(
    keys.map((key) => table.client.send(new DeleteItemCommand({ TableName: table.name, Key: marshall(key) }))),
  );
}
