import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { dynamoDbThrottle, FaultProxy, seededRandom } from '../../tools/fault-proxy/fault-proxy';
import { type LocalDynamo, startDynalite } from '../support/dynalite';

/**
 * The fault proxy itself, between a plain AWS SDK v3 client and dynalite: each fault does to the client what the
 * real failure would (tests of the skill then rely on it).
 */
const TABLE = 'fault-proxy';
let dynamo: LocalDynamo;
let proxy: FaultProxy;

function client(options: { requestTimeoutMs?: number; maxAttempts?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: proxy.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 2000, throwOnRequestTimeout: true },
  });
}

const put = (id: string, n: number) =>
  new PutItemCommand({ TableName: TABLE, Item: marshall({ id, n }), ReturnConsumedCapacity: 'NONE' });
const get = (id: string) => new GetItemCommand({ TableName: TABLE, Key: marshall({ id }), ConsistentRead: true });
const storedN = async (id: string) => (await dynamo.client.send(get(id))).Item?.n?.N;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
});

beforeEach(async () => {
  proxy = await FaultProxy.start({ target: dynamo.endpoint });
});

afterEach(async () => {
  await proxy.stop();
});

afterAll(async () => {
  await dynamo.stop();
});

describe('the fault proxy', () => {
  it('forwards everything when no rule matches, and names each DynamoDB operation it saw', async () => {
    const plain = client();

    await plain.send(put('plain', 1));
    const read = await plain.send(get('plain'));

    expect(read.Item?.n?.N).toBe('1');
    expect(proxy.events.map((event) => [event.operation, event.outcome])).toEqual([
      ['PutItem', 'forwarded'],
      ['GetItem', 'forwarded'],
    ]);
    plain.destroy();
  });

  it('hangs a request until the client gives up (its request timeout), and only the matching one', async () => {
    const plain = client({ requestTimeoutMs: 100 });
    proxy.fail({ operation: 'GetItem' }, { kind: 'hang' });

    await expect(plain.send(get('nothing'))).rejects.toMatchObject({ name: 'TimeoutError' });
    await plain.send(put('after-hang', 2));

    expect(await storedN('after-hang')).toBe('2');
    plain.destroy();
  });

  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException'] as const)(
    'throttles with DynamoDB own %s answer, which the SDK retries',
    async (name) => {
      const once = client({ maxAttempts: 1 });
      proxy.fail({ operation: 'PutItem' }, dynamoDbThrottle(name));
      await expect(once.send(put('throttled', 3))).rejects.toMatchObject({ name });

      const retrying = client({ maxAttempts: 2 });
      proxy.fail({ operation: 'PutItem' }, dynamoDbThrottle(name));
      await retrying.send(put('throttled', 4));

      expect(await storedN('throttled')).toBe('4');
      expect(proxy.events.filter((event) => event.outcome === 'respond')).toHaveLength(2);
      once.destroy();
      retrying.destroy();
    },
  );

  it('applies a write and loses its answer: the client sees a broken connection, the item is written', async () => {
    const plain = client();
    proxy.fail({ operation: 'PutItem' }, { kind: 'lose-answer' });

    await expect(plain.send(put('lost', 5))).rejects.toBeInstanceOf(Error);

    expect(await storedN('lost')).toBe('5');
    expect(proxy.events[0]).toMatchObject({ operation: 'PutItem', outcome: 'lose-answer', upstreamStatus: 200 });
    plain.destroy();
  });

  it('resets a request without forwarding it: nothing is written', async () => {
    const plain = client();
    proxy.fail({ operation: 'PutItem' }, { kind: 'reset' });

    await expect(plain.send(put('reset', 6))).rejects.toBeInstanceOf(Error);

    expect(await storedN('reset')).toBeUndefined();
    expect(proxy.reached('PutItem')).toBe(0);
    plain.destroy();
  });

  it('delays a request, then forwards it', async () => {
    const plain = client();
    proxy.fail({ operation: 'PutItem' }, { kind: 'delay', ms: 20 });

    await plain.send(put('delayed', 7));

    expect(await storedN('delayed')).toBe('7');
    expect(proxy.events[0]?.outcome).toBe('delay');
    plain.destroy();
  });

  it('draws repeatable random faults from a seed (for chaos runs)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 5 }, a);

    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });
});
