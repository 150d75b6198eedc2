/**
 * The composition root of lambda/src/index.ts with one change, for the bench's comparison: persistence through the
 * official ask-sdk-dynamodb-persistence-adapter on an aws-sdk v2 DynamoDB client. Bundled by scripts/build.mjs with
 * the Lambda bundle's esbuild options into .build/official/index.js.
 *
 * `createTable: false`: that adapter does not wait for a table it creates, so the bench creates the table first.
 */
import { DynamoDbPersistenceAdapter } from 'ask-sdk-dynamodb-persistence-adapter';
import { DynamoDB } from 'aws-sdk';
import { loadConfig } from '../../lambda/src/app/config';
import { type AlexaHandler, buildSkill, createAlexaHandler } from '../../lambda/src/app/skill';
import { createLogger } from '../../lambda/src/shared/logger';
import { TimeoutApiClient } from '../../lambda/src/shared/timeout-api-client';

const config = loadConfig();
const logger = createLogger(config.logLevel);

const dynamoDBClient = new DynamoDB({
  region: config.region,
  // v3's maxAttempts: 2 in lambda/src/index.ts is one retry.
  maxRetries: 1,
  ...(config.dynamoDbEndpoint
    ? {
        endpoint: config.dynamoDbEndpoint,
        credentials: {
          accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
          secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
        },
      }
    : {}),
});

const skill = buildSkill({
  persistenceAdapter: new DynamoDbPersistenceAdapter({
    tableName: config.tableName,
    createTable: false,
    dynamoDBClient,
  }),
  apiClient: new TimeoutApiClient(config.alexaApiTimeoutMs),
  skillId: config.skillId,
  clock: () => new Date(),
  random: Math.random,
  logger,
});

export const handler: AlexaHandler = createAlexaHandler(skill, logger);
