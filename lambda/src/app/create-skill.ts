/**
 * The composition root: builds the whole skill from its configuration, with real adapters for every port the
 * caller did not inject. index.ts calls it once per cold start with the environment's configuration; tests and the
 * simulator call it with their own configuration and, where they want, their own ports (a clock, a failing provider),
 * so the skill they talk to is built from source exactly as Lambda builds it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Skill as CustomSkill, type PersistenceAdapter, SkillBuilders } from 'ask-sdk-core';
import type { services } from 'ask-sdk-model';
import { openConversation } from '../conversation/conversation-state';
import {
  createErrorHandler,
  createFallbackHandler,
  createHelpHandler,
  createLaunchHandler,
  createNavigateHomeHandler,
  createSessionEndedHandler,
  createSilentEventsHandler,
  createSkillDisabledHandler,
  createStopHandler,
} from '../conversation/core-handlers';
import type { Turn, TurnDeps } from '../conversation/turn';
import { createYesNoHandler } from '../conversation/yes-no';
import { continueFlight, createFootprintHandlers, type FootprintDeps, footprintAnswers } from '../features/footprint';
import {
  type AmazonPayApi,
  createOffsetsHandlers,
  createPaymentResponseHandler,
  type MonthlyRunSummary,
  type OffsetProvider,
  type OffsetServices,
  type OffsetStore,
  type OffsetsDeps,
  offsetsAnswers,
  offsetsFollowUp,
  type PaymentRail,
  resumeOrderAtLaunch,
  runMonthlyCharges,
} from '../features/offsets';
import { createAmazonPayRail } from '../features/offsets/adapters/amazon-pay-rail';
import { newOrderId } from '../features/offsets/adapters/order-ids';
import {
  createPurchaseResponseHandler,
  createPurchasesHandlers,
  type ProductCatalogue,
  type PurchasesDeps,
  plusSuggestion,
  purchasesAnswers,
  purchasesPortsFor,
  travelPackGate,
} from '../features/purchases';
import { createAlexaProductCatalogue } from '../features/purchases/adapters/alexa-product-catalogue';
import { ConfigError } from '../shared/errors';
import { type AppLogger, createLogger } from '../shared/logger';
import { TimeoutApiClient } from '../shared/timeout-api-client';
import type { Random } from '../shared/variants';
import {
  createAmazonPayApi,
  createDynamoDbClient,
  createOffsetProvider,
  createOffsetStore,
  createPersistenceAdapter,
  localTable,
} from './adapters';
import type { Config } from './config';
import { sharedKeys } from './customer-state';
import { type AlexaHandler, createAlexaHandler } from './lambda-handler';

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
  readonly amazonPayApi?: AmazonPayApi;
  readonly newOrderId?: () => string;
}

export interface GreenHorizons {
  /** The Alexa entry point (Lambda's `index.handler`). */
  readonly handler: AlexaHandler;
  /**
   * The scheduled entry point (`index.monthlyChargesHandler`, EventBridge, daily): charges each active monthly plan
   * once per month through the Amazon Pay API, and retries fulfilment of charged orders and plan charges.
   * Idempotent: run it as often as you like.
   */
  readonly monthlyCharges: () => Promise<MonthlyRunSummary>;
}

export function createSkill(config: Config, overrides: SkillOverrides = {}): GreenHorizons {
  const overlapping = sharedKeys();
  if (overlapping.length > 0) throw new ConfigError(`State keys claimed twice: ${overlapping.join(', ')}`);
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? (() => new Date());
  const turnDeps: TurnDeps = { clock, random: overrides.random ?? Math.random, logger };
  // Built on first need only: a caller that injects every DynamoDB-backed port gets no client.
  let client: DynamoDBClient | undefined;
  const dynamoDb = (): DynamoDBClient => {
    client ??= overrides.dynamoDb ?? createDynamoDbClient(config);
    return client;
  };
  const ensureTable = localTable(dynamoDb, config);

  const offsets: OffsetServices | undefined = config.offsets && {
    config: config.offsets,
    offsetStore: overrides.offsetStore ?? createOffsetStore(dynamoDb(), config),
    paymentRail: overrides.paymentRail ?? createAmazonPayRail(config.offsets.amazonPay),
    offsetProvider: overrides.offsetProvider ?? createOffsetProvider(config.offsets, dynamoDb(), config, clock),
    newOrderId: overrides.newOrderId ?? newOrderId,
  };
  const offsetsDeps: OffsetsDeps = { ...turnDeps, offsets };
  const purchasesBase = {
    ...turnDeps,
    catalogueFor:
      overrides.productCatalogue ??
      ((turn: Turn) => createAlexaProductCatalogue(turn.input, turn.conversation, logger)),
  };
  // Footprint knows neither purchases nor offsets: what they add to an estimate is handed in here.
  const footprintDeps: FootprintDeps = {
    ...turnDeps,
    extensions: (turn) => {
      const purchases = purchasesPortsFor(turn, purchasesBase);
      return {
        travelPack: travelPackGate(turn, purchases),
        followUps: [plusSuggestion(turn, purchases), offsetsFollowUp(turn, offsetsDeps)],
      };
    },
  };
  const purchasesDeps: PurchasesDeps = {
    ...purchasesBase,
    continueFlight: (turn, flight, bought) => continueFlight(turn, footprintDeps, flight, bought),
  };

  const builder = SkillBuilders.custom()
    .withPersistenceAdapter(overrides.persistenceAdapter ?? createPersistenceAdapter(dynamoDb(), config, ensureTable))
    .withApiClient(overrides.apiClient ?? new TimeoutApiClient(config.alexaApiTimeoutMs))
    // Matched in this order; the intents, request types and Connections.Response names do not overlap, and yes/no
    // goes by the pending question (conversation/yes-no.ts). The catch-all fallback comes last.
    .addRequestHandlers(
      createLaunchHandler({ ...turnDeps, launchQuestions: [resumeOrderAtLaunch(offsetsDeps)] }),
      createPurchaseResponseHandler(purchasesDeps),
      createPaymentResponseHandler(offsetsDeps),
      createSkillDisabledHandler(turnDeps),
      createYesNoHandler(
        { ...footprintAnswers(footprintDeps), ...purchasesAnswers(purchasesDeps), ...offsetsAnswers(offsetsDeps) },
        turnDeps,
      ),
      createHelpHandler(turnDeps),
      createStopHandler(turnDeps),
      createNavigateHomeHandler(turnDeps),
      ...createFootprintHandlers(footprintDeps),
      ...createPurchasesHandlers(purchasesDeps),
      ...createOffsetsHandlers(offsetsDeps),
      createSessionEndedHandler(turnDeps),
      createSilentEventsHandler(turnDeps),
      createFallbackHandler(turnDeps),
    )
    .addRequestInterceptors(openConversation)
    .addErrorHandlers(createErrorHandler(turnDeps))
    .withCustomUserAgent('green-horizons');
  if (config.skillId) builder.withSkillId(config.skillId);
  const skill: CustomSkill = builder.create();

  return {
    handler: createAlexaHandler(skill, logger),
    async monthlyCharges() {
      if (!config.offsets || !offsets) throw new ConfigError('Offsets are not configured (AMAZON_PAY_SELLER_ID)');
      const amazonPayApi = overrides.amazonPayApi ?? createAmazonPayApi(config.offsets);
      await ensureTable();
      const summary = await runMonthlyCharges({
        offsetStore: offsets.offsetStore,
        offsetProvider: offsets.offsetProvider,
        amazonPayApi,
        clock,
        logger,
      });
      logger.info('Monthly charges run', { ...summary });
      return summary;
    },
  };
}
