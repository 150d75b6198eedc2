/**
 * The composition root: the only place that reads configuration and builds real adapters. Runs once per cold start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PersistenceAdapter } from 'ask-sdk-core';
import { DynamoDbPersistenceAdapter, ensureLocalTable } from './adapters/dynamodb-persistence-adapter';
import { TimeoutApiClient } from './adapters/timeout-api-client';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { type AlexaHandler, buildSkill, createAlexaHandler } from './skill';

const config = loadConfig();
const logger = createLogger(config.logLevel);

const dynamoDb = new DynamoDBClient({
  region: config.region,
  maxAttempts: 2,
  ...(config.dynamoDbEndpoint
    ? {
        endpoint: config.dynamoDbEndpoint,
        // A local server accepts any credentials; fall back to dummy ones so no AWS account is needed.
        credentials: {
          accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
          secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
        },
      }
    : {}),
});

const tableAdapter = new DynamoDbPersistenceAdapter({ client: dynamoDb, tableName: config.tableName });

/** Against a local server only: create the table on first use (CloudFormation owns it in AWS). */
function withLocalTable(adapter: PersistenceAdapter): PersistenceAdapter {
  let ready: Promise<void> | undefined;
  const ensure = () => {
    ready ??= ensureLocalTable(dynamoDb, config.tableName).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
  return {
    async getAttributes(envelope) {
      await ensure();
      return adapter.getAttributes(envelope);
    },
    async saveAttributes(envelope, attributes) {
      await ensure();
      await adapter.saveAttributes(envelope, attributes);
    },
    async deleteAttributes(envelope) {
      await ensure();
      await adapter.deleteAttributes?.(envelope);
    },
  };
}

const skill = buildSkill({
  persistenceAdapter: config.dynamoDbEndpoint ? withLocalTable(tableAdapter) : tableAdapter,
  apiClient: new TimeoutApiClient(config.alexaApiTimeoutMs),
  skillId: config.skillId,
  clock: () => new Date(),
  random: Math.random,
  logger,
});

export const handler: AlexaHandler = createAlexaHandler(skill, logger);
