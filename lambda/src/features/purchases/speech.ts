/** How purchases answers are said: each use case's answer rendered into the turn's reply. Never a price. */
import type { Response } from 'ask-sdk-model';
import type { Turn } from '../../conversation/turn';
import { spokenAmount } from '../footprint';
import type { ProductRef } from './domain/products';
import { purchaseHandOff } from './hand-off';
import { purchasesMessagesFor } from './messages';
import type { PurchaseNews, PurchasesAnswer, ReductionPlanUse } from './use-cases';

function reductionPlan(turn: Turn, use: ReductionPlanUse): Response {
  const messages = purchasesMessagesFor(turn.locale);
  turn.conversation.topic = 'estimate';
  switch (use.kind) {
    case 'no-estimates':
      return turn.reply.say(messages.reductionPlanNeedsEstimates).goOn();
    case 'none-left':
      return turn.reply.say(messages.reductionPlansLeft(0)).goOn();
    case 'used': {
      const amount = (grams: number) => spokenAmount(turn.locale, grams);
      return turn.reply.say(messages.reductionPlan(use.steps, amount, use.left)).goOn();
    }
  }
}

export function speakPurchases(turn: Turn, answer: PurchasesAnswer): Response {
  const messages = purchasesMessagesFor(turn.locale);
  const { reply } = turn;
  switch (answer.kind) {
    case 'catalogue-unavailable':
      return reply.say(messages.catalogueUnavailable).goOn();
    case 'no-products':
      return reply.say(messages.noProducts).goOn();
    case 'hand-off': {
      const upsell = answer.action === 'Upsell' ? messages.upsell[answer.product.ref] : undefined;
      return reply.handOff(purchaseHandOff(answer.action, answer.product, answer.resume, upsell));
    }
    case 'which-product': {
      const which = messages.whichProduct(answer.names);
      const question = answer.unheard ? messages.unknownProduct(answer.names) : which;
      return reply.elicit('product', [question], [which], { choices: answer.refs });
    }
    case 'on-offer':
      // "Which would you like to hear about?" takes a bare product name: DescribeProductIntent's product is asked for.
      return reply.elicit('product', [messages.onOffer(answer.names)], [messages.whichProduct(answer.names)], {
        intent: 'DescribeProductIntent',
        choices: answer.refs,
      });
    case 'nothing-left-to-buy':
      return reply.say(messages.nothingLeftToBuy).goOn();
    case 'describe':
      return reply.ask(
        [messages.describe(answer.product.name, answer.product.summary), messages.wantIt],
        [messages.wantIt],
        { kind: 'buy-product', product: answer.product.ref },
      );
    case 'describe-owned':
      return reply.say(messages.describeOwned(answer.product.name, answer.product.ref, answer.plansLeft)).goOn();
    case 'already-owned':
      return reply.say(messages.alreadyOwned(answer.product.name, answer.product.ref)).goOn();
    case 'owned':
      return reply
        .say(messages.owned(answer.names, answer.plansLeft, answer.elsewhere !== undefined), answer.elsewhere)
        .goOn();
    case 'plans-left':
      return reply.say(messages.reductionPlansLeft(answer.count)).goOn();
    case 'offer-declined':
      turn.conversation.topic = 'start';
      return reply.say(messages.declined).goOn();
    case 'monthly-report': {
      turn.conversation.topic = 'estimate';
      const amount = (grams: number) => spokenAmount(turn.locale, grams);
      return reply.say(messages.report(answer.report, amount)).goOn();
    }
    case 'monthly-not-owned':
      return reply.say(answer.sold ? messages.monthlyFree : messages.monthlyUnavailable).goOn();
    case 'reduction-plan':
      return reductionPlan(turn, answer.use);
    case 'free-tip':
      turn.conversation.topic = 'tip';
      return reply.say(answer.reductionPlansSold ? messages.reductionPlanFree : undefined, answer.tip).goOn();
  }
}

/** Says what the purchase flow's answer means, before the skill carries on. */
export function sayPurchaseNews(turn: Turn, news: PurchaseNews): void {
  const messages = purchasesMessagesFor(turn.locale);
  const name = (ref: ProductRef, known: string | undefined) => known ?? messages.fallbackName[ref];
  switch (news.kind) {
    case 'bought':
      turn.reply.say(messages.bought(name(news.ref, news.name)));
      return;
    case 'declined':
      turn.reply.say(messages.declined);
      return;
    case 'failed':
      return;
    case 'pending':
      turn.reply.say(messages.pending(name(news.ref, news.name)));
      return;
    case 'confirming':
      turn.reply.say(messages.confirming(name(news.ref, news.name)));
      return;
    case 'cancelled':
      turn.reply.say(messages.cancelled(name(news.ref, news.name), news.ref));
      return;
    case 'kept':
      turn.reply.say(messages.kept(name(news.ref, news.name)));
      return;
    case 'not-owned':
      turn.reply.say(messages.notOwned(name(news.ref, news.name)));
      return;
    case 'interrupted':
      turn.reply.say(messages.interrupted);
      return;
  }
}
