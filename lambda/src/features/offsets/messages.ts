import type { Variants } from '../../shared/variants';
import type { CustomerAction } from './domain/amazon-pay';
import { formatDecimal, type Money } from './domain/money';
import type { MonthlyPlanReport } from './domain/monthly-charges';
import type { OrderStatus } from './domain/order';
import { minimumChargeApplies, type Quote } from './domain/quote';

/**
 * Everything said about buying an offset. The offset is a service: existing verified credits retired for the
 * customer, with a certificate. Never a donation, never a tax-deductible gift.
 */
export interface OffsetMessages {
  readonly money: (amount: Money) => string;
  readonly unavailable: string;
  readonly nothingToOffset: string;
  readonly permission: string;
  readonly readBack: (quote: Quote, seller: string) => string;
  /** Help at each offsets question: what it is about and what each answer does (the question follows). */
  readonly help: {
    readonly offsetEstimate: string;
    readonly confirmOrder: string;
    readonly resumeOrder: string;
    readonly confirmMonthlyPlan: string;
  };
  /** What the customer has bought of offsets, for "what have I bought" (undefined: nothing). */
  readonly bought: (
    order: { kilograms: number; done: boolean } | undefined,
    planKilograms: number | undefined,
  ) => string | undefined;
  readonly confirmReprompt: string;
  readonly placed: (kilograms: number, total: Money, certificateId: string | undefined) => string;
  readonly suggestMonthlyPlan: string;
  readonly card: {
    readonly title: string;
    readonly body: (
      kilograms: number,
      total: Money,
      orderId: string,
      certificateId: string | undefined,
      seller: string,
    ) => string;
  };
  readonly notPlaced: string;
  readonly quoteExpired: string;
  readonly chargePending: string;
  readonly problem: Readonly<Record<CustomerAction, string>>;
  readonly status: (status: OrderStatus, kilograms: number, total: Money, certificateId: string | undefined) => string;
  readonly noOrder: string;
  readonly resumeOffer: (kilograms: number) => string;
  readonly resumeReprompt: string;
  readonly resumeDeclined: string;
  readonly cancelInstructions: (orderId: string) => string;
  readonly cancelledNow: string;
  readonly refundInstructions: (orderId: string | undefined) => string;
  /** `sizedFrom`: what the plan's monthly amount was sized from ("the one-way flight from Seattle to Boston"). */
  readonly monthlyPlanReadBack: (quote: Quote, seller: string, sizedFrom: string) => string;
  readonly monthlyPlanConfirmReprompt: string;
  readonly monthlyPlanDeclined: string;
  readonly monthlyPlanActive: string;
  readonly monthlyPlanAlreadyActive: string;
  readonly monthlyPlanCancelled: string;
  readonly noMonthlyPlan: string;
  readonly monthlyPlanStatus: (report: MonthlyPlanReport) => string;
  readonly carryOn: string;
  readonly goOn: Variants;
  /** The follow-up to an estimate where offsets are sold: a "yes" offsets it. */
  readonly followUp: Variants;
  readonly followUpReprompt: string;
  /** "No" to offsetting an estimate. */
  readonly declined: string;
}

const SUPPORT = 'support at green horizons dot example';

function money(amount: Money): string {
  const decimal = formatDecimal(amount);
  switch (amount.currency) {
    case 'USD':
      return `$${decimal}`;
    case 'GBP':
      return `£${decimal}`;
    case 'EUR':
      return `${decimal} euros`;
    case 'JPY':
      return `${decimal} yen`;
  }
}

const kilos = (kilograms: number) => `${kilograms} ${kilograms === 1 ? 'kilogram' : 'kilograms'}`;

function total(quote: Quote): string {
  const minimum = minimumChargeApplies(quote)
    ? `Orders this small cost our minimum charge of ${money(quote.net)}${quote.tax.minor > 0 ? ' before tax' : ''}. `
    : '';
  return quote.tax.minor > 0
    ? `${minimum}The total is ${money(quote.total)}, including ${money(quote.tax)} tax.`
    : `${minimum}The total is ${money(quote.total)}, tax included.`;
}

