import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { visitsState } from '../../lambda/src/conversation/visits';
import { CustomerStore, StateConflictError } from '../../lambda/src/shared/customer-store';
import {
  ConcurrentModificationError,
  DynamoDbPersistenceAdapter,
} from '../../lambda/src/shared/dynamodb-persistence-adapter';
import { createAttributesManager } from '../support/attributes';
import { type LocalDynamo, startDynalite } from '../support/dynalite';
import { launchRequest } from '../support/envelopes';

const TABLE = 'persistence';
let dynamo: LocalDynamo;
let adapter: DynamoDbPersistenceAdapter;
let users = 0;
const newUser = () => `amzn1.ask.account.PERSIST${++users}`;

async function storedItem(userId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.client.send(
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: userId } }, ConsistentRead: true }),
  );
  return Item ? unmarshall(Item) : undefined;
}

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
  adapter = new DynamoDbPersistenceAdapter({ client: dynamo.client, tableName: TABLE });
});

afterAll(async () => {
  await dynamo.stop();
});

describe('DynamoDbPersistenceAdapter', () => {
  it('keeps the official table shape: partition key id, state under attributes', async () => {
    const userId = newUser();
    const request = launchRequest({ userId });
    await adapter.getAttributes(request);

    await adapter.saveAttributes(request, { visits: 1, nested: { list: [1, 2] } });

    expect(await storedItem(userId)).toEqual({
      id: userId,
      attributes: { visits: 1, nested: { list: [1, 2] } },
      version: 1,
    });
    expect(await adapter.getAttributes(launchRequest({ userId }))).toEqual({ visits: 1, nested: { list: [1, 2] } });
  });

  it('reads and then updates items written by ask-sdk-dynamodb-persistence-adapter (aws-sdk v2)', async () => {
    const { DynamoDbPersistenceAdapter: OfficialAdapter } = await import('ask-sdk-dynamodb-persistence-adapter');
    const { DynamoDB } = await import('aws-sdk');
    const official = new OfficialAdapter({
      tableName: TABLE,
      dynamoDBClient: new DynamoDB({
        endpoint: dynamo.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    });
    const userId = newUser();
    await official.saveAttributes(launchRequest({ userId }), { visits: 4, lastVisitAt: '2025-01-01T00:00:00.000Z' });
    const request = launchRequest({ userId });

    const attributes = await adapter.getAttributes(request);
    await adapter.saveAttributes(request, { ...attributes, visits: 5 });

    expect(attributes).toEqual({ visits: 4, lastVisitAt: '2025-01-01T00:00:00.000Z' });
    expect(await storedItem(userId)).toMatchObject({ attributes: { visits: 5 }, version: 1 });
    expect(await official.getAttributes(launchRequest({ userId }))).toMatchObject({ visits: 5 });
  });

  it('refuses a save when another request saved after this one read', async () => {
    const userId = newUser();
    const first = launchRequest({ userId });
    const second = launchRequest({ userId });
    await adapter.getAttributes(first);
    await adapter.getAttributes(second);
    await adapter.saveAttributes(first, { from: 'first' });

    await expect(adapter.saveAttributes(second, { from: 'second' })).rejects.toBeInstanceOf(
      ConcurrentModificationError,
    );

    expect(await storedItem(userId)).toMatchObject({ attributes: { from: 'first' }, version: 1 });
  });

  it('writes nothing when the attributes did not change, whatever the key order', async () => {
    const userId = newUser();
    const setup = launchRequest({ userId });
    await adapter.getAttributes(setup);
    await adapter.saveAttributes(setup, { a: 1, b: { c: 2, d: 3 } });
    const request = launchRequest({ userId });
    await adapter.getAttributes(request);

    await adapter.saveAttributes(request, { b: { d: 3, c: 2 }, a: 1 });

    expect(await storedItem(userId)).toMatchObject({ version: 1 });
  });

  it('deletes the customer item', async () => {
    const userId = newUser();
    const request = launchRequest({ userId });
    await adapter.getAttributes(request);
    await adapter.saveAttributes(request, { visits: 1 });

    await adapter.deleteAttributes(launchRequest({ userId }));

    expect(await storedItem(userId)).toBeUndefined();
  });
});

describe('CustomerStore with two concurrent writers for one customer', () => {
  it('applies both changes: the losing request re-reads and applies its change again', async () => {
    const userId = newUser();
    const stores = [1, 2].map(() => new CustomerStore(createAttributesManager(launchRequest({ userId }), adapter)));
    await Promise.all(stores.map((store) => store.read(visitsState)));

    await Promise.all(
      stores.map((store) => store.update(visitsState, (state) => ({ ...state, visits: state.visits + 1 }))),
    );

    expect(await storedItem(userId)).toMatchObject({ attributes: { visits: 2 }, version: 2 });
  });

  it('ten devices counting at once lose no count', async () => {
    const userId = newUser();
    const stores = Array.from(
      { length: 10 },
      () => new CustomerStore(createAttributesManager(launchRequest({ userId }), adapter)),
    );

    const results = await Promise.allSettled(
      stores.map((store) => store.update(visitsState, (state) => ({ ...state, visits: state.visits + 1 }))),
    );

    const succeeded = results.filter((result) => result.status === 'fulfilled').length;
    const gaveUp = results.filter((result) => result.status === 'rejected');
    expect(gaveUp.every((result) => result.status === 'rejected' && result.reason instanceof StateConflictError)).toBe(
      true,
    );
    expect(await storedItem(userId)).toMatchObject({ attributes: { visits: succeeded } });
    expect(succeeded).toBeGreaterThanOrEqual(3);
  });

  it('reads the item once per request and writes nothing when a change leaves the state as it was', async () => {
    const userId = newUser();
    const request = launchRequest({ userId });
    const counting = countingAdapter(adapter);
    const store = new CustomerStore(createAttributesManager(request, counting));

    await store.read(visitsState);
    await store.read(visitsState);
    await store.update(visitsState, (state) => state);

    expect(counting.calls).toEqual({ get: 1, save: 0 });
  });
});

function countingAdapter(inner: DynamoDbPersistenceAdapter) {
  const calls = { get: 0, save: 0 };
  return {
    calls,
    getAttributes: (request: Parameters<typeof inner.getAttributes>[0]) => {
      calls.get++;
      return inner.getAttributes(request);
    },
    saveAttributes: (...args: Parameters<typeof inner.saveAttributes>) => {
      calls.save++;
      return inner.saveAttributes(...args);
    },
  };
}
