/**
 * The wiring of the skill: every handler, with the ports it is given. No adapter is built here (create-skill.ts builds
 * them from configuration), so whatever a caller passes in is all the skill talks to.
 */
import { type Skill as CustomSkill, type PersistenceAdapter, SkillBuilders } from 'ask-sdk-core';
import type { services } from 'ask-sdk-model';
import {
  createErrorHandler,
  createFallbackHandler,
  createHelpHandler,
  createLaunchHandler,
  createNavigateHomeHandler,
  createRepeatHandler,
  createSessionEndedHandler,
  createSilentEventsHandler,
  createSkillDisabledHandler,
  createStopHandler,
} from '../conversation/core-handlers';
import { createEdgeHandler, openTurn } from '../conversation/edge';
import { lateAnswer } from '../conversation/late-answer';
import { questionHelp } from '../conversation/question-help';
import type { Turn, TurnDeps } from '../conversation/turn';
import { createYesNoHandler, type YesNoAnswers } from '../conversation/yes-no';
import {
  continueFlight,
  createFootprintHandlers,
  type FootprintDeps,
  footprintAnswers,
  footprintSlotHelp,
} from '../features/footprint';
import {
  cancelPlanWhenDisabled,
  createOffsetsHandlers,
  createPaymentResponseHandler,
  type MerchantCharges,
  type MonthlyRunSummary,
  type OffsetServices,
  type OffsetsDeps,
  offsetsAnswers,
  offsetsElsewhere,
  offsetsFollowUp,
  resumeOrderAtLaunch,
  runMonthlyCharges,
} from '../features/offsets';
import {
  createPurchaseResponseHandler,
  createPurchasesHandlers,
  type ProductCatalogue,
  type PurchasesDeps,
  plusSuggestion,
  purchasesAnswers,
  purchasesPortsFor,
  purchasesSlotHelp,
  travelPackGate,
} from '../features/purchases';
import { NO_DEADLINE } from '../shared/deadline';
import { ConfigError } from '../shared/errors';
import type { Config } from './config';
import { sharedKeys } from './customer-state';
import { type AlexaHandler, createAlexaHandler } from './lambda-handler';

/** Everything the skill talks to. */
export interface SkillPorts extends TurnDeps {
  readonly persistenceAdapter: PersistenceAdapter;
  readonly apiClient: services.ApiClient;
  readonly productCatalogue: (turn: Turn) => ProductCatalogue;
  /** Selling offsets; undefined: the feature is off, and never mentioned. */
  readonly offsets: OffsetServices | undefined;
  /** The monthly job's services (the rail's own for charges nobody is present for), made when it runs; throws without offsets. */
  readonly job: () => OffsetServices & JobServices;
  /** Run before the monthly job touches the table (a local server's table is created on first use). */
  readonly ensureTable: () => Promise<void>;
}

/** What the scheduled job has besides the offsets services: the charges nobody is present for. */
export interface JobServices {
  readonly merchantCharges: () => MerchantCharges;
}

export interface GreenHorizons {
  /** The Alexa entry point (Lambda's `index.handler`). */
  readonly handler: AlexaHandler;
  /**
   * The scheduled entry point (`index.monthlyChargesHandler`, EventBridge, hourly): charges each active monthly plan
   * once per month on its rail, settles card payments left undecided, and retries fulfilment and emails.
   * Idempotent: run it as often as you like.
   */
  readonly monthlyCharges: () => Promise<MonthlyRunSummary>;
}

export function composeSkill(config: Config, ports: SkillPorts): GreenHorizons {
  const overlapping = sharedKeys();
  if (overlapping.length > 0) throw new ConfigError(`State keys claimed twice: ${overlapping.join(', ')}`);
  const turnDeps: TurnDeps = { clock: ports.clock, random: ports.random, logger: ports.logger };
  const { offsets } = ports;
  const offsetsDeps: OffsetsDeps = { ...turnDeps, offsets };
  const purchasesBase = {
    ...turnDeps,
    catalogueFor: ports.productCatalogue,
    otherPurchases: offsetsElsewhere(offsetsDeps),
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

  // Every question's answers and help come from the feature that asks it; the conversation module names none.
  const answers: YesNoAnswers = {
    ...footprintAnswers(footprintDeps),
    ...purchasesAnswers(purchasesDeps),
    ...offsetsAnswers(offsetsDeps),
  };
  const questionDeps = {
    ...turnDeps,
    questionHelp: questionHelp(answers, { ...footprintSlotHelp, ...purchasesSlotHelp }),
  };

  const builder = SkillBuilders.custom()
    .withPersistenceAdapter(ports.persistenceAdapter)
    .withApiClient(ports.apiClient)
    // Matched in this order; the intents, request types and Connections.Response names do not overlap, and yes/no
    // goes by the pending question (conversation/yes-no.ts). The catch-all fallback comes last.
    .addRequestHandlers(
      // Requests refused at the edge (conversation/edge.ts) are answered before any other handler sees them.
      createEdgeHandler(turnDeps),
      createLaunchHandler({ ...turnDeps, launchQuestions: [resumeOrderAtLaunch(offsetsDeps)] }),
      createPurchaseResponseHandler(purchasesDeps),
      createPaymentResponseHandler(offsetsDeps),
      createSkillDisabledHandler({ ...turnDeps, beforeDeletion: [cancelPlanWhenDisabled(offsetsDeps)] }),
      createYesNoHandler(answers, turnDeps),
      createHelpHandler(questionDeps),
      createRepeatHandler(turnDeps),
      createStopHandler(turnDeps),
      createNavigateHomeHandler(turnDeps),
      ...createFootprintHandlers(footprintDeps),
      ...createPurchasesHandlers(purchasesDeps),
      ...createOffsetsHandlers(offsetsDeps),
      createSessionEndedHandler(turnDeps),
      createSilentEventsHandler(turnDeps),
      createFallbackHandler(questionDeps),
    )
    .addRequestInterceptors(openTurn)
    .addErrorHandlers(createErrorHandler(turnDeps))
    .withCustomUserAgent('green-horizons');
  if (config.skillId) builder.withSkillId(config.skillId);
  const skill: CustomSkill = builder.create();

  return {
    handler: createAlexaHandler(skill, ports.logger, { deadlineMs: config.turnDeadlineMs, lateAnswer }),
    async monthlyCharges() {
      const job = ports.job();
      const merchantCharges = job.merchantCharges();
      await ports.ensureTable();
      const summary = await runMonthlyCharges({
        ...job,
        merchantCharges,
        deadline: NO_DEADLINE,
        clock: ports.clock,
        logger: ports.logger,
      });
      ports.logger.info('Monthly charges run', { ...summary });
      return summary;
    },
  };
}
