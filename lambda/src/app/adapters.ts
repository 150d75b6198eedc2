/**
 * The real adapters, built from configuration: the one place that creates AWS SDK clients and picks implementations
 * of the features' ports. createSkill (create-skill.ts) calls these for whatever a caller did not inject.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PersistenceAdapter } from 'ask-sdk-core';
import type {
  AccountRecords,
  AmazonPayApi,
  MerchantCharges,
  OffsetConfig,
  OffsetProvider,
  OrderMailer,
  PaymentRail,
} from '../features/offsets';
import { DynamoDbOffsetStore } from '../features/offsets/adapters/dynamodb-offset-store';
import { createLedgerOffsetProvider } from '../features/offsets/adapters/ledger-offset-provider';
import type { Deadline } from '../shared/deadline';
import { DynamoDbPersistenceAdapter, ensureLocalTable } from '../shared/dynamodb-persistence-adapter';
import { ConfigError } from '../shared/errors';
import type { AppLogger } from '../shared/logger';
import { reportUnreadableRecords } from '../shared/unreadable-records';
import { awsCredentials } from './aws-credentials';
import type { Config } from './config';

/**
 * The one DynamoDB client. Every attempt is bounded (`connectionTimeout`, `requestTimeout` with
 * `throwOnRequestTimeout`: without it @smithy/node-http-handler only logs a warning and waits on; `socketTimeout` for
 * an answer that stalls halfway), and so is every call (`maxAttempts`, the SDK's standard retry mode with its retry
 * quota). docs/architecture.md ("Time budget") works out why these fit the slowest turn inside Alexa's 8 seconds.
 */
export function createDynamoDbClient(config: Config): DynamoDBClient {
  const { connectTimeoutMs, requestTimeoutMs, maxAttempts } = config.dynamoDbTimeouts;
  return new DynamoDBClient({
    region: config.region,
    maxAttempts,
    requestHandler: {
      connectionTimeout: connectTimeoutMs,
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: requestTimeoutMs,
    },
    // Each command class's middleware stack is resolved once, not on every call (nothing here changes it later).
    // It holds only for calls made without per-call options: see the turn's deadline in the persistence adapter.
    cacheMiddleware: true,
    // On Lambda, what the SDK would otherwise look up in the environment and then in a shared config file.
    ...config.dynamoDbClientSettings,
    ...(config.dynamoDbEndpoint ? { endpoint: config.dynamoDbEndpoint } : {}),
    credentials: awsCredentials(config),
  });
}

/** Against a local server only: the table is created on first use (CloudFormation owns it in AWS). */
export function localTable(dynamoDb: () => DynamoDBClient, config: Config): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    if (!config.dynamoDbEndpoint) return Promise.resolve();
    ready ??= ensureLocalTable(dynamoDb(), config.tableName).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}

/** Customer state on DynamoDB (AWS SDK v3), with the table made first when it is a local server. */
export function createPersistenceAdapter(
  dynamoDb: DynamoDBClient,
  config: Config,
  ensureTable: () => Promise<void>,
): PersistenceAdapter {
  const adapter = new DynamoDbPersistenceAdapter({ client: dynamoDb, tableName: config.tableName });
  if (!config.dynamoDbEndpoint) return adapter;
  return {
    async getAttributes(envelope) {
      await ensureTable();
      return adapter.getAttributes(envelope);
    },
    async saveAttributes(envelope, attributes) {
      await ensureTable();
      await adapter.saveAttributes(envelope, attributes);
    },
    async deleteAttributes(envelope) {
      await ensureTable();
      await adapter.deleteAttributes(envelope);
    },
  };
}

/** The order store shares the customer table; records it cannot read are logged by key and counted (a metric). */
export function createOffsetStore(
  dynamoDb: DynamoDBClient,
  config: Config,
  context: { logger: AppLogger; clock: () => Date },
): DynamoDbOffsetStore {
  return new DynamoDbOffsetStore({
    client: dynamoDb,
    tableName: config.tableName,
    onUnreadable: reportUnreadableRecords(context.logger, { tableName: config.tableName, clock: context.clock }),
  });
}

type ClearingHouseModule = typeof import('../features/offsets/adapters/clearing-house-offset-provider');
type AmazonPayApiModule = typeof import('../features/offsets/adapters/amazon-pay-api');
type LinkedCardModule = typeof import('./linked-card');

/** Retirements through the embedded ledger (in the customer table) or a clearing house over HTTP. */
export function createOffsetProvider(
  offsets: OffsetConfig,
  dynamoDb: DynamoDBClient,
  config: Config,
  clock: () => Date,
): OffsetProvider {
  if (offsets.provider.kind === 'ledger') {
    return createLedgerOffsetProvider({ client: dynamoDb, tableName: config.tableName, clock });
  }
  return clearingHouseOnFirstUse(offsets.provider);
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
        require('../features/offsets/adapters/clearing-house-offset-provider') as ClearingHouseModule;
      provider = createClearingHouseProvider({
        baseUrl: options.baseUrl,
        apiKey: options.apiKey,
        timeoutMs: options.timeoutMs,
        maxAttempts: options.maxAttempts,
      });
    }
    return provider;
  };
  const view = (deadline: Deadline | undefined): OffsetProvider => ({
    name: 'clearing-house',
    within: (turn) => view(turn),
    retire: (request) => (deadline ? load().within(deadline) : load()).retire(request),
  });
  return view(undefined);
}

