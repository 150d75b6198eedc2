/**
 * The composition root: the only place that reads configuration and builds real adapters. Runs once per cold start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PersistenceAdapter } from 'ask-sdk-core';
import { ConfigError, loadConfig, type OffsetConfig } from './app/config';
import { type AlexaHandler, buildSkill, createAlexaHandler } from './app/skill';
import type { OffsetDeps } from './conversation/turn';
import { OffsetStore } from './features/offsets/adapters/dynamodb-offset-store';
import { createLedgerOffsetProvider } from './features/offsets/adapters/ledger-offset-provider';
import { createAmazonPayRail } from './features/offsets/domain/payment-rail';
import type { OffsetProvider } from './features/offsets/offset-provider';
import { type MonthlyRunSummary, runMonthlyCharges } from './features/offsets/use-cases/run-monthly-charges';
import { DynamoDbPersistenceAdapter, ensureLocalTable } from './shared/dynamodb-persistence-adapter';
import { createLogger } from './shared/logger';
import { TimeoutApiClient } from './shared/timeout-api-client';

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

/** Selling offsets, when configured: the order store shares the customer table; fulfilment through the provider. */
function offsetDeps(offsets: OffsetConfig): OffsetDeps {
  const clock = () => new Date();
  return {
    config: offsets,
    store: new OffsetStore({ client: dynamoDb, tableName: config.tableName }),
    rail: createAmazonPayRail(offsets.amazonPay),
    provider:
      offsets.provider.kind === 'ledger'
        ? createLedgerOffsetProvider({ client: dynamoDb, tableName: config.tableName, clock })
        : clearingHouseOnFirstUse(offsets.provider),
  };
}

/**
 * The HTTP clearing house (and axios with it, about 250 KB) is loaded on the first retirement, not at cold start:
 * scripts/build.mjs bundles it on its own beside index.js, and this require loads it then.
 */
function clearingHouseOnFirstUse(
  options: Extract<OffsetConfig['provider'], { kind: 'clearing-house' }>,
): OffsetProvider {
  let provider: OffsetProvider | undefined;
  const load = (): OffsetProvider => {
    if (!provider) {
      const { createClearingHouseProvider } =
        require('./features/offsets/adapters/clearing-house-offset-provider') as ClearingHouseModule;
      provider = createClearingHouseProvider({
        baseUrl: options.baseUrl,
        apiKey: options.apiKey,
        timeoutMs: options.timeoutMs,
        maxAttempts: options.maxAttempts,
      });
    }
    return provider;
  };
  return { name: 'clearing-house', retire: (request) => load().retire(request) };
}

type ClearingHouseModule = typeof import('./features/offsets/adapters/clearing-house-offset-provider');
type AmazonPayApiModule = typeof import('./features/offsets/adapters/amazon-pay-api');

const offsets = config.offsets ? offsetDeps(config.offsets) : undefined;

const skill = buildSkill({
  offsets,
  persistenceAdapter: config.dynamoDbEndpoint ? withLocalTable(tableAdapter) : tableAdapter,
  apiClient: new TimeoutApiClient(config.alexaApiTimeoutMs),
  skillId: config.skillId,
  clock: () => new Date(),
  random: Math.random,
  logger,
});

export const handler: AlexaHandler = createAlexaHandler(skill, logger);

/**
 * The scheduled entry point (EventBridge, daily): charges each active monthly plan once per month through the Amazon
 * Pay API, and retries fulfilment of charged orders and plan charges. Idempotent: run it as often as you like.
 */
export async function monthlyChargesHandler(): Promise<MonthlyRunSummary> {
  if (!config.offsets || !offsets) throw new ConfigError('Offsets are not configured (AMAZON_PAY_SELLER_ID)');
  if (!config.offsets.amazonPayApi) throw new ConfigError('AMAZON_PAY_API_URL must be set for the monthly job');
  if (config.dynamoDbEndpoint) await ensureLocalTable(dynamoDb, config.tableName);
  const { createAmazonPayApiClient } = require('./features/offsets/adapters/amazon-pay-api') as AmazonPayApiModule;
  const summary = await runMonthlyCharges({
    store: offsets.store,
    provider: offsets.provider,
    payments: createAmazonPayApiClient({ ...config.offsets.amazonPayApi, config: config.offsets.amazonPay }),
    clock: () => new Date(),
    logger,
  });
  logger.info('Monthly charges run', { ...summary });
  return summary;
}
