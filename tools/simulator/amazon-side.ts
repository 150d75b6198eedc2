/**
 * Amazon's side of a Connections.SendRequest, played by the developer: what Alexa would say, the outcomes to choose
 * from, and, once one is chosen, the entitlement change on the stand-in and the Connections.Response to send.
 */

import type { InSkillProductsApi, ProductDefinition } from '../stand-ins/in-skill-products-api';
import { localized } from '../stand-ins/isp-definitions';
import type { ConnectionAnswer, SendRequestDirective } from './dialog-driver';

export interface AmazonPrompt {
  readonly directive: SendRequestDirective;
  /** What Alexa (Amazon) says before the customer decides. */
  readonly lines: readonly string[];
  /** The outcomes to choose from; empty when the developer answers with raw JSON. */
  readonly choices: readonly Choice[];
  /** What to tell the developer to type. */
  readonly question: string;
}

export interface Choice {
  readonly label: string;
  readonly purchaseResult: string;
  /** Changes the stand-in's entitlements; returns a note to show, if any. */
  readonly apply: () => { readonly purchaseResult: string; readonly note?: string };
}

/** The developer's answer, resolved: send this (after applying the change), skip, or ask again. */
export type AmazonDecision =
  | { readonly kind: 'send'; readonly answer: ConnectionAnswer; readonly notes: readonly string[] }
  | { readonly kind: 'skip' }
  | { readonly kind: 'invalid'; readonly reason: string };

interface Context {
  readonly products: InSkillProductsApi;
  readonly userId: string;
  readonly locale: string;
}

const ISP_NAMES = new Set(['Buy', 'Upsell', 'Cancel']);

export function amazonPromptFor(directive: SendRequestDirective, context: Context): AmazonPrompt {
  if (!ISP_NAMES.has(directive.name)) return rawPrompt(directive);
  const productId = productIdOf(directive);
  const product = productId ? context.products.product(productId) : undefined;
  if (!product) return unknownProductPrompt(directive, productId);
  return directive.name === 'Cancel'
    ? cancelPrompt(directive, product, context)
    : purchasePrompt(directive, product, context);
}

/**
 * Reads what the developer typed (a number, a label, a purchaseResult, "skip", or JSON for raw prompts) and, for a
 * purchase outcome, applies it to the stand-in's entitlements.
 */
export function resolveAmazonAnswer(prompt: AmazonPrompt, input: string): AmazonDecision {
  const typed = input.trim();
  if (/^skip$/i.test(typed)) return { kind: 'skip' };
  if (prompt.choices.length === 0) return rawDecision(prompt.directive, typed);
  const choice = findChoice(prompt.choices, typed);
  if (!choice) return { kind: 'invalid', reason: `Choose one of: ${choiceList(prompt.choices)}, or skip.` };
  const { purchaseResult, note } = choice.apply();
  const productId = productIdOf(prompt.directive);
  return {
    kind: 'send',
    answer: { payload: { purchaseResult, ...(productId ? { productId } : {}) } },
    notes: note ? [note] : [],
  };
}

export function choiceList(choices: readonly Choice[]): string {
  return choices.map((choice, index) => `${index + 1}) ${choice.label}`).join('  ');
}

function findChoice(choices: readonly Choice[], typed: string): Choice | undefined {
  const text = typed.toLowerCase().replace(/[_-]+/g, ' ');
  const byNumber = /^\d+$/.test(text) ? choices[Number(text) - 1] : undefined;
  return (
    byNumber ??
    choices.find(
      (choice) => choice.label === text || choice.purchaseResult.toLowerCase().replace(/_/g, ' ') === text,
    ) ??
    choices.find((choice) => text.length >= 2 && choice.label.startsWith(text))
  );
}

function productIdOf(directive: SendRequestDirective): string | undefined {
  const product: unknown = directive.payload?.InSkillProduct;
  const id =
    typeof product === 'object' && product !== null ? (product as { productId?: unknown }).productId : undefined;
  return typeof id === 'string' ? id : undefined;
}

function priceLine(product: ProductDefinition): string {
  if (!product.price) return 'The ISP file gives no price.';
  const amount =
    product.price.currency === 'USD'
      ? `$${product.price.amount.toFixed(2)}`
      : `${product.price.amount} ${product.price.currency}`;
  const subscription = product.subscription;
  if (!subscription) return `It costs ${amount} plus tax.`;
  const period = subscription.frequency === 'YEARLY' ? 'year' : 'month';
  const trial = subscription.trialDays > 0 ? ` after a ${subscription.trialDays}-day free trial` : '';
  return `It's ${amount} per ${period} plus tax${trial}.`;
}

function buyLine(product: ProductDefinition, locale: string): string {
  const { name, summary, purchasePromptDescription } = localized(product, locale);
  const about = purchasePromptDescription ?? summary;
  return `${name}: ${about} ${priceLine(product)} Would you like to buy it?`.replace(/\s+/g, ' ');
}

