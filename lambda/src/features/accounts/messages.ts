import type { LinkProblem } from './ports';

/**
 * What is said when a payment needs the customer's Green Horizons account and cannot use it: one breath with the
 * reason and what to do, and a card in the Alexa app that does it (LinkAccount, or a link to the account page).
 */
export interface AccountMessages {
  readonly link: Readonly<Record<LinkProblem, string>>;
  readonly addCard: string;
  readonly addCardCard: { readonly title: string; readonly body: (accountPageUrl: string) => string };
  readonly unavailable: string;
}

export const englishAccounts: AccountMessages = {
  link: {
    'not-linked': `To pay for offsets, link your Green Horizons account, where your card is saved. I've sent a card to your Alexa app to link it. Nothing was charged.`,
    expired: `Your Green Horizons account link has run out, so I can't use your card. Open the card I've sent to your Alexa app to link it again. Nothing was charged.`,
    invalid: `I couldn't confirm your Green Horizons account, so I can't use your card. Open the card I've sent to your Alexa app to link it again. Nothing was charged.`,
    revoked: `Your Green Horizons account isn't linked to Alexa any more. Open the card I've sent to your Alexa app to link it again. Nothing was charged.`,
  },
  addCard: `Your Green Horizons account has no card saved yet. I've put a link to your account page in your Alexa app: add a card there, then ask me again. Nothing was charged.`,
  addCardCard: {
    title: 'Add a card to your Green Horizons account',
    body: (url) =>
      `Your account has no card saved yet. Add one on your account page, then ask Alexa again:\n${url}\nThe card is saved by Stripe; Green Horizons never sees its number.`,
  },
  unavailable: `I can't reach your Green Horizons account just now, so nothing was charged. Please try again in a minute.`,
};

export function accountMessagesFor(_locale: string | undefined): AccountMessages {
  return englishAccounts;
}
