/**
 * The skill of lambda/src/index.ts on other persistence, for the bench's comparison: the official
 * ask-sdk-dynamodb-persistence-adapter on an aws-sdk v2 DynamoDB client. It is wired by the same composeSkill as the
 * skill, with no AWS SDK v3 client in it (offsets are not configured in the bench). Bundled by scripts/build.mjs with
 * the Lambda bundle's esbuild options into .build/official/index.js.
 *
 * `createTable: false`: that adapter does not wait for a table it creates, so the bench creates the table first.
 */
import { DynamoDbPersistenceAdapter } from 'ask-sdk-dynamodb-persistence-adapter';
import { DynamoDB } from 'aws-sdk';
import { composeSkill } from '../../lambda/src/app/compose-skill';
import { loadConfig } from '../../lambda/src/app/config';
import type { AlexaHandler } from '../../lambda/src/app/lambda-handler';
import {
  createAlexaProductCatalogue,
  ProductListCache,
} from '../../lambda/src/features/purchases/adapters/alexa-product-catalogue';
import { createLogger } from '../../lambda/src/shared/logger';
import { TimeoutApiClient } from '../../lambda/src/shared/timeout-api-client';

const config = loadConfig(process.env);
const logger = createLogger(config.logLevel);

// The bench runs this bundle as on Lambda, like ours: credentials in the environment (aws-sdk v2's default chain
// finds them first), the server in AWS_ENDPOINT_URL_DYNAMODB, which AWS SDK v3 reads itself and v2 does not.
const endpoint = config.dynamoDbEndpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
const dynamoDBClient = new DynamoDB({
  region: config.region,
  // v3's maxAttempts: 2 in lambda/src/app/adapters.ts is one retry.
  maxRetries: 1,
  ...(endpoint ? { endpoint } : {}),
  ...(config.dynamoDbEndpoint && config.localCredentials ? { credentials: config.localCredentials } : {}),
});

const alexaApi = new TimeoutApiClient(config.alexaApiTimeoutMs);
const products = new ProductListCache();

const app = composeSkill(config, {
  clock: () => new Date(),
  random: Math.random,
  logger,
  persistenceAdapter: new DynamoDbPersistenceAdapter({
    tableName: config.tableName,
    createTable: false,
    dynamoDBClient,
  }),
  apiClient: alexaApi,
  productCatalogue: (turn) =>
    createAlexaProductCatalogue(turn.input, { cache: products, apiClient: alexaApi.within(turn.deadline), logger }),
  offsets: undefined,
  job: () => {
    throw new Error('The bench has no monthly job');
  },
  ensureTable: async () => {},
});

export const handler: AlexaHandler = app.handler;