function purchasePrompt(directive: SendRequestDirective, product: ProductDefinition, context: Context): AmazonPrompt {
  const { products, userId, locale } = context;
  const upsell = directive.payload?.upsellMessage;
  const lines = [
    ...(directive.name === 'Upsell'
      ? [`(the skill's upsell) ${typeof upsell === 'string' ? upsell : '(no upsellMessage)'}`]
      : []),
    `${directive.name === 'Upsell' ? '(if the customer says yes) ' : ''}${buyLine(product, locale)}`,
  ];
  const owned = products.view(userId, product.referenceName, locale).entitled === 'ENTITLED';
  if (owned && product.type !== 'CONSUMABLE') lines.push('(the stand-in says this customer already owns it)');
  const choices: Choice[] = [
    {
      label: 'accept',
      purchaseResult: 'ACCEPTED',
      apply: () => {
        const entitled = products.view(userId, product.referenceName, locale).entitled === 'ENTITLED';
        if (entitled && product.type !== 'CONSUMABLE') {
          return { purchaseResult: 'ALREADY_PURCHASED', note: 'the customer owns it already: ALREADY_PURCHASED' };
        }
        const after = products.purchase(userId, product.referenceName);
        return { purchaseResult: 'ACCEPTED', note: `entitled: ${describeCount(after.activeEntitlementCount)}` };
      },
    },
    { label: 'decline', purchaseResult: 'DECLINED', apply: () => ({ purchaseResult: 'DECLINED' }) },
    { label: 'error', purchaseResult: 'ERROR', apply: () => ({ purchaseResult: 'ERROR' }) },
    {
      label: 'already purchased',
      purchaseResult: 'ALREADY_PURCHASED',
      apply: () => {
        const entitled = products.view(userId, product.referenceName, locale).entitled === 'ENTITLED';
        if (!entitled) products.purchase(userId, product.referenceName);
        return { purchaseResult: 'ALREADY_PURCHASED', ...(entitled ? {} : { note: 'entitled the customer first' }) };
      },
    },
  ];
  return { directive, lines, choices, question: `What does the customer do? ${choiceList(choices)}` };
}

function cancelPrompt(directive: SendRequestDirective, product: ProductDefinition, context: Context): AmazonPrompt {
  const { products, userId, locale } = context;
  const { name } = localized(product, locale);
  const lines = [
    product.type === 'SUBSCRIPTION'
      ? `You're subscribed to ${name}. Do you want to cancel your subscription?`
      : `Would you like a refund for ${name}?`,
  ];
  const choices: Choice[] = [
    {
      label: 'accept',
      purchaseResult: 'ACCEPTED',
      apply: () => {
        const after = products.cancel(userId, product.referenceName);
        if (!after)
          return { purchaseResult: 'NOT_ENTITLED', note: 'the customer owns nothing to cancel: NOT_ENTITLED' };
        return { purchaseResult: 'ACCEPTED', note: `left: ${describeCount(after.activeEntitlementCount)}` };
      },
    },
    { label: 'decline', purchaseResult: 'DECLINED', apply: () => ({ purchaseResult: 'DECLINED' }) },
    { label: 'not entitled', purchaseResult: 'NOT_ENTITLED', apply: () => ({ purchaseResult: 'NOT_ENTITLED' }) },
  ];
  return { directive, lines, choices, question: `What does the customer do? ${choiceList(choices)}` };
}

function unknownProductPrompt(directive: SendRequestDirective, productId: string | undefined): AmazonPrompt {
  const lines = [
    `(no ISP file in skill-package/isps defines product ${productId ?? '(none given)'}: on a device this fails)`,
  ];
  const choices: Choice[] = [
    { label: 'error', purchaseResult: 'ERROR', apply: () => ({ purchaseResult: 'ERROR' }) },
    { label: 'decline', purchaseResult: 'DECLINED', apply: () => ({ purchaseResult: 'DECLINED' }) },
  ];
  return { directive, lines, choices, question: `What does Amazon answer? ${choiceList(choices)}` };
}

function rawPrompt(directive: SendRequestDirective): AmazonPrompt {
  return {
    directive,
    lines: [
      `(${directive.name}: the simulator cannot play this one; the request payload was)`,
      JSON.stringify(directive.payload ?? {}),
    ],
    choices: [],
    question:
      'Type the Connections.Response payload as one line of JSON ({"status":{"code":"400","message":"…"},"payload":{…}} to set the status too), or skip.',
  };
}

function rawDecision(directive: SendRequestDirective, typed: string): AmazonDecision {
  let json: unknown;
  try {
    json = JSON.parse(typed);
  } catch {
    return { kind: 'invalid', reason: 'That is not JSON. Type a JSON object, or skip.' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { kind: 'invalid', reason: 'Type a JSON object, or skip.' };
  }
  const record = json as Record<string, unknown>;
  const status = record.status as { code?: unknown; message?: unknown } | undefined;
  if ('payload' in record || 'status' in record) {
    return {
      kind: 'send',
      answer: {
        name: directive.name,
        payload: (record.payload ?? {}) as Record<string, unknown>,
        ...(status ? { status: { code: String(status.code ?? '200'), message: String(status.message ?? 'OK') } } : {}),
      },
      notes: [],
    };
  }
  return { kind: 'send', answer: { name: directive.name, payload: record }, notes: [] };
}

function describeCount(count: number): string {
  return count === 1 ? '1 active purchase' : `${count} active purchases`;
}
