import type { RequestHandler } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import type { LaunchQuestion } from '../../conversation/core-handlers';
import type { AskedQuestion } from '../../conversation/reply';
import { connectionsAnswer, hasPermission, isConnectionsResponse, isIntent, userId } from '../../conversation/request';
import { Turn, type TurnDeps } from '../../conversation/turn';
import type { YesNoAnswers } from '../../conversation/yes-no';
import { type EstimateFollowUp, footprintState } from '../footprint';
import { offsetMessagesFor } from './messages';
import { offsetsState } from './offsets-state';
import { offsetFollowUp, offsetsBoughtSpeech, PAYMENTS_PERMISSION, resumeQuestion, speakOffsets } from './speech';
import { answerPayment, answerReadBack, answerResume, offsetLastEstimate } from './use-cases/charge-now';
import {
  cancelTheMonthlyPlan,
  confirmMonthlyPlan,
  monthlyPlanStatus,
  proposeMonthlyPlan,
} from './use-cases/monthly-plan';
import {
  cancelCurrentOrder,
  offsetsBought,
  orderStatus,
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
    customer: turn.customer.slice(offsetsState),
    lastEstimate: async () => (await turn.customer.read(footprintState)).lastEstimate,
    clock: deps.clock,
    logger: deps.logger,
  };
}

function buyerOf(turn: Turn): Buyer {
  return { userId: userId(turn.input), paymentsAllowed: hasPermission(turn.input, PAYMENTS_PERMISSION) };
}

/** Every offsets turn: the topic is offsets; without offsets configured, one plain "not here". */
async function respond(turn: Turn, deps: OffsetsDeps, useCase: UseCase): Promise<Response> {
  turn.conversation.topic = 'offset';
  const services = deps.offsets;
  if (!services) return speakOffsets(turn, { kind: 'unavailable' }, '');
  const outcome = await useCase(buyerOf(turn), portsFor(turn, deps, services), turn);
  return speakOffsets(turn, outcome, services.config.amazonPay.storeName);
}

function offsetsHandler(deps: OffsetsDeps, canHandle: RequestHandler['canHandle'], useCase: UseCase): RequestHandler {
  return { canHandle, handle: (input) => respond(new Turn(input, deps), deps, useCase) };
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

/** The answers to the offsets questions: offset this estimate, place this order, continue it, start the plan. */
export function offsetsAnswers(
  deps: OffsetsDeps,
): Pick<YesNoAnswers, 'offset-estimate' | 'confirm-order' | 'resume-order' | 'confirm-monthly-plan'> {
  const answer = (turn: Turn, useCase: UseCase) => respond(turn, deps, useCase);
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
      help: (turn) => help(turn).confirmOrder,
    },
    'resume-order': {
      yes: (turn, { orderId }) => answer(turn, (buyer, ports) => answerResume(buyer, orderId, true, ports)),
      no: (turn, { orderId }) => answer(turn, (buyer, ports) => answerResume(buyer, orderId, false, ports)),
      help: (turn) => help(turn).resumeOrder,
    },
    'confirm-monthly-plan': {
      yes: (turn) => answer(turn, confirmMonthlyPlan),
      no: (turn) => answer(turn, async () => ({ kind: 'monthly-plan-declined' })),
      help: (turn) => help(turn).confirmMonthlyPlan,
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

/** After an estimate, where offsets are sold: "Want to offset it?", which a "yes" answers (not after a walk). */
export function offsetsFollowUp(turn: Turn, deps: OffsetsDeps): EstimateFollowUp {
  return async (_count, estimate) => (deps.offsets && estimate.grams > 0 ? offsetFollowUp(turn) : undefined);
}

/** P4: an order left unconfirmed is offered again at the next launch. */
export function resumeOrderAtLaunch(deps: OffsetsDeps): LaunchQuestion {
  return async (turn): Promise<AskedQuestion | undefined> => {
    if (!deps.offsets) return undefined;
    const order = await unfinishedOrder(buyerOf(turn), portsFor(turn, deps, deps.offsets));
    return order ? resumeQuestion(turn, order.orderId, order.quote.kilograms) : undefined;
  };
}
