/**
 * The floor under our cold start: the bench's smallest ASK skill plus the DynamoDB work of our first LaunchRequest,
 * with nothing else of ours. One DynamoDBClient built as lambda/src/app/adapters.ts builds it on Lambda (credentials
 * from the environment, cacheMiddleware, the settings of lambda/src/app/dynamodb-client-settings.ts), a GetItem and a PutItem of the customer's visit count. Bundled by
 * scripts/build.mjs with the Lambda bundle's esbuild options into .build/sdk-floor/index.js; what ours costs beyond
 * it is our own code.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { getRequestType, type RequestHandler, SkillBuilders } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { dynamoDbClientSettings } from '../../lambda/src/app/dynamodb-client-settings';
import { SMALLEST_SKILL_SPEECH } from './smallest-skill-speech';

const client = new DynamoDBClient({
  region: process.env.AWS_REGION,
  maxAttempts: 2,
  cacheMiddleware: true,
  credentials: fromEnv(),
  ...dynamoDbClientSettings(process.env, true),
});
const tableName = process.env.TABLE_NAME;

const launch: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
  async handle(input) {
    const id = { S: input.requestEnvelope.context.System.user.userId };
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { id }, ConsistentRead: true }));
    const visits = Number(Item?.attributes?.M?.visits?.N ?? '0') + 1;
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { id, attributes: { M: { visits: { N: String(visits) } } } } }),
    );
    return input.responseBuilder.speak(SMALLEST_SKILL_SPEECH).reprompt('What would you like?').getResponse();
  },
};

const skill = SkillBuilders.custom().addRequestHandlers(launch).create();

export const handler = (event: RequestEnvelope, context?: unknown): Promise<ResponseEnvelope> =>
  skill.invoke(event, context);
