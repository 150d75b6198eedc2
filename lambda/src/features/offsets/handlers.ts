import type { RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { ForgetCustomer, LaunchQuestion } from '../../conversation/core-handlers';
import type { AskedQuestion } from '../../conversation/reply';
import {
  accessToken,
  connectionsAnswer,
  hasPermission,
  isConnectionsResponse,
  isIntent,
  slotValue,
  userId,
} from '../../conversation/request';
import { Turn, type TurnDeps } from '../../conversation/turn';
import type { YesNoAnswers } from '../../conversation/yes-no';
import { writeIdsFor } from '../../shared/customer-store';
import { type EstimateFollowUp, footprintState } from '../footprint';
import type { RailName } from './domain/payment';
import { offsetMessagesFor } from './messages';
import { offsetsState } from './offsets-state';
import {
  launchNews,
  offsetFollowUp,
  offsetsBoughtSpeech,
  PAYMENTS_PERMISSION,
  resumeQuestion,
  speakCodeNotAsked,
  speakOffsets,
  speakRefundDeclined,
} from './speech';
import {
  answerPayment,
  answerReadBack,
  answerResume,
  answerVoiceCode,
  declineVoiceCode,
  offsetLastEstimate,
} from './use-cases/charge-now';
import {
  answerPlanVoiceCode,
  cancelPlanOfDisabledSkill,
  cancelTheMonthlyPlan,
  confirmMonthlyPlan,
  monthlyPlanStatus,
  proposeMonthlyPlan,
} from './use-cases/monthly-plan';
import {
  cancelCurrentOrder,
  confirmRefund,
  offsetsBought,
  orderStatus,
  paymentNews,
  refundCurrentOrder,
  unfinishedOrder,
} from './use-cases/orders';
import type { Buyer, OffsetOutcome, OffsetPorts, OffsetServices } from './use-cases/outcome';

export interface OffsetsDeps extends TurnDeps {
  /** Selling offsets (undefined: the feature is off, and never mentioned). */
  readonly offsets: OffsetServices | undefined;
}

type UseCase = (buyer: Buyer, ports: OffsetPorts, turn: Turn) => Promise<OffsetOutcome>;

function portsFor(turn: Turn, deps: OffsetsDeps, services: OffsetServices): OffsetPorts {
  return {
    ...services,
    offsetStore: services.offsetStore.within({
      deadline: turn.deadline,
      writeIds: () => writeIdsFor(turn.input.requestEnvelope),
    }),
    offsetProvider: services.offsetProvider.within(turn.deadline),
    paymentRail: services.paymentRail.within(turn.deadline),
    deadline: turn.deadline,
    customer: turn.customer.slice(offsetsState),
    lastEstimate: async () => (await turn.customer.read(footprintState)).lastEstimate,
    clock: deps.clock,
    logger: deps.logger,
  };
}

function buyerOf(turn: Turn): Buyer {
  return {
    userId: userId(turn.input),
    paymentsAllowed: hasPermission(turn.input, PAYMENTS_PERMISSION),
    accessToken: accessToken(turn.input),
  };
}

/** Every offsets turn: the topic is offsets; without offsets configured, one plain "not here". */
async function respond(turn: Turn, deps: OffsetsDeps, useCase: UseCase): Promise<Response> {
  turn.conversation.topic = 'offset';
  const services = deps.offsets;
  if (!services) return speakOffsets(turn, { kind: 'unavailable' }, undefined);
  const outcome = await useCase(buyerOf(turn), portsFor(turn, deps, services), turn);
  return speakOffsets(turn, outcome, services.config);
}

function offsetsHandler(deps: OffsetsDeps, canHandle: RequestHandler['canHandle'], useCase: UseCase): RequestHandler {
  return { canHandle, handle: (input) => respond(new Turn(input, deps), deps, useCase) };
}

/** The four digits said: for the order (or the plan) the pending question names; nothing asked, nothing checked. */
function createVoiceCodeHandler(deps: OffsetsDeps): RequestHandler {
  return {
    canHandle: isIntent('VoiceCodeIntent'),
    handle(input) {
      const turn = new Turn(input, deps);
      const asked = turn.conversation.asked;
      if (!deps.offsets || asked?.kind !== 'voice-code') return speakCodeNotAsked(turn);
      const digits = slotValue(input, 'code') ?? '';
      const { orderId } = asked;
      return respond(turn, deps, (buyer, ports) =>
        orderId === undefined
          ? answerPlanVoiceCode(buyer, digits, ports)
          : answerVoiceCode(buyer, orderId, digits, ports),
      );
    },
  };
}

export function createOffsetsHandlers(deps: OffsetsDeps): RequestHandler[] {
  return [
    offsetsHandler(deps, isIntent('OffsetIntent'), offsetLastEstimate),
    offsetsHandler(deps, isIntent('OrderStatusIntent'), orderStatus),
    offsetsHandler(deps, isIntent('CancelOrderIntent'), cancelCurrentOrder),
    offsetsHandler(deps, isIntent('RefundOrderIntent'), refundCurrentOrder),
    offsetsHandler(deps, isIntent('StartOffsetPlanIntent'), proposeMonthlyPlan),
    offsetsHandler(deps, isIntent('OffsetPlanStatusIntent'), monthlyPlanStatus),
    offsetsHandler(deps, isIntent('CancelOffsetPlanIntent'), cancelTheMonthlyPlan),
    createVoiceCodeHandler(deps),
  ];
}

/** Amazon Pay's answer to a Setup or a Charge, in a new session. */
export function createPaymentResponseHandler(deps: OffsetsDeps): RequestHandler {
  return offsetsHandler(deps, isConnectionsResponse('Setup', 'Charge'), (buyer, ports, turn) => {
    const answer = connectionsAnswer(turn.input);
    if (!answer) throw new TypeError('Not a Connections.Response');
    return answerPayment(answer, buyer, ports);
  });
}

type Answer = (turn: Turn, useCase: UseCase) => Promise<Response>;

/** Offset this estimate, place this order, continue it, start the plan. */
function orderAnswers(
  answer: Answer,
  rail: RailName,
): Pick<YesNoAnswers, 'offset-estimate' | 'confirm-order' | 'resume-order'> {
  const help = (turn: Turn) => offsetMessagesFor(turn.locale).help;
  return {
    'offset-estimate': {
      yes: (turn) => answer(turn, offsetLastEstimate),
      no: (turn) => answer(turn, async () => ({ kind: 'offer-declined' })),
      help: (turn) => help(turn).offsetEstimate,
    },
    'confirm-order': {
      yes: (turn, { orderId }) => answer(turn, (buyer, ports) => answerReadBack(buyer, orderId, true, ports)),
      no: (turn, { orderId }) => answer(turn, (buyer, ports) => answerReadBack(buyer, orderId, false, ports)),
      help: (turn) => help(turn).confirmOrder[rail],
    },
    'resume-order': {
      yes: (turn, { orderId }) => answer(turn, (buyer, ports) => answerResume(buyer, orderId, true, ports)),
      no: (turn, { orderId }) => answer(turn, (buyer, ports) => answerResume(buyer, orderId, false, ports)),
      help: (turn) => help(turn).resumeOrder,
    },
  };
}

/** The monthly plan's read-back, the voice code (yes: say it; no: not placed) and the refund. */
function accountAnswers(
  answer: Answer,
  rail: RailName,
): Pick<YesNoAnswers, 'confirm-monthly-plan' | 'voice-code' | 'confirm-refund'> {
  const help = (turn: Turn) => offsetMessagesFor(turn.locale).help;
  return {
    'confirm-monthly-plan': {
      yes: (turn) => answer(turn, (buyer, ports) => confirmMonthlyPlan(buyer, ports)),
      no: (turn) => answer(turn, async () => ({ kind: 'monthly-plan-declined' })),
      help: (turn) => help(turn).confirmMonthlyPlan[rail],
    },
    'voice-code': {
      yes: (turn, { orderId }) => answer(turn, async () => ({ kind: 'voice-code-needed', orderId, again: false })),
      no: (turn, { orderId }) =>
        answer(turn, (buyer, ports) =>
          orderId === undefined ? Promise.resolve({ kind: 'not-placed' }) : declineVoiceCode(buyer, orderId, ports),
        ),
      help: (turn) => help(turn).voiceCode,
    },
    'confirm-refund': {
      yes: (turn, { orderId }) => answer(turn, (buyer, ports) => confirmRefund(buyer, orderId, ports)),
      no: async (turn) => speakRefundDeclined(turn),
      help: (turn) => help(turn).confirmRefund,
    },
  };
}

/**
 * Offsets as the rest of the skill meets them: what the customer has bought ("what have I bought"), and the answers
 * to a refund or cancel that named the offset order or plan where Alexa heard a product.
 */
export function offsetsElsewhere(deps: OffsetsDeps) {
  return {
    bought: async (turn: Turn) => {
      const services = deps.offsets;
      if (!services) return undefined;
      return offsetsBoughtSpeech(turn, await offsetsBought(buyerOf(turn), portsFor(turn, deps, services)));
    },
    answer: {
      'offset-refund': (turn: Turn) => respond(turn, deps, refundCurrentOrder),
      'offset-cancel': (turn: Turn) => respond(turn, deps, cancelCurrentOrder),
      'offset-plan-cancel': (turn: Turn) => respond(turn, deps, cancelTheMonthlyPlan),
    },
  };
}

/** The answers to the offsets questions. */
export function offsetsAnswers(
  deps: OffsetsDeps,
): Pick<
  YesNoAnswers,
  'offset-estimate' | 'confirm-order' | 'resume-order' | 'confirm-monthly-plan' | 'voice-code' | 'confirm-refund'
> {
  const answer: Answer = (turn, useCase) => respond(turn, deps, useCase);
  // Help at a question names the rail that pays (a question is only ever asked where offsets are sold).
  const rail = deps.offsets?.config.rail ?? 'amazon-pay';
  return { ...orderAnswers(answer, rail), ...accountAnswers(answer, rail) };
}

/** After an estimate, where offsets are sold: "Want to offset it?", which a "yes" answers (not after a walk). */
export function offsetsFollowUp(turn: Turn, deps: OffsetsDeps): EstimateFollowUp {
  return async (_count, estimate) => (deps.offsets && estimate.grams > 0 ? offsetFollowUp(turn) : undefined);
}

/**
 * At the next launch: a card payment left undecided is looked up and its news said (3-D Secure confirmed, or not
 * yet); an order left unconfirmed is offered again (P4).
 */
/**
 * SkillDisabled with `NOT_PERSISTED`: the customer's monthly plan is cancelled (on either rail) before their data
 * goes, so the job charges it no more.
 */
export function cancelPlanWhenDisabled(deps: OffsetsDeps): ForgetCustomer {
  return async (turn) => {
    const services = deps.offsets;
    if (!services) return;
    const outcome = await cancelPlanOfDisabledSkill(userId(turn.input), portsFor(turn, deps, services));
    deps.logger.info('Monthly plan of a disabled skill', { event: 'plan-of-disabled-skill', outcome });
  };
}

export function resumeOrderAtLaunch(deps: OffsetsDeps): LaunchQuestion {
  return async (turn): Promise<AskedQuestion | undefined> => {
    const services = deps.offsets;
    if (!services) return undefined;
    const buyer = buyerOf(turn);
    const ports = portsFor(turn, deps, services);
    const news = await paymentNews(buyer, ports);
    if (news) return launchNews(turn, news, services.config);
    const order = await unfinishedOrder(buyer, ports);
    return order ? resumeQuestion(turn, order.orderId, order.quote.kilograms) : undefined;
  };
}