export const englishOffset: OffsetMessages = {
  money,
  unavailable: `Sorry, I can't take offset orders here. I can still estimate any trip or bill for you.`,
  nothingToOffset: `There's nothing to offset yet. Ask me about a trip or a bill first, then say offset it.`,
  permission: `To buy an offset, Green Horizons needs your permission to use Amazon Pay. I've sent a card to your Alexa app: allow Amazon Pay there, then say offset it again.`,
  readBack: (quote, seller) =>
    `Here's your order. ${seller}, the seller, will retire ${kilos(quote.kilograms)} of verified carbon credits for you. Your certificate goes to your Alexa app, and Amazon Pay emails you the receipt. ${total(quote)} Shall I place the order?`,
  confirmReprompt: 'Please say yes or no: shall I place the offset order?',
  help: {
    offsetEstimate: `Offsetting it means Green Horizons retires verified carbon credits for this estimate, with a certificate in your Alexa app. I'll read you the price before anything is charged.`,
    confirmOrder: `If you say yes, the total I just read out is charged through Amazon Pay and the credits are retired for you. Say no, and nothing is charged.`,
    resumeOrder: `You started an offset order earlier but didn't confirm it. Say yes to hear it again before anything is charged, or no to cancel it.`,
    confirmMonthlyPlan: `If you say yes, Amazon Pay charges the amount I read out every month, until you say cancel my offset plan. Say no, and nothing changes.`,
  },
  bought: (order, planKilograms) => {
    const parts = [
      order
        ? `an offset of ${kilos(order.kilograms)}${order.done ? ', with its certificate' : ', its credits being retired now'}`
        : undefined,
      planKilograms !== undefined ? `a monthly offset plan of ${kilos(planKilograms)}` : undefined,
    ].filter((part): part is string => part !== undefined);
    return parts.length === 0 ? undefined : `From Green Horizons you have ${parts.join(', and ')}.`;
  },
  placed: (kilograms, amount, certificateId) =>
    `Your order is placed: ${kilos(kilograms)} of carbon credits retired for you, for ${money(amount)}.${certificateId ? ` Your certificate number is in the Alexa app.` : ' The credits are being retired now, and your certificate will follow in the Alexa app.'}`,
  suggestMonthlyPlan: 'To do this every month, say set up a monthly offset plan.',
  card: {
    title: 'Your carbon offset order',
    body: (kilograms, amount, orderId, certificateId, seller) =>
      [
        `${kilos(kilograms)} of verified carbon credits retired for you by ${seller}.`,
        `Total: ${money(amount)} (tax included), paid with Amazon Pay.`,
        `Order: ${orderId}`,
        certificateId ? `Certificate: ${certificateId}` : 'Certificate: on its way (ask "where is my order").',
        `Refunds and cancellations: email support@green-horizons.example with the order number.`,
      ].join('\n'),
  },
  notPlaced: `OK, I haven't placed the order, and nothing was charged.`,
  quoteExpired: `That price is no longer valid, so nothing was charged. Say offset it for a fresh one.`,
  chargePending: `Amazon Pay is still processing the payment. The order completes as soon as it clears: ask where is my order any time.`,
  problem: {
    none: `The order wasn't placed.`,
    'try-again': `The payment didn't go through, so the order wasn't placed and nothing was charged. Say offset it to try again.`,
    'try-again-later': `Amazon Pay couldn't take the payment just now, so the order wasn't placed and nothing was charged. Please try again in a few minutes.`,
    'update-payment-method': `Your payment method was declined, so the order wasn't placed and nothing was charged. Update it in your Amazon account, then say offset it again.`,
    'grant-permission': `To pay with Amazon Pay, Green Horizons needs your permission. I've sent a card to your Alexa app: allow Amazon Pay there, then try again. Nothing was charged.`,
    'set-up-payment-again': `Your Amazon Pay setup for Green Horizons needs renewing, so nothing was charged. Say offset it and I'll set it up again.`,
    'wait-for-monthly-limit': `This would go past the monthly limit on your Amazon Pay agreement, so nothing was charged. Try again next month, or offset a smaller trip.`,
    'contact-amazon-pay': `Amazon Pay couldn't accept this payment, so the order wasn't placed and nothing was charged. Please check your Amazon Pay account.`,
    'contact-us': `Payments aren't working on our side right now, so the order wasn't placed and nothing was charged. We've been told; please try again later.`,
  },
  status: (status, kilograms, amount, certificateId) => {
    const what = `${kilos(kilograms)} for ${money(amount)}`;
    switch (status) {
      case 'quoted':
        return `Your order to offset ${what} is waiting for your yes. Nothing has been charged. Say offset it to continue.`;
      case 'charging':
        return `Your order to offset ${what} is being paid with Amazon Pay right now.`;
      case 'charged':
      case 'fulfilment-pending':
        return `Your order to offset ${what} is paid, and the credits are being retired. Your certificate will follow in the Alexa app.`;
      case 'fulfilled':
        return `Your order to offset ${what} is complete: the credits are retired${certificateId ? ', and the certificate is in your Alexa app' : ''}.`;
      case 'declined':
      case 'failed':
        return `Your last order, to offset ${what}, wasn't placed, and nothing was charged.`;
      case 'cancelled':
        return `Your last order, to offset ${what}, was cancelled before payment. Nothing was charged.`;
      case 'expired':
        return `Your last order, to offset ${what}, expired before payment. Nothing was charged.`;
    }
  },
  noOrder: `You haven't ordered an offset yet. Estimate a trip, then say offset it.`,
  resumeOffer: (kilograms) =>
    `You have an unfinished order to offset ${kilos(kilograms)}. Would you like to continue it? Say no to start fresh.`,
  resumeReprompt: 'Please say yes or no: would you like to continue your offset order?',
  resumeDeclined: `OK, I've cancelled that order. Nothing was charged. What would you like to estimate?`,
  cancelInstructions: (orderId) =>
    `Your offset has already been paid. To cancel it, email ${SUPPORT} with order number ${orderId.split('').join(' ')} within 14 days: credits not yet retired are refunded in full.`,
  cancelledNow: `OK, I've cancelled your order before payment. Nothing was charged.`,
  refundInstructions: (orderId) =>
    `To ask for a refund of an offset order, email ${SUPPORT}${orderId ? ` with order number ${orderId.split('').join(' ')}` : ''}. The order number is also on the card in your Alexa app. You can also ask Amazon Pay's customer service for help with any payment.`,
  monthlyPlanReadBack: (quote, seller, sizedFrom) =>
    `Here's the monthly plan, sized from your last estimate, ${sizedFrom}. ${seller}, the seller, will retire ${kilos(quote.kilograms)} of verified carbon credits for you every month, with a certificate in your Alexa app. It costs ${money(quote.total)} a month including tax, charged through Amazon Pay until you cancel. Shall I set it up?`,
  monthlyPlanConfirmReprompt: 'Please say yes or no: shall I set up the monthly offset plan?',
  monthlyPlanDeclined: `OK, no monthly plan, and nothing will be charged.`,
  monthlyPlanActive: `Your monthly offset plan is set up. Ask about your offset plan any time, or say cancel my offset plan to stop it.`,
  monthlyPlanAlreadyActive: `You already have a monthly offset plan, so there's nothing more to set up. Ask about your offset plan to hear how it's going.`,
  monthlyPlanCancelled: `Your monthly offset plan is cancelled. There will be no more charges.`,
  noMonthlyPlan: `You don't have a monthly offset plan. To start one, say set up a monthly offset plan.`,
  monthlyPlanStatus: (report) => {
    const base = `Your plan retires ${kilos(report.kilogramsPerMonth)} a month for ${money(report.monthlyTotal)}.`;
    if (report.status === 'cancelled') return `Your monthly offset plan is cancelled; there are no more charges.`;
    if (report.status === 'pending-setup')
      return `Your monthly offset plan is waiting for the Amazon Pay setup to finish. Say set up a monthly offset plan to try again.`;
    switch (report.thisMonth) {
      case 'not-charged-yet':
        return `${base} This month's charge hasn't been made yet.`;
      case 'charged':
        return `${base} This month is paid, and the credits are retired or on their way.`;
      case 'declined':
        return `${base} This month's payment was declined, so nothing was charged. Please check your payment method in your Amazon account.`;
      case 'problem':
        return `${base} This month's payment couldn't be made, and nothing was charged. We'll look into it.`;
    }
  },
  carryOn: `Let's carry on.`,
  goOn: ['What would you like to do next?', 'What else can I help with?'],
  followUp: ['Want to offset it?', 'Would you like to offset it?', 'Shall I offset it for you?'],
  followUpReprompt: 'Say yes to offset it, or ask me about another trip. Would you like to offset it?',
  declined: 'No problem.',
};

/** The same words in every English locale. */
export function offsetMessagesFor(_locale: string | undefined): OffsetMessages {
  return englishOffset;
}
