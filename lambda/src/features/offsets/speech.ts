/**
 * How offsets answers are said: each use case's outcome rendered into the turn's reply. The offset is a service
 * (existing verified credits retired for the customer, with a certificate), never a donation.
 */
import type { Response } from 'ask-sdk-model';
import type { AskedQuestion } from '../../conversation/reply';
import type { Turn } from '../../conversation/turn';
import { describeActivity } from '../footprint';
import type { CustomerAction } from './domain/amazon-pay';
import type { MonthlyPlanNews } from './domain/monthly-plan';
import type { OrderNews } from './domain/order';
import { offsetMessagesFor } from './messages';
import type { OffsetsBought } from './use-cases/orders';
import type { OffsetOutcome } from './use-cases/outcome';

/** The permission Amazon Pay for Alexa Skills needs. */
export const PAYMENTS_PERMISSION = 'payments:autopay_consent';

function goOn(turn: Turn, ...lead: readonly string[]): Response {
  turn.conversation.topic = 'offset';
  return turn.reply.say(...lead).goOn(offsetMessagesFor(turn.locale).goOn);
}

/** A payment problem: the consent card when the permission is missing, else what the customer can do. */
function problem(turn: Turn, action: CustomerAction): Response {
  const { problem: says } = offsetMessagesFor(turn.locale);
  if (action === 'grant-permission') return turn.reply.askForPermission(PAYMENTS_PERMISSION, says[action]);
  return goOn(turn, says[action]);
}

function orderNews(turn: Turn, news: OrderNews): Response {
  const messages = offsetMessagesFor(turn.locale);
  switch (news.kind) {
    case 'cancelled':
      return goOn(turn, messages.notPlaced);
    case 'quote-expired':
      return goOn(turn, messages.quoteExpired);
    case 'order-closed':
      return goOn(turn, messages.problem.none);
    case 'charge-pending':
      return goOn(turn, messages.chargePending);
    case 'agreement-not-chargeable':
      return goOn(turn, messages.problem[news.action]);
    case 'payment-problem':
      // Declines Alexa has already spoken: say no more about them than that nothing was ordered.
      return problem(turn, news.outcome.action);
  }
}

function monthlyPlanNews(turn: Turn, news: MonthlyPlanNews): Response {
  const messages = offsetMessagesFor(turn.locale);
  switch (news.kind) {
    case 'plan-active':
      return goOn(turn, messages.monthlyPlanActive);
    case 'plan-cancelled':
      return goOn(turn, messages.monthlyPlanCancelled);
    case 'already-active':
      return goOn(turn, messages.monthlyPlanAlreadyActive);
    case 'agreement-not-chargeable':
      return goOn(turn, messages.problem[news.action]);
    case 'payment-problem':
      return problem(turn, news.outcome.action);
  }
}

/** `seller`: the seller of record, read back before charging and named on the order card. */
export function speakOffsets(turn: Turn, outcome: OffsetOutcome, seller: string): Response {
  const messages = offsetMessagesFor(turn.locale);
  switch (outcome.kind) {
    case 'unavailable':
      return goOn(turn, messages.unavailable);
    case 'nothing-to-offset':
      return goOn(turn, messages.nothingToOffset);
    case 'permission-needed':
      return turn.reply.askForPermission(PAYMENTS_PERMISSION, messages.permission);
    case 'hand-off':
      // The one kind of RailStep today; a rail with another kind makes this line fail to compile.
      return turn.reply.handOff(outcome.step.directive);
    case 'read-back':
      turn.conversation.topic = 'offset';
      return turn.reply.ask([messages.readBack(outcome.quote, seller)], [messages.confirmReprompt], {
        kind: 'confirm-order',
        orderId: outcome.orderId,
      });
    case 'placed': {
      const { order } = outcome;
      const { kilograms, total } = order.quote;
      turn.reply.card(
        messages.card.title,
        messages.card.body(kilograms, total, order.orderId, order.certificateId, seller),
      );
      const placed = messages.placed(kilograms, total, order.certificateId);
      return outcome.hasMonthlyPlan ? goOn(turn, placed) : goOn(turn, placed, messages.suggestMonthlyPlan);
    }
    case 'order-news':
      return orderNews(turn, outcome.news);
    case 'order-status': {
      const { quote, certificateId } = outcome.order;
      return goOn(turn, messages.status(outcome.status, quote.kilograms, quote.total, certificateId));
    }
    case 'no-order':
      return goOn(turn, messages.noOrder);
    case 'resume-declined':
      return turn.reply.ask([messages.resumeDeclined], [turn.say(turn.messages.nextReprompt)]);
    case 'offer-declined':
      return goOn(turn, messages.declined);
    case 'not-placed':
      return goOn(turn, messages.notPlaced);
    case 'monthly-plan-declined':
      return goOn(turn, messages.monthlyPlanDeclined);
    case 'cancel-instructions':
      return goOn(turn, messages.cancelInstructions(outcome.orderId));
    case 'cancelled-now':
      return goOn(turn, messages.cancelledNow);
    case 'refund-instructions':
      return goOn(turn, messages.refundInstructions(outcome.orderId));
    case 'monthly-plan-read-back':
      return turn.reply.ask(
        [messages.monthlyPlanReadBack(outcome.quote, seller, describeActivity(turn.locale, outcome.sizedFrom))],
        [messages.monthlyPlanConfirmReprompt],
        {
          kind: 'confirm-monthly-plan',
        },
      );
    case 'monthly-plan-news':
      return monthlyPlanNews(turn, outcome.news);
    case 'monthly-plan-unchanged':
      return goOn(turn, outcome.status === 'active' ? messages.monthlyPlanAlreadyActive : messages.carryOn);
    case 'monthly-plan-status':
      return goOn(turn, messages.monthlyPlanStatus(outcome.report));
    case 'no-monthly-plan':
      return goOn(turn, messages.noMonthlyPlan);
    case 'carry-on':
      return goOn(turn, messages.carryOn);
  }
}

/** The question about an unfinished order, asked at launch (P4). */
export function resumeQuestion(turn: Turn, orderId: string, kilograms: number): AskedQuestion {
  const messages = offsetMessagesFor(turn.locale);
  return {
    speech: messages.resumeOffer(kilograms),
    reprompt: messages.resumeReprompt,
    question: { kind: 'resume-order', orderId },
  };
}

/** The follow-up to an estimate where offsets are sold: a "yes" offsets it. */
export function offsetFollowUp(turn: Turn): AskedQuestion {
  const { followUp, followUpReprompt } = offsetMessagesFor(turn.locale);
  return { speech: turn.say(followUp), reprompt: followUpReprompt, question: { kind: 'offset-estimate' } };
}

/** What the customer has bought of offsets, as "what have I bought" says it. */
export function offsetsBoughtSpeech(turn: Turn, bought: OffsetsBought): string | undefined {
  const { order, planKilograms } = bought;
  const done = order?.status === 'fulfilled';
  return offsetMessagesFor(turn.locale).bought(order && { kilograms: order.quote.kilograms, done }, planKilograms);
}
