/**
 * One warm process of the bench (started by warm-protocol.ts with an IPC channel, stdout discarded): holds one subject
 * and runs its calls when asked. A skill bundle is loaded as Lambda would load it (the Lambda environment main.ts
 * gives the process, the stack's log level, log lines written); a floor is the bare DynamoDB calls one SDK makes for
 * a LaunchRequest, with no skill around them. DynamoDB is the bench's dynalite, in main.ts's process: its work and
 * its garbage stay out of the process being timed, as a real table's would.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AlexaHandler } from '../../lambda/src/app/lambda-handler';
import { intentRequest, launchRequest } from './envelopes';
import { handlerTask, runBlock, timeUs, type WarmTask } from './warm';
import type { FromRunner, Subject, TaskName, ToRunner } from './warm-protocol';

function send(message: FromRunner): void {
  if (!process.send) throw new Error('warm-runner must be started with an IPC channel (by tools/bench/main.ts)');
  process.send(message);
}

function loadHandler(path: string, tableName: string): AlexaHandler {
  // The bundle reads its configuration from process.env when it loads.
  process.env.TABLE_NAME = tableName;
  const loaded = require(path) as { handler?: unknown };
  if (typeof loaded.handler !== 'function') throw new Error(`${path} exports no handler function`);
  return loaded.handler as AlexaHandler;
}

/** v3: GetItem + PutItem conditional on the version read, as lambda/src's adapter writes. */
function floorV3(endpoint: string, tableName: string, userId: string): WarmTask {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const key = marshall({ id: userId });
  let version = 0;
  return {
    name: 'floor v3',
    call: async () => {
      const previous = version;
      version += 1;
      const put = new PutItemCommand({
        TableName: tableName,
        Item: { ...key, ...marshall({ attributes: { visits: version }, version }) },
        ConditionExpression: previous === 0 ? 'attribute_not_exists(#v)' : '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ...(previous === 0 ? {} : { ExpressionAttributeValues: marshall({ ':v': previous }) }),
      });
      const { us } = await timeUs(async () => {
        await client.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
        await client.send(put);
      });
      return us;
    },
  };
}

/** v2: get + unconditional put through a DocumentClient, as the official adapter calls them. */
function floorV2(endpoint: string, tableName: string, userId: string): WarmTask {
  const { DynamoDB } = require('aws-sdk') as typeof import('aws-sdk');
  const documentClient = new DynamoDB.DocumentClient({
    convertEmptyValues: true,
    service: new DynamoDB({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  });
  let visits = 0;
  return {
    name: 'floor v2',
    call: async () => {
      visits += 1;
      const item = { id: userId, attributes: { visits } };
      const { us } = await timeUs(async () => {
        await documentClient.get({ TableName: tableName, Key: { id: userId }, ConsistentRead: true }).promise();
        await documentClient.put({ TableName: tableName, Item: item }).promise();
      });
      return us;
    },
  };
}

function tasksOf(endpoint: string, subject: Subject): { tasks: Map<TaskName, WarmTask>; launchCalls: () => number } {
  if (subject.kind !== 'bundle') {
    const floor = (subject.kind === 'floor-v3' ? floorV3 : floorV2)(endpoint, subject.tableName, subject.userId);
    return { tasks: new Map([['floor', floor]]), launchCalls: () => 0 };
  }
  const handler = loadHandler(subject.path, subject.tableName);
  let launches = 0;
  const launch = handlerTask({
    name: 'launch',
    handler,
    envelope: () => launchRequest({ userId: subject.userId }),
    expected: ['returning'],
    warmupAlso: ['first-visit'],
  });
  const help = handlerTask({
    name: 'help',
    handler,
    envelope: () => intentRequest('AMAZON.HelpIntent', { userId: subject.userId }),
    expected: ['help'],
  });
  const counted: WarmTask = {
    name: launch.name,
    call: (measured) => {
      launches += 1;
      return launch.call(measured);
    },
  };
  return {
    tasks: new Map([
      ['launch', counted],
      ['help', help],
    ]),
    launchCalls: () => launches,
  };
}

let subject: ReturnType<typeof tasksOf> | undefined;

async function answer(message: ToRunner): Promise<FromRunner> {
  if (message.kind === 'start') {
    subject = tasksOf(message.endpoint, message.subject);
    return { kind: 'reply', id: message.id };
  }
  if (!subject) throw new Error('not started');
  if (message.kind === 'finish') return { kind: 'reply', id: message.id, launchCalls: subject.launchCalls() };
  const task = subject.tasks.get(message.task);
  if (!task) throw new Error(`no task ${message.task} here`);
  if (message.kind === 'warm-up') {
    for (let i = 0; i < message.iterations; i++) await task.call(false);
    return { kind: 'reply', id: message.id };
  }
  return {
    kind: 'reply',
    id: message.id,
    samplesUs: await runBlock(task, message.blockWarmup, message.calls, message.maxMs),
  };
}

process.on('message', (message: ToRunner) => {
  answer(message)
    .then((reply) => {
      send(reply);
      if (message.kind === 'finish') process.disconnect();
    })
    .catch((error: unknown) =>
      send({
        kind: 'failed',
        id: message.id,
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
    );
});
