/**
 * The composition root: builds the whole skill from its configuration, with real adapters for every port the
 * caller did not inject. index.ts calls it once per cold start with the environment's configuration; tests and the
 * simulator call it with their own configuration and, where they want, their own ports (a clock, a failing provider),
 * so the skill they talk to is built from source exactly as Lambda builds it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PersistenceAdapter } from 'ask-sdk-core';
import type { services } from 'ask-sdk-model';
import type { Turn } from '../conversation/turn';
import type {
  AccountRecords,
  AmazonPayApi,
  MerchantCharges,
  OffsetConfig,
  OffsetProvider,
  OffsetServices,
  OffsetStore,
  OrderMailer,
  PaymentRail,
} from '../features/offsets';
import { createAmazonPayRail } from '../features/offsets/adapters/amazon-pay-rail';
import { newOrderId } from '../features/offsets/adapters/order-ids';
import type { ProductCatalogue } from '../features/purchases';
import { createAlexaProductCatalogue, ProductListCache } from '../features/purchases/adapters/alexa-product-catalogue';
import { ConfigError } from '../shared/errors';
import { type AppLogger, createLogger } from '../shared/logger';
import { TimeoutApiClient } from '../shared/timeout-api-client';
import type { Random } from '../shared/variants';
import {
  createAmazonPayApi,
  createAmazonPayMerchantCharges,
  createDynamoDbClient,
  createOffsetProvider,
  createOffsetStore,
  createPersistenceAdapter,
  linkedCardOnFirstUse,
  localTable,
} from './adapters';
import { composeSkill, type GreenHorizons, type JobServices } from './compose-skill';
import type { Config } from './config';

export type { GreenHorizons } from './compose-skill';

/** Ports and services to use instead of the ones built from configuration. */
export interface SkillOverrides {
  readonly clock?: () => Date;
  readonly random?: Random;
  readonly logger?: AppLogger;
  readonly dynamoDb?: DynamoDBClient;
  readonly persistenceAdapter?: PersistenceAdapter;
  readonly apiClient?: services.ApiClient;
  readonly productCatalogue?: (turn: Turn) => ProductCatalogue;
  readonly offsetStore?: OffsetStore;
  readonly offsetProvider?: OffsetProvider;
  readonly paymentRail?: PaymentRail;
  /** The linked card's account page and email (with `paymentRail`, to run the card rail on other parts). */
  readonly accountRecords?: AccountRecords;
  readonly mailer?: OrderMailer;
  /** The monthly job's charges (instead of the Amazon Pay API or Stripe built from configuration). */
  readonly merchantCharges?: MerchantCharges;
  /** Amazon Pay's API for the monthly job (wrapped as its charges). */
  readonly amazonPayApi?: AmazonPayApi;
  readonly newOrderId?: () => string;
}

export function createSkill(config: Config, overrides: SkillOverrides = {}): GreenHorizons {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? (() => new Date());
  // Built on first need only: a caller that injects every DynamoDB-backed port gets no client.
  let client: DynamoDBClient | undefined;
  const dynamoDb = (): DynamoDBClient => {
    client ??= overrides.dynamoDb ?? createDynamoDbClient(config);
    return client;
  };
  const ensureTable = localTable(dynamoDb, config);
  const offsetConfig = config.offsets;
  /** The rail's ports for the conversation, or for the scheduled job (the card rail's Stripe retries differ). */
  const railPorts = (offsets: OffsetConfig, caller: 'conversation' | 'job') => {
    if (offsets.rail === 'linked-card') {
      const card = linkedCardOnFirstUse(offsets, config, dynamoDb, { logger, clock, caller });
      return {
        paymentRail: overrides.paymentRail ?? card.rail,
        accountRecords: overrides.accountRecords ?? card.records,
        mailer: overrides.mailer ?? card.mailer,
        merchantCharges: () => overrides.merchantCharges ?? card.merchantCharges,
      };
    }
    if (!offsets.amazonPay) throw new ConfigError('The Amazon Pay rail needs AMAZON_PAY_SELLER_ID');
    // The Amazon Pay API (GetAuthorizationDetails) looks up charges left open: built on the first look-up, when set.
    let api: AmazonPayApi | undefined;
    const lookUpApi = (): AmazonPayApi | undefined => {
      api ??= overrides.amazonPayApi ?? (offsets.amazonPayApi ? createAmazonPayApi(offsets) : undefined);
      return api;
    };
    return {
      paymentRail: overrides.paymentRail ?? createAmazonPayRail(offsets.amazonPay, lookUpApi),
      accountRecords: overrides.accountRecords,
      mailer: overrides.mailer,
      merchantCharges: (): MerchantCharges =>
        overrides.merchantCharges ?? createAmazonPayMerchantCharges(offsets, overrides.amazonPayApi),
    };
  };
  const services = (offsets: OffsetConfig, caller: 'conversation' | 'job'): OffsetServices & JobServices => {
    const rail = railPorts(offsets, caller);
    return {
      config: offsets,
      offsetStore: overrides.offsetStore ?? createOffsetStore(dynamoDb(), config, { logger, clock }),
      paymentRail: rail.paymentRail,
      accountRecords: rail.accountRecords,
      mailer: rail.mailer,
      offsetProvider: overrides.offsetProvider ?? createOffsetProvider(offsets, dynamoDb(), config, clock),
      newOrderId: overrides.newOrderId ?? newOrderId,
      merchantCharges: rail.merchantCharges,
    };
  };
  const offsets = offsetConfig && services(offsetConfig, 'conversation');
  let jobServices: (OffsetServices & JobServices) | undefined;
  const alexaApi = new TimeoutApiClient(config.alexaApiTimeoutMs);
  const products = new ProductListCache();
  return composeSkill(config, {
    clock,
    random: overrides.random ?? Math.random,
    logger,
    persistenceAdapter: overrides.persistenceAdapter ?? createPersistenceAdapter(dynamoDb(), config, ensureTable),
    apiClient: overrides.apiClient ?? alexaApi,
    productCatalogue:
      overrides.productCatalogue ??
      ((turn) =>
        createAlexaProductCatalogue(turn.input, {
          cache: products,
          apiClient: overrides.apiClient ?? alexaApi.within(turn.deadline),
          logger,
        })),
    offsets,
    job: () => {
      if (!offsetConfig) throw new ConfigError('Offsets are not configured (PAYMENT_RAIL and its settings)');
      jobServices ??= services(offsetConfig, 'job');
      return jobServices;
    },
    ensureTable,
  });
}
