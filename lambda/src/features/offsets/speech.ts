/**
 * How offsets answers are said: each use case's outcome rendered into the turn's reply. The offset is a service
 * (existing verified credits retired for the customer, with a certificate), never a donation.
 */
import type { Response } from 'ask-sdk-model';
import type { AskedQuestion } from '../../conversation/reply';
import type { Turn } from '../../conversation/turn';
import { type AccountProblem, sayAccountProblem } from '../accounts';
import { describeActivity } from '../footprint';
import type { MonthlyPlanNews } from './domain/monthly-plan';
import type { OffsetOrder, OrderNews } from './domain/order';
import type { CustomerAction } from './domain/payment';
import { offsetMessagesFor } from './messages';
import type { OffsetConfig } from './offsets-config';
import type { OffsetsBought } from './use-cases/orders';
import type { AccountNeed, OffsetOutcome } from './use-cases/outcome';

/** The permission Amazon Pay for Alexa Skills needs. */
export const PAYMENTS_PERMISSION = 'payments:autopay_consent';

function goOn(turn: Turn, ...lead: readonly string[]): Response {
  turn.conversation.topic = 'offset';
  return turn.reply.say(...lead).goOn(offsetMessagesFor(turn.locale).goOn);
}

/** The account page (linked card), where cards, voice codes, orders and refunds are managed. */
function accountPage(config: OffsetConfig, path = ''): string {
  return `${config.linkedCard?.accountsUrl ?? ''}/account${path}`;
}

/** Where the customer confirms a payment their bank holds for 3-D Secure. */
export function confirmPaymentUrl(config: OffsetConfig, orderId: string): string {
  return accountPage(config, `/orders/${encodeURIComponent(orderId)}/pay`);
}

/** A payment problem: the consent card when the permission is missing, else what the customer can do. */
function problem(turn: Turn, action: CustomerAction): Response {
  const { problem: says } = offsetMessagesFor(turn.locale);
  if (action === 'grant-permission') return turn.reply.askForPermission(PAYMENTS_PERMISSION, says[action]);
  return goOn(turn, says[action]);
}

