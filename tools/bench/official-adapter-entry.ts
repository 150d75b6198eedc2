/**
 * The skill of lambda/src/index.ts with one port replaced, for the bench's comparison: persistence through the
 * official ask-sdk-dynamodb-persistence-adapter on an aws-sdk v2 DynamoDB client. Bundled by scripts/build.mjs with
 * the Lambda bundle's esbuild options into .build/official/index.js.
 *
 * `createTable: false`: that adapter does not wait for a table it creates, so the bench creates the table first.
 */
import { DynamoDbPersistenceAdapter } from 'ask-sdk-dynamodb-persistence-adapter';
import { DynamoDB } from 'aws-sdk';
import { loadConfig } from '../../lambda/src/app/config';
import { createSkill } from '../../lambda/src/app/create-skill';
import type { AlexaHandler } from '../../lambda/src/app/lambda-handler';

const config = loadConfig(process.env);

const dynamoDBClient = new DynamoDB({
  region: config.region,
  // v3's maxAttempts: 2 in lambda/src/app/adapters.ts is one retry.
  maxRetries: 1,
  ...(config.dynamoDbEndpoint && config.localCredentials
    ? { endpoint: config.dynamoDbEndpoint, credentials: config.localCredentials }
    : {}),
});

const app = createSkill(config, {
  persistenceAdapter: new DynamoDbPersistenceAdapter({
    tableName: config.tableName,
    createTable: false,
    dynamoDBClient,
  }),
});

export const handler: AlexaHandler = app.handler;
