/**
 * The accounts feature's port: who the customer is on Green Horizons, proven by the access token Alexa holds for
 * them (account linking), and what their account offers to pay with. Implemented on the account service's contract
 * (adapters/account-directory.ts: the token verified locally against the service's key set, the account read from
 * its table); injected by the composition root.
 *
 * Nothing here is kept: the card's brand and last four digits are said and forgotten, the email address never
 * reaches the skill's code (the order mailer looks it up itself), and the voice code's digits are passed through.
 */

/** Why the customer must link (again): no token, or one that no longer proves the account. */
export type LinkProblem = 'not-linked' | 'expired' | 'revoked' | 'invalid';

/** A linked account as a payment needs it this turn. */
export interface AccountSummary {
  readonly accountId: string;
  /** The saved card (Stripe's IDs and what to call it), or undefined when none is saved. */
  readonly card:
    | {
        readonly customerId: string;
        readonly paymentMethodId: string;
        readonly brand: string;
        readonly last4: string;
      }
    | undefined;
  readonly voiceCode: 'none' | 'set' | 'locked';
}

export type Identity =
  | { readonly kind: 'linked'; readonly account: AccountSummary }
  | { readonly kind: 'link-needed'; readonly problem: LinkProblem }
  /** The key set or the accounts table did not answer in time: say so; do not treat the customer as unlinked. */
  | { readonly kind: 'unavailable' };

export type VoiceCodeAnswer =
  | { readonly kind: 'accepted' }
  /** Wrong; `attemptsLeft` more wrong codes lock it. */
  | { readonly kind: 'rejected'; readonly attemptsLeft: number }
  /** Locked after three wrong codes: reset on the account page. */
  | { readonly kind: 'locked' }
  | { readonly kind: 'not-set' }
  /** Not four digits: not counted. */
  | { readonly kind: 'malformed' }
  | { readonly kind: 'no-account' };

export interface AccountsDirectory {
  /** The customer behind `context.System.user.accessToken`. */
  identify(accessToken: string | undefined): Promise<Identity>;
  /** Checks four spoken digits against the account's voice code; never logs or keeps them. */
  checkVoiceCode(accountId: string, digits: string): Promise<VoiceCodeAnswer>;
  /** The account by ID (the scheduled job has no token): undefined once it is deleted. */
  account(accountId: string): Promise<AccountSummary | undefined>;
}