function orderNews(turn: Turn, news: OrderNews, order: OffsetOrder | undefined, config: OffsetConfig): Response {
  const messages = offsetMessagesFor(turn.locale);
  switch (news.kind) {
    case 'cancelled':
      return goOn(turn, messages.notPlaced);
    case 'quote-expired':
      return goOn(turn, messages.quoteExpired);
    case 'order-closed':
      return goOn(turn, messages.problem.none);
    case 'charge-pending':
      return goOn(turn, messages.chargePending(config.rail));
    case 'charge-unknown':
      return goOn(turn, messages.chargeUnknown);
    case 'charge-review':
      return goOn(turn, messages.chargeReview);
    case 'authentication-needed':
      if (order) {
        const { title, body } = messages.authenticationCard;
        turn.reply.card(title, body(order.quote.total, confirmPaymentUrl(config, order.orderId)));
      }
      return goOn(turn, messages.authenticationNeeded);
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

function accountProblem(need: AccountNeed, config: OffsetConfig): AccountProblem {
  switch (need.kind) {
    case 'link':
      return { kind: 'link-needed', problem: need.reason };
    case 'card':
      return { kind: 'no-card', accountPageUrl: accountPage(config) };
    case 'unavailable':
      return { kind: 'unavailable' };
  }
}

/** The order card in the Alexa app, after a charge (P3). */
function orderCard(turn: Turn, outcome: Extract<OffsetOutcome, { kind: 'placed' }>, config: OffsetConfig): void {
  const messages = offsetMessagesFor(turn.locale);
  const { order } = outcome;
  const body = messages.card.body(
    order.quote.kilograms,
    order.quote.total,
    order.orderId,
    order.certificateId,
    config.sellerName,
    { rail: order.rail, card: outcome.card },
  );
  turn.reply.card(messages.card.title, body);
}

/** Renders an offsets outcome; `config` names the seller of record and the rail that pays. */
export function speakOffsets(turn: Turn, outcome: OffsetOutcome, config: OffsetConfig | undefined): Response {
  const messages = offsetMessagesFor(turn.locale);
  if (!config) return goOn(turn, messages.unavailable);
  const seller = config.sellerName;
  switch (outcome.kind) {
    case 'unavailable':
      return goOn(turn, messages.unavailable);
    case 'nothing-to-offset':
      return goOn(turn, messages.nothingToOffset);
    case 'permission-needed':
      return turn.reply.askForPermission(PAYMENTS_PERMISSION, messages.permission);
    case 'account-needed':
      return goOn(turn, sayAccountProblem(turn, accountProblem(outcome.need, config)));
    case 'hand-off':
      return turn.reply.handOff(outcome.directive);
    case 'read-back':
      turn.conversation.topic = 'offset';
      return turn.reply.ask(
        [messages.readBack(outcome.quote, seller, config.rail, outcome.payment)],
        [messages.confirmReprompt],
        { kind: 'confirm-order', orderId: outcome.orderId },
      );
    case 'voice-code-needed':
      return turn.reply.ask(
        [outcome.again ? messages.voiceCode.again : messages.voiceCode.ask],
        [messages.voiceCode.reprompt],
        { kind: 'voice-code', orderId: outcome.orderId },
      );
    case 'voice-code-rejected':
      return turn.reply.ask([messages.voiceCode.rejected(outcome.attemptsLeft)], [messages.voiceCode.reprompt], {
        kind: 'voice-code',
        orderId: outcome.orderId,
      });
    case 'voice-code-locked':
      turn.reply.card(messages.voiceCode.lockedCard.title, messages.voiceCode.lockedCard.body(accountPage(config)));
      return goOn(turn, messages.voiceCode.locked);
    case 'placed': {
      const { order } = outcome;
      orderCard(turn, outcome, config);
      const placed = messages.placed(order.quote.kilograms, order.quote.total, order.certificateId, order.rail);
      return outcome.hasMonthlyPlan ? goOn(turn, placed) : goOn(turn, placed, messages.suggestMonthlyPlan);
    }
    case 'order-news':
      return orderNews(turn, outcome.news, outcome.order, config);
    case 'order-status': {
      const { quote, certificateId, rail } = outcome.order;
      return goOn(turn, messages.status(outcome.status, quote.kilograms, quote.total, certificateId, rail));
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
    case 'refund-offer':
      return turn.reply.ask(
        [messages.refundOffer(outcome.amount, outcome.kilograms, outcome.retired, outcome.cancelling)],
        [messages.refundReprompt],
        { kind: 'confirm-refund', orderId: outcome.orderId },
      );
    case 'refunded':
      return goOn(turn, messages.refunded(outcome.amount, outcome.kilograms, outcome.retired));
    case 'refund-refused':
      return goOn(turn, messages.refundRefused[outcome.reason](outcome.orderId));
    case 'refund-failed':
      return goOn(turn, messages.refundFailed);
    case 'monthly-plan-read-back':
      return turn.reply.ask(
        [
          messages.monthlyPlanReadBack(
            outcome.quote,
            seller,
            describeActivity(turn.locale, outcome.sizedFrom),
            config.rail,
            outcome.payment,
          ),
        ],
        [messages.monthlyPlanConfirmReprompt],
        { kind: 'confirm-monthly-plan' },
      );
    case 'monthly-plan-news':
      return monthlyPlanNews(turn, outcome.news);
    case 'monthly-plan-unchanged':
      return goOn(turn, outcome.status === 'active' ? messages.monthlyPlanAlreadyActive : messages.carryOn);
    case 'monthly-plan-status':
      return goOn(turn, messages.monthlyPlanStatus(outcome.report, config.rail));
    case 'no-monthly-plan':
      return goOn(turn, messages.noMonthlyPlan);
    case 'carry-on':
      return goOn(turn, messages.carryOn);
  }
}

/** A voice code said when none was asked for. */
export function speakCodeNotAsked(turn: Turn): Response {
  return goOn(turn, offsetMessagesFor(turn.locale).voiceCode.notAsked);
}

/** No to "Shall I refund it?". */
export function speakRefundDeclined(turn: Turn): Response {
  return goOn(turn, offsetMessagesFor(turn.locale).refundDeclined);
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

/**
 * What a card payment left undecided came to, said at launch (the next session after 3-D Secure, or after no
 * answer): placed (with the order card), still waiting, or not placed. Asks nothing: the launch goes on.
 */
export function launchNews(turn: Turn, outcome: OffsetOutcome, config: OffsetConfig): AskedQuestion | undefined {
  const messages = offsetMessagesFor(turn.locale);
  const reprompt = turn.say(turn.messages.nextReprompt);
  const said = (speech: string): AskedQuestion => ({
    speech: `${speech} ${turn.say(messages.goOn)}`,
    reprompt,
    question: undefined,
  });
  switch (outcome.kind) {
    case 'placed':
      orderCard(turn, outcome, config);
      return said(
        messages.placed(
          outcome.order.quote.kilograms,
          outcome.order.quote.total,
          outcome.order.certificateId,
          outcome.order.rail,
        ),
      );
    case 'order-status':
      return said(
        messages.status(
          outcome.status,
          outcome.order.quote.kilograms,
          outcome.order.quote.total,
          outcome.order.certificateId,
          outcome.order.rail,
        ),
      );
    case 'order-news':
      if (outcome.news.kind === 'payment-problem') return said(messages.problem[outcome.news.outcome.action]);
      if (outcome.news.kind === 'authentication-needed' && outcome.order) {
        return said(
          messages.status(
            'awaiting-authentication',
            outcome.order.quote.kilograms,
            outcome.order.quote.total,
            undefined,
            outcome.order.rail,
          ),
        );
      }
      return undefined;
    default:
      return undefined;
  }
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
