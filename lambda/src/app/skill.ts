import { type Skill as CustomSkill, type PersistenceAdapter, SkillBuilders } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope, services } from 'ask-sdk-model';
import {
  createErrorHandler,
  createFallbackHandler,
  createHelpHandler,
  createLaunchHandler,
  createNavigateHomeHandler,
  createSessionEndedHandler,
  createSilentEventsHandler,
  createStopHandler,
} from '../conversation/core-handlers';
import { closeUnansweredQuestions } from '../conversation/questions';
import type { HandlerDeps } from '../conversation/turn';
import {
  createEcoTipHandler,
  createElectricityEstimateHandler,
  createFlightEstimateHandler,
  createTripEstimateHandler,
} from '../features/footprint/handlers';
import {
  createCancelOrderHandler,
  createCancelPlanHandler,
  createOffsetAnswerHandler,
  createOffsetHandler,
  createOrderStatusHandler,
  createPaymentResponseHandler,
  createPlanStatusHandler,
  createRefundOrderHandler,
  createStartPlanHandler,
} from '../features/offsets/handlers';
import {
  createBuyHandler,
  createCancelProductHandler,
  createDescribeProductHandler,
  createMonthlyFootprintHandler,
  createOfferAnswerHandler,
  createPlansLeftHandler,
  createPurchaseHistoryHandler,
  createPurchaseResponseHandler,
  createReductionPlanHandler,
  createSkillDisabledHandler,
  createWhatCanIBuyHandler,
} from '../features/purchases/handlers';
import { type AppLogger, describeError } from '../shared/logger';

export interface SkillDeps extends HandlerDeps {
  readonly persistenceAdapter: PersistenceAdapter;
  readonly apiClient: services.ApiClient;
  readonly skillId: string | undefined;
}

/** Builds the skill from its parts. Handlers match in registration order: the catch-all fallback comes last. */
export function buildSkill(deps: SkillDeps): CustomSkill {
  const builder = SkillBuilders.custom()
    .withPersistenceAdapter(deps.persistenceAdapter)
    .withApiClient(deps.apiClient)
    .addRequestHandlers(
      createLaunchHandler(deps),
      createPurchaseResponseHandler(deps),
      createPaymentResponseHandler(deps),
      createSkillDisabledHandler(deps),
      createOffsetAnswerHandler(deps),
      createOfferAnswerHandler(deps),
      createHelpHandler(deps),
      createStopHandler(deps),
      createNavigateHomeHandler(deps),
      createFlightEstimateHandler(deps),
      createTripEstimateHandler(deps),
      createElectricityEstimateHandler(deps),
      createEcoTipHandler(deps),
      createWhatCanIBuyHandler(deps),
      createDescribeProductHandler(deps),
      createBuyHandler(deps),
      createPurchaseHistoryHandler(deps),
      createCancelProductHandler(deps),
      createMonthlyFootprintHandler(deps),
      createReductionPlanHandler(deps),
      createPlansLeftHandler(deps),
      createOffsetHandler(deps),
      createOrderStatusHandler(deps),
      createCancelOrderHandler(deps),
      createRefundOrderHandler(deps),
      createStartPlanHandler(deps),
      createPlanStatusHandler(deps),
      createCancelPlanHandler(deps),
      createSessionEndedHandler(deps),
      createSilentEventsHandler(deps),
      createFallbackHandler(deps),
    )
    .addRequestInterceptors(closeUnansweredQuestions)
    .addErrorHandlers(createErrorHandler(deps))
    .withCustomUserAgent('green-horizons');
  if (deps.skillId) builder.withSkillId(deps.skillId);
  return builder.create();
}

export type AlexaHandler = (event: RequestEnvelope, context?: unknown) => Promise<ResponseEnvelope>;

/**
 * The Lambda entry: an async function around `skill.invoke` (current Node.js runtimes reject the SDK's
 * callback-style `.lambda()`), logging one line per request with what is safe to log.
 */
export function createAlexaHandler(skill: CustomSkill, logger: AppLogger, now: () => number = Date.now): AlexaHandler {
  return async (event, context) => {
    const started = now();
    const request = event?.request;
    const fields = {
      requestType: request?.type,
      intent: request?.type === 'IntentRequest' ? request.intent?.name : undefined,
      locale: request?.locale,
    };
    try {
      const response = await skill.invoke(event, context);
      logger.info('Request handled', { ...fields, latencyMs: now() - started });
      return response;
    } catch (error) {
      // Only reached for requests the skill refuses outright (another skill's ID, an envelope without a request).
      logger.error('Request rejected', { ...fields, latencyMs: now() - started, ...describeError(error) });
      throw error;
    }
  };
}
