/**
 * Accounts: who the customer is on Green Horizons (account linking: the access token Alexa holds, verified against
 * the account service), and what their account offers to pay with. Offsets' linked-card rail uses it; the
 * composition root builds its adapter (adapters/account-directory.ts).
 */
export type { AccountSummary, AccountsDirectory, Identity, LinkProblem, VoiceCodeAnswer } from './ports';
export { type AccountProblem, sayAccountProblem } from './speech';
