import type { Variants } from '../../shared/variants';
import { formatDecimal, type Money } from './domain/money';
import type { MonthlyPlanReport } from './domain/monthly-charges';
import type { OrderStatus } from './domain/order';
import type { CardLabel, CustomerAction, RailName } from './domain/payment';
import { minimumChargeApplies, type Quote } from './domain/quote';
import type { PaymentNaming, RefundRefusal } from './use-cases/outcome';

/** How the rail that pays is named in what is said: Amazon Pay, or the linked account's card. */
export interface PaidWith {
  readonly rail: RailName;
  readonly card?: CardLabel | undefined;
}

/**
 * Everything said about buying an offset. The offset is a service: existing verified credits retired for the
 * customer, with a certificate. Never a donation, never a tax-deductible gift.
 */
export interface OffsetMessages {
  readonly money: (amount: Money) => string;
  readonly unavailable: string;
  readonly nothingToOffset: string;
  readonly permission: string;
  readonly readBack: (quote: Quote, seller: string, rail: RailName, payment: PaymentNaming) => string;
  /** Help at each offsets question: what it is about and what each answer does (the question follows). */
  readonly help: {
    readonly offsetEstimate: string;
    readonly confirmOrder: Readonly<Record<RailName, string>>;
    readonly resumeOrder: string;
    readonly confirmMonthlyPlan: Readonly<Record<RailName, string>>;
    readonly voiceCode: string;
    readonly confirmRefund: string;
  };
  /** What the customer has bought of offsets, for "what have I bought" (undefined: nothing). */
  readonly bought: (
    order: { kilograms: number; done: boolean } | undefined,
    planKilograms: number | undefined,
  ) => string | undefined;
  readonly confirmReprompt: string;
  readonly placed: (kilograms: number, total: Money, certificateId: string | undefined, rail: RailName) => string;
  readonly suggestMonthlyPlan: string;
  readonly card: {
    readonly title: string;
    readonly body: (
      kilograms: number,
      total: Money,
      orderId: string,
      certificateId: string | undefined,
      seller: string,
      paid: PaidWith,
    ) => string;
  };
  readonly notPlaced: string;
  readonly quoteExpired: string;
  readonly chargePending: (rail: RailName) => string;
  readonly chargeUnknown: string;
  /** A "paid" answer that did not match the order (amount, currency, reference): checked before anything is fulfilled. */
  readonly chargeReview: string;
  readonly authenticationNeeded: string;
  readonly authenticationCard: { readonly title: string; readonly body: (total: Money, url: string) => string };
  readonly problem: Readonly<Record<CustomerAction, string>>;
  readonly status: (
    status: OrderStatus,
    kilograms: number,
    total: Money,
    certificateId: string | undefined,
    rail: RailName,
  ) => string;
  readonly noOrder: string;
  readonly resumeOffer: (kilograms: number) => string;
  readonly resumeReprompt: string;
  readonly resumeDeclined: string;
  readonly cancelInstructions: (orderId: string) => string;
  readonly cancelledNow: string;
  readonly refundInstructions: (orderId: string | undefined) => string;
  readonly refundOffer: (amount: Money, kilograms: number, retired: boolean, cancelling: boolean) => string;
  readonly refundReprompt: string;
  readonly refunded: (amount: Money, kilograms: number, retired: boolean) => string;
  readonly refundRefused: Readonly<Record<RefundRefusal, (orderId: string | undefined) => string>>;
  readonly refundFailed: string;
  readonly refundDeclined: string;
  readonly voiceCode: {
    readonly ask: string;
    readonly again: string;
    readonly reprompt: string;
    readonly rejected: (attemptsLeft: number) => string;
    readonly locked: string;
    readonly notAsked: string;
    readonly lockedCard: { readonly title: string; readonly body: (url: string) => string };
  };
  /** `sizedFrom`: what the plan's monthly amount was sized from ("the one-way flight from Seattle to Boston"). */
  readonly monthlyPlanReadBack: (
    quote: Quote,
    seller: string,
    sizedFrom: string,
    rail: RailName,
    payment: PaymentNaming,
  ) => string;
  readonly monthlyPlanConfirmReprompt: string;
  readonly monthlyPlanDeclined: string;
  readonly monthlyPlanActive: string;
  readonly monthlyPlanAlreadyActive: string;
  readonly monthlyPlanCancelled: string;
  readonly noMonthlyPlan: string;
  readonly monthlyPlanStatus: (report: MonthlyPlanReport, rail: RailName) => string;
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

const BRANDS: Readonly<Record<string, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

/** "your Visa ending in 4 2 4 2": spoken digit by digit (as people read them), or written "4242" on a card. */
export function cardName(card: CardLabel | undefined, spoken = true): string {
  if (!card) return 'the card saved in your Green Horizons account';
  const brand = BRANDS[card.brand.toLowerCase()] ?? 'card';
  return `your ${brand} ending in ${spoken ? card.last4.split('').join(' ') : card.last4}`;
}

function total(quote: Quote): string {
  const minimum = minimumChargeApplies(quote)
    ? `Orders this small cost our minimum charge of ${money(quote.net)}${quote.tax.minor > 0 ? ' before tax' : ''}. `
    : '';
  return quote.tax.minor > 0
    ? `${minimum}The total is ${money(quote.total)}, including ${money(quote.tax)} tax.`
    : `${minimum}The total is ${money(quote.total)}, tax included.`;
}

const spelled = (orderId: string) => orderId.split('').join(' ');

const VOICE_CODE_OFFER =
  'To protect orders like this, you can set a four-digit voice code on your Green Horizons account page, and I will ask for it before every charge.';

export const englishOffset: OffsetMessages = {
  money,
  unavailable: `Sorry, I can't take offset orders here. I can still estimate any trip or bill for you.`,
  nothingToOffset: `There's nothing to offset yet. Ask me about a trip or a bill first, then say offset it.`,
  permission: `To buy an offset, Green Horizons needs your permission to use Amazon Pay. I've sent a card to your Alexa app: allow Amazon Pay there, then say offset it again.`,
  readBack: (quote, seller, rail, payment) =>
    rail === 'amazon-pay'
      ? `Here's your order. ${seller}, the seller, will retire ${kilos(quote.kilograms)} of verified carbon credits for you. Your certificate goes to your Alexa app, and Amazon Pay emails you the receipt. ${total(quote)} Shall I place the order?`
      : `Here's your order. ${seller}, the seller, will retire ${kilos(quote.kilograms)} of verified carbon credits for you. Your certificate goes to your email and your Alexa app. ${total(quote)} It will be charged to ${cardName(payment.card)}.${payment.offerVoiceCode ? ` ${VOICE_CODE_OFFER}` : ''} Shall I place the order?`,
  confirmReprompt: 'Please say yes or no: shall I place the offset order?',
  help: {
    offsetEstimate: `Offsetting it means Green Horizons retires verified carbon credits for this estimate, with a certificate in your Alexa app. I'll read you the price before anything is charged.`,
    confirmOrder: {
      'amazon-pay': `If you say yes, the total I just read out is charged through Amazon Pay and the credits are retired for you. Say no, and nothing is charged.`,
      'linked-card': `If you say yes, the total I just read out is charged to the card saved in your Green Horizons account and the credits are retired for you. Say no, and nothing is charged.`,
    },
    resumeOrder: `You started an offset order earlier but didn't confirm it. Say yes to hear it again before anything is charged, or no to cancel it.`,
    confirmMonthlyPlan: {
      'amazon-pay': `If you say yes, Amazon Pay charges the amount I read out every month, until you say cancel my offset plan. Say no, and nothing changes.`,
      'linked-card': `If you say yes, the card saved in your Green Horizons account is charged the amount I read out every month, until you say cancel my offset plan or cancel it on your account page. Say no, and nothing changes.`,
    },
    voiceCode: `Your voice code is the four digits you set on your Green Horizons account page. I ask for it before I charge your card, so that nobody else can buy with it. Say the four digits, or say no, and nothing is charged.`,
    confirmRefund: `If you say yes, the full amount goes back to your card, and credits already retired stay retired. Say no, and your order stays as it is.`,
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
  placed: (kilograms, amount, certificateId, rail) =>
    `Your order is placed: ${kilos(kilograms)} of carbon credits retired for you, for ${money(amount)}.${
      certificateId
        ? rail === 'amazon-pay'
          ? ' Your certificate number is in the Alexa app.'
          : ' Your certificate is in your email and in the Alexa app.'
        : ' The credits are being retired now, and your certificate will follow in the Alexa app.'
    }`,
  suggestMonthlyPlan: 'To do this every month, say set up a monthly offset plan.',
  card: {
    title: 'Your carbon offset order',
    body: (kilograms, amount, orderId, certificateId, seller, paid) =>
      [
        `${kilos(kilograms)} of verified carbon credits retired for you by ${seller}.`,
        paid.rail === 'amazon-pay'
          ? `Total: ${money(amount)} (tax included), paid with Amazon Pay.`
          : `Total: ${money(amount)} (tax included), paid with ${cardName(paid.card, false)}.`,
        `Order: ${orderId}`,
        certificateId ? `Certificate: ${certificateId}` : 'Certificate: on its way (ask "where is my order").',
        paid.rail === 'amazon-pay'
          ? `Refunds and cancellations: email support@green-horizons.example with the order number.`
          : `Refunds: within 14 days, ask Alexa "refund my offset", or use your Green Horizons account page.`,
      ].join('\n'),
  },
  notPlaced: `OK, I haven't placed the order, and nothing was charged.`,
  quoteExpired: `That price is no longer valid, so nothing was charged. Say offset it for a fresh one.`,
  chargePending: (rail) =>
    rail === 'amazon-pay'
      ? `Amazon Pay is still processing the payment. The order completes as soon as it clears: ask where is my order any time.`
      : `Your bank is still processing the payment. The order completes as soon as it clears, and you'll get an email: ask where is my order any time.`,
  chargeUnknown: `Your payment is being confirmed: I couldn't get a clear answer from the payment service just now. Your order is kept, and it will be completed, or dropped without a charge, automatically. You'll never be charged twice. Ask where is my order in a little while.`,
  chargeReview: `Your payment is being confirmed. The order completes as soon as it is, and you'll never be charged twice. Ask where is my order in a little while.`,
  authenticationNeeded: `Your bank wants you to confirm this payment. I've emailed you a link, and put it in your Alexa app: confirm it there, and the order completes. Nothing is charged until you do.`,
  authenticationCard: {
    title: 'Confirm your offset payment',
    body: (amount, url) =>
      `Your bank asks you to confirm the payment of ${money(amount)} for your carbon offset. Confirm it on your Green Horizons account page:\n${url}\nNothing is charged until you do.`,
  },
  problem: {
    none: `The order wasn't placed.`,
    'try-again': `The payment didn't go through, so the order wasn't placed and nothing was charged. Say offset it to try again.`,
    'try-again-later': `The payment couldn't be taken just now, so the order wasn't placed and nothing was charged. Please try again in a few minutes.`,
    'update-payment-method': `Your payment method was declined, so the order wasn't placed and nothing was charged. Update it in your Amazon account, then say offset it again.`,
    'grant-permission': `To pay with Amazon Pay, Green Horizons needs your permission. I've sent a card to your Alexa app: allow Amazon Pay there, then try again. Nothing was charged.`,
    'set-up-payment-again': `Your Amazon Pay setup for Green Horizons needs renewing, so nothing was charged. Say offset it and I'll set it up again.`,
    'wait-for-monthly-limit': `This would go past the monthly limit on your Amazon Pay agreement, so nothing was charged. Try again next month, or offset a smaller trip.`,
    'contact-amazon-pay': `Amazon Pay couldn't accept this payment, so the order wasn't placed and nothing was charged. Please check your Amazon Pay account.`,
    'contact-us': `Payments aren't working on our side right now, so the order wasn't placed and nothing was charged. We've been told; please try again later.`,
    'contact-bank': `Your bank declined the card, so the order wasn't placed and nothing was charged. Please call your bank, or add another card on your Green Horizons account page.`,
    'insufficient-funds': `Your bank declined the card for insufficient funds, so the order wasn't placed and nothing was charged. You can add another card on your Green Horizons account page.`,
    'card-expired': `Your saved card has expired, so the order wasn't placed and nothing was charged. Add your new card on your Green Horizons account page, then say offset it again.`,
    'card-limit': `Your card has reached its spending limit, so the order wasn't placed and nothing was charged. Try again later, or add another card on your Green Horizons account page.`,
    'use-another-card': `This card can't be used for this payment, so the order wasn't placed and nothing was charged. Please add another card on your Green Horizons account page.`,
    'add-card': `The card saved in your Green Horizons account isn't there any more, so nothing was charged. Add a card on your account page, then say offset it again.`,
    authenticate: `Your bank wants you to confirm this payment on your Green Horizons account page. Nothing is charged until you do.`,
    wait: `I couldn't get an answer from the payment service just now. Your order is kept and you'll never be charged twice.`,
  },
  status: (status, kilograms, amount, certificateId, rail) => {
    const what = `${kilos(kilograms)} for ${money(amount)}`;
    switch (status) {
      case 'quoted':
        return `Your order to offset ${what} is waiting for your yes. Nothing has been charged. Say offset it to continue.`;
      case 'charging':
        return rail === 'amazon-pay'
          ? `Your payment for the order to offset ${what} is being confirmed with Amazon Pay. The order completes as soon as it is; you'll never be charged twice.`
          : `Your payment for the order to offset ${what} is being confirmed. If it goes through you'll get an email; you'll never be charged twice.`;
      case 'review':
        return `Your payment for the order to offset ${what} is being confirmed. The order completes as soon as it is; you'll never be charged twice.`;
      case 'awaiting-authentication':
        return `Your order to offset ${what} is waiting for you to confirm the payment with your bank: the link is in your email, your Alexa app and on your Green Horizons account page. Nothing is charged until you do.`;
      case 'charged':
      case 'fulfilment-pending':
        return `Your order to offset ${what} is paid, and the credits are being retired. Your certificate will follow in the Alexa app.`;
      case 'fulfilled':
        return `Your order to offset ${what} is complete: the credits are retired${certificateId ? ', and the certificate is in your Alexa app' : ''}.`;
      case 'refunded':
        return `Your order to offset ${what} was refunded to your card. The credits retired for it stay retired.`;
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
    `Your offset has already been paid. To cancel it, email ${SUPPORT} with order number ${spelled(orderId)} within 14 days: credits not yet retired are refunded in full.`,
  cancelledNow: `OK, I've cancelled your order before payment. Nothing was charged.`,
  refundInstructions: (orderId) =>
    `To ask for a refund of an offset order, email ${SUPPORT}${orderId ? ` with order number ${spelled(orderId)}` : ''}. The order number is also on the card in your Alexa app. You can also ask Amazon Pay's customer service for help with any payment.`,
  refundOffer: (amount, kilograms, retired, cancelling) =>
    `${cancelling ? `Your offset is already paid, so it can't be cancelled, but it can be refunded. ` : ''}I can refund the full ${money(amount)} to your card. ${
      retired
        ? `The ${kilos(kilograms)} of credits already retired for you stay retired: a retirement can't be undone, and your certificate stays valid.`
        : `The credits not yet retired won't be.`
    } Shall I refund it?`,
  refundReprompt: 'Please say yes or no: shall I refund your offset order?',
  refunded: (amount, kilograms, retired) =>
    `Done: ${money(amount)} is refunded to your card, and should show within five to ten days. ${
      retired ? `The ${kilos(kilograms)} of credits retired for you stay retired.` : ''
    } I've noted it on your account page.`.replace(/\s+/g, ' '),
  refundRefused: {
    'window-passed': (orderId) =>
      `Refunds by voice or on your account page are possible for 14 days after the payment, and this order is older. Email ${SUPPORT}${orderId ? ` with order number ${spelled(orderId)}` : ''} and we'll look at it.`,
    'not-paid': () => `There's no paid offset order to refund. Nothing has been charged.`,
    'already-refunded': () => `That order has already been refunded to your card.`,
    'requested-on-page': () =>
      `You've already asked for a refund of that order on your account page. It's being handled there, and you'll see it on the page.`,
  },
  refundFailed: `I couldn't make the refund just now, and nothing has changed. Please try again in a few minutes, or ask for it on your Green Horizons account page.`,
  refundDeclined: `OK, no refund. Your order stays as it is.`,
  voiceCode: {
    ask: 'Please say your four-digit voice code.',
    again: `A voice code is four digits. Please say it again, one digit at a time.`,
    reprompt: 'Please say the four digits of your voice code.',
    rejected: (attemptsLeft) =>
      `That code isn't right. ${attemptsLeft === 1 ? 'One more wrong code locks it.' : `You have ${attemptsLeft} more tries before it locks.`} Please say your voice code again.`,
    locked: `Your voice code is locked after three wrong tries, so I haven't placed the order and nothing was charged. Set a new code on your Green Horizons account page: I've put the link in your Alexa app.`,
    notAsked: `I wasn't asking for a voice code just now. I ask for it before I charge your card.`,
    lockedCard: {
      title: 'Your voice code is locked',
      body: (url) => `After three wrong tries, your voice code is locked. Set a new one on your account page:\n${url}`,
    },
  },
  monthlyPlanReadBack: (quote, seller, sizedFrom, rail, payment) =>
    rail === 'amazon-pay'
      ? `Here's the monthly plan, sized from your last estimate, ${sizedFrom}. ${seller}, the seller, will retire ${kilos(quote.kilograms)} of verified carbon credits for you every month, with a certificate in your Alexa app. It costs ${money(quote.total)} a month including tax, charged through Amazon Pay until you cancel. Shall I set it up?`
      : `Here's the monthly plan, sized from your last estimate, ${sizedFrom}. ${seller}, the seller, will retire ${kilos(quote.kilograms)} of verified carbon credits for you every month, with a certificate by email. It costs ${money(quote.total)} a month including tax, charged to ${cardName(payment.card)} until you cancel, by voice or on your account page.${payment.offerVoiceCode ? ` ${VOICE_CODE_OFFER}` : ''} Shall I set it up?`,
  monthlyPlanConfirmReprompt: 'Please say yes or no: shall I set up the monthly offset plan?',
  monthlyPlanDeclined: `OK, no monthly plan, and nothing will be charged.`,
  monthlyPlanActive: `Your monthly offset plan is set up. Ask about your offset plan any time, or say cancel my offset plan to stop it.`,
  monthlyPlanAlreadyActive: `You already have a monthly offset plan, so there's nothing more to set up. Ask about your offset plan to hear how it's going.`,
  monthlyPlanCancelled: `Your monthly offset plan is cancelled. There will be no more charges.`,
  noMonthlyPlan: `You don't have a monthly offset plan. To start one, say set up a monthly offset plan.`,
  monthlyPlanStatus: (report, rail) => {
    const base = `Your plan retires ${kilos(report.kilogramsPerMonth)} a month for ${money(report.monthlyTotal)}.`;
    if (report.status === 'cancelled') return `Your monthly offset plan is cancelled; there are no more charges.`;
    if (report.status === 'pending-setup')
      return `Your monthly offset plan is waiting for the Amazon Pay setup to finish. Say set up a monthly offset plan to try again.`;
    switch (report.thisMonth) {
      case 'not-charged-yet':
        return `${base} This month's charge hasn't been made yet.`;
      case 'action-required':
        return `${base} Your bank wants you to confirm this month's payment: the link is in your email and on your Green Horizons account page.`;
      case 'confirming':
        return `${base} This month's payment is being confirmed; you'll never be charged twice for a month.`;
      case 'charged':
        return `${base} This month is paid, and the credits are retired or on their way.`;
      case 'declined':
        return rail === 'amazon-pay'
          ? `${base} This month's payment was declined, so nothing was charged. Please check your payment method in your Amazon account.`
          : `${base} This month's payment was declined, so nothing was charged. Please check the card on your Green Horizons account page.`;
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
