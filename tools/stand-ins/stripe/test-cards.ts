/**
 * Stripe's documented test cards, as the stand-in plays them: the test PaymentMethod ID (`pm_card_visa`…) that the
 * API accepts in place of a real one, the number typed on the hosted page, and what happens when the card is saved
 * (a SetupIntent, usage off_session) and when it is charged off-session later (PaymentIntents: the card rail).
 */
export type CardOutcome =
  | { readonly kind: 'succeeds' }
  /** 3-D Secure: the customer must authenticate (a challenge on the hosted page; `requires_action` by API). */
  | { readonly kind: 'requires-action' }
  | { readonly kind: 'declined'; readonly code: string; readonly declineCode: string; readonly message: string };

export interface TestCard {
  readonly paymentMethod: string;
  readonly number: string;
  readonly brand: 'visa' | 'mastercard' | 'amex' | 'discover';
  readonly funding: 'credit' | 'debit';
  readonly setup: CardOutcome;
  readonly charge: CardOutcome;
  readonly note: string;
}

const ok: CardOutcome = { kind: 'succeeds' };
const auth: CardOutcome = { kind: 'requires-action' };
const declined = (declineCode: string, message: string, code = 'card_declined'): CardOutcome => ({
  kind: 'declined',
  code,
  declineCode,
  message,
});
const generic = declined('generic_decline', 'Your card was declined.');

export const TEST_CARDS: readonly TestCard[] = [
  {
    paymentMethod: 'pm_card_visa',
    number: '4242424242424242',
    brand: 'visa',
    funding: 'credit',
    setup: ok,
    charge: ok,
    note: 'succeeds',
  },
  {
    paymentMethod: 'pm_card_visa_debit',
    number: '4000056655665556',
    brand: 'visa',
    funding: 'debit',
    setup: ok,
    charge: ok,
    note: 'debit card, succeeds',
  },
  {
    paymentMethod: 'pm_card_mastercard',
    number: '5555555555554444',
    brand: 'mastercard',
    funding: 'credit',
    setup: ok,
    charge: ok,
    note: 'succeeds',
  },
  {
    paymentMethod: 'pm_card_amex',
    number: '378282246310005',
    brand: 'amex',
    funding: 'credit',
    setup: ok,
    charge: ok,
    note: 'succeeds',
  },
  {
    paymentMethod: 'pm_card_chargeCustomerFail',
    number: '4000000000000341',
    brand: 'visa',
    funding: 'credit',
    setup: ok,
    charge: generic,
    note: 'saves, then every charge is declined',
  },
  {
    paymentMethod: 'pm_card_authenticationRequiredOnSetup',
    number: '4000002500003155',
    brand: 'visa',
    funding: 'credit',
    setup: auth,
    charge: ok,
    note: '3-D Secure when saved, then off-session charges succeed',
  },
  {
    paymentMethod: 'pm_card_authenticationRequired',
    number: '4000002760003184',
    brand: 'visa',
    funding: 'credit',
    setup: auth,
    charge: auth,
    note: '3-D Secure when saved and on every charge',
  },
  {
    paymentMethod: 'pm_card_chargeDeclined',
    number: '4000000000000002',
    brand: 'visa',
    funding: 'credit',
    setup: generic,
    charge: generic,
    note: 'declined (generic_decline)',
  },
  {
    paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds',
    number: '4000000000009995',
    brand: 'visa',
    funding: 'credit',
    setup: declined('insufficient_funds', 'Your card has insufficient funds.'),
    charge: declined('insufficient_funds', 'Your card has insufficient funds.'),
    note: 'declined (insufficient_funds)',
  },
  {
    paymentMethod: 'pm_card_chargeDeclinedLostCard',
    number: '4000000000009987',
    brand: 'visa',
    funding: 'credit',
    setup: declined('lost_card', 'Your card was declined.'),
    charge: declined('lost_card', 'Your card was declined.'),
    note: 'declined (lost_card)',
  },
  {
    paymentMethod: 'pm_card_chargeDeclinedStolenCard',
    number: '4000000000009979',
    brand: 'visa',
    funding: 'credit',
    setup: declined('stolen_card', 'Your card was declined.'),
    charge: declined('stolen_card', 'Your card was declined.'),
    note: 'declined (stolen_card)',
  },
  {
    paymentMethod: 'pm_card_chargeDeclinedExpiredCard',
    number: '4000000000000069',
    brand: 'visa',
    funding: 'credit',
    setup: declined('expired_card', 'Your card has expired.', 'expired_card'),
    charge: declined('expired_card', 'Your card has expired.', 'expired_card'),
    note: 'declined (expired_card)',
  },
];

export function testCardByPaymentMethod(id: string): TestCard | undefined {
  return TEST_CARDS.find((card) => card.paymentMethod === id);
}

export function testCardByNumber(number: string): TestCard | undefined {
  const digits = number.replace(/[\s-]/g, '');
  return TEST_CARDS.find((card) => card.number === digits);
}