/** The Amazon Pay API client for the monthly job (axios too: loaded by the job only, like the clearing house). */
export function createAmazonPayApi(offsets: OffsetConfig): AmazonPayApi {
  if (!offsets.amazonPayApi || !offsets.amazonPay) {
    throw new ConfigError('AMAZON_PAY_API_URL must be set for the monthly job');
  }
  const { createAmazonPayApiClient } = require('../features/offsets/adapters/amazon-pay-api') as AmazonPayApiModule;
  return createAmazonPayApiClient({ ...offsets.amazonPayApi, config: offsets.amazonPay });
}

/** The monthly plan's charges on Amazon Pay: the Amazon Pay API, or `api` (loaded by the job only). */
export function createAmazonPayMerchantCharges(offsets: OffsetConfig, api?: AmazonPayApi): MerchantCharges {
  const module = require('../features/offsets/adapters/amazon-pay-api') as AmazonPayApiModule;
  return module.createAmazonPayMerchantCharges(api ?? createAmazonPayApi(offsets));
}

export interface LinkedCardPorts {
  readonly rail: PaymentRail;
  readonly records: AccountRecords;
  readonly mailer: OrderMailer;
  readonly merchantCharges: MerchantCharges;
}

/**
 * The linked-card rail's ports, loaded on first use: `./linked-card.js` (Stripe, jose, SES, Secrets Manager, bundled
 * apart by scripts/build.mjs) is required, and the secrets read, by the first call that needs them, never at cold
 * start. A failed load (Secrets Manager did not answer) is tried again on the next call.
 */
export function linkedCardOnFirstUse(
  offsets: OffsetConfig,
  config: Config,
  dynamoDb: () => DynamoDBClient,
  context: { logger: AppLogger; clock: () => Date; caller: 'conversation' | 'job' },
): LinkedCardPorts {
  const linkedCard = offsets.linkedCard;
  if (!linkedCard) throw new ConfigError('The linked-card rail needs ACCOUNTS_URL');
  let loading: Promise<LinkedCardPorts> | undefined;
  const load = (): Promise<LinkedCardPorts> => {
    loading ??= (async () => {
      const { createLinkedCardAdapters } = require('./linked-card') as LinkedCardModule;
      return createLinkedCardAdapters({
        config: linkedCard,
        region: config.region,
        dynamoDb: dynamoDb(),
        sellerName: offsets.sellerName,
        ...context,
      });
    })().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  /** The rail as loaded, for one turn (or, without a deadline, for the job). */
  const railView = (deadline: Deadline | undefined): PaymentRail => {
    const rail = async () => {
      const loaded = (await load()).rail;
      return deadline ? loaded.within(deadline) : loaded;
    };
    return {
      name: 'linked-card',
      within: (turn) => railView(turn),
      payer: async (buyer, saved) => (await rail()).payer(buyer, saved),
      checkVoiceCode: async (buyer, digits) => (await rail()).checkVoiceCode(buyer, digits),
      startSetup: () => {
        throw new RangeError('The linked-card rail has no Setup');
      },
      startCharge: async (charge, note) => (await rail()).startCharge(charge, note),
      lookUpCharge: async (charge) => (await rail()).lookUpCharge(charge),
      cancelCharge: async (order) => (await rail()).cancelCharge(order),
      refund: async (order) => (await rail()).refund(order),
      interpretSetup: () => {
        throw new RangeError('The linked-card rail gets no Connections.Response');
      },
      interpretCharge: () => {
        throw new RangeError('The linked-card rail gets no Connections.Response');
      },
    };
  };
  return {
    rail: railView(undefined),
    records: {
      recordOrder: async (order) => (await load()).records.recordOrder(order),
      recordPlan: async (plan, next, problem) => (await load()).records.recordPlan(plan, next, problem),
      planOnPage: async (accountId) => (await load()).records.planOnPage(accountId),
      pageRefund: async (accountId, orderId) => (await load()).records.pageRefund(accountId, orderId),
      settleRefund: async (accountId, orderId, outcome) =>
        (await load()).records.settleRefund(accountId, orderId, outcome),
      recordMonthlyCharge: async (plan, charge) => (await load()).records.recordMonthlyCharge(plan, charge),
    },
    mailer: {
      orderConfirmation: async (order) => (await load()).mailer.orderConfirmation(order),
      authenticationNeeded: async (order) => (await load()).mailer.authenticationNeeded(order),
      monthlyChargeConfirmation: async (plan, charge) => (await load()).mailer.monthlyChargeConfirmation(plan, charge),
      monthlyAuthenticationNeeded: async (plan, charge) =>
        (await load()).mailer.monthlyAuthenticationNeeded(plan, charge),
    },
    merchantCharges: {
      charge: async (request) => (await load()).merchantCharges.charge(request),
      lookUp: async (request) => (await load()).merchantCharges.lookUp(request),
    },
  };
}
