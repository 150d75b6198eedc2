/** How account problems are said: the reason in one breath, and the card in the Alexa app that fixes it. */
import type { Turn } from '../../conversation/turn';
import { accountMessagesFor } from './messages';
import type { LinkProblem } from './ports';

export type AccountProblem =
  | { readonly kind: 'link-needed'; readonly problem: LinkProblem }
  | { readonly kind: 'no-card'; readonly accountPageUrl: string }
  | { readonly kind: 'unavailable' };

/**
 * Adds what the account problem says (and its card) to the turn's reply, and returns the words: the feature that
 * asked ends the turn its own way.
 */
export function sayAccountProblem(turn: Turn, problem: AccountProblem): string {
  const messages = accountMessagesFor(turn.locale);
  switch (problem.kind) {
    case 'link-needed':
      turn.reply.linkAccountCard();
      return messages.link[problem.problem];
    case 'no-card':
      turn.reply.card(messages.addCardCard.title, messages.addCardCard.body(problem.accountPageUrl));
      return messages.addCard;
    case 'unavailable':
      return messages.unavailable;
  }
}
