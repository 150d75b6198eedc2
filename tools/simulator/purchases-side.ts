/**
 * Amazon's side of a Connections.SendRequest (the purchase flows), played by the developer: what Alexa would say,
 * the outcomes to choose from, and, once one is chosen, the entitlement change on the stand-in and the
 * Connections.Response to send.
 * In-skill purchases (Buy, Upsell, Cancel) here; Amazon Pay (Setup, Charge) in amazon-pay-side.ts.
 */

import type { InSkillProductsApi, ProductDefinition } from '../stand-ins/in-skill-products-api';
import { localized } from '../stand-ins/isp-definitions';
import { amazonPayPrompt, isAmazonPayDirective } from './amazon-pay-side';
import type { ConnectionAnswer, PermissionStatus, SendRequestDirective } from './dialog-driver';

export interface AmazonPrompt {
  readonly directive: SendRequestDirective;
  /** What Alexa (Amazon) says before the customer decides. */
  readonly lines: readonly string[];
  /** The outcomes to choose from; empty when the developer answers with raw JSON. */
  readonly choices: readonly Choice[];
  /** What to tell the developer to type. */
  readonly question: string;
  /** Whether a line of JSON is taken as the Connections.Response payload too (always, when there are no choices). */
  readonly acceptsJson?: boolean;
  /** What to say when the answer matches nothing; default: the list of choices. */
  readonly invalidHint?: string;
}

/** What choosing an outcome sends. */
export interface ChoiceOutcome {
  readonly answer: ConnectionAnswer;
  /** Shown after the response name: "Amazon sends Connections.Response Buy ACCEPTED". */
  readonly summary: string;
  readonly notes?: readonly string[];
}

export interface Choice {
  readonly label: string;
  /** Other words that pick it (for purchases, the purchaseResult). */
  readonly aliases?: readonly string[];
  /** Picked by its exact label only, and left out of the numbered list. */
  readonly hidden?: boolean;
  /** Where the question lists it, when it groups the choices. */
  readonly group?: string;
  /** Makes the change on Amazon's side (the stand-in's entitlements) and gives the response to send. */
  readonly apply: () => ChoiceOutcome;
}

/** The developer's answer, resolved: send this (after applying the change), skip, or ask again. */
export type AmazonDecision =
  | {
      readonly kind: 'send';
      readonly answer: ConnectionAnswer;
      readonly notes: readonly string[];
      readonly summary: string;
    }
  | { readonly kind: 'skip' }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface AmazonContext {
  readonly products: InSkillProductsApi;
  readonly userId: string;
  readonly locale: string;
  /** The customer's answer to payments:autopay_consent (undefined: none given). */
  readonly amazonPayPermission?: PermissionStatus | undefined;
  /** Billing agreements Amazon has given out so far, with their status; when known, Charge checks against them. */
  readonly billingAgreements?: ReadonlyMap<string, string>;
  /** A fresh number for each ID Amazon makes up (billing agreements, orders); default a counter of this module. */
  readonly nextSequence?: () => number;
}

const ISP_NAMES = new Set(['Buy', 'Upsell', 'Cancel']);

export function amazonPromptFor(directive: SendRequestDirective, context: AmazonContext): AmazonPrompt {
  if (isAmazonPayDirective(directive)) return amazonPayPrompt(directive, context);
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
  if (prompt.choices.length === 0 || (prompt.acceptsJson && typed.startsWith('{'))) {
    return rawDecision(prompt.directive, typed);
  }
  const choice = findChoice(prompt.choices, typed);
  if (!choice) {
    return { kind: 'invalid', reason: prompt.invalidHint ?? `Choose one of: ${choiceList(prompt.choices)}, or skip.` };
  }
  const { answer, summary, notes } = choice.apply();
  return { kind: 'send', answer, notes: notes ?? [], summary };
}

/** The choices a number picks, in order. */
function listed(choices: readonly Choice[]): readonly Choice[] {
  return choices.filter((choice) => !choice.hidden);
}

export function choiceList(choices: readonly Choice[]): string {
  return listed(choices)
    .map((choice, index) => `${index + 1}) ${choice.label}`)
    .join('  ');
}

/** Lowercase, with underscores, dashes and runs of spaces as one space. */
function normalized(text: string): string {
  return text
    .toLowerCase()
    .replace(/[_\s-]+/g, ' ')
    .trim();
}

/** A number from the list, a label or alias, or the start of exactly one listed label (at least two letters). */
function findChoice(choices: readonly Choice[], typed: string): Choice | undefined {
  const text = normalized(typed);
  if (/^\d+$/.test(text)) return listed(choices)[Number(text) - 1];
  const exact = choices.find(
    (choice) => normalized(choice.label) === text || (choice.aliases ?? []).some((alias) => normalized(alias) === text),
  );
  if (exact || text.length < 2) return exact;
  const started = listed(choices).filter((choice) => normalized(choice.label).startsWith(text));
  return started.length === 1 ? started[0] : undefined;
}

/** An in-skill purchase outcome: the purchaseResult (and productId) in the payload. */
function purchaseChoice(
  directive: SendRequestDirective,
  label: string,
  purchaseResult: string,
  apply: () => { readonly purchaseResult: string; readonly note?: string } = () => ({ purchaseResult }),
): Choice {
  return {
    label,
    aliases: [purchaseResult],
    apply: () => {
      const outcome = apply();
      const productId = productIdOf(directive);
      return {
        answer: { payload: { purchaseResult: outcome.purchaseResult, ...(productId ? { productId } : {}) } },
        summary: outcome.purchaseResult,
        notes: outcome.note ? [outcome.note] : [],
      };
    },
  };
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

function purchasePrompt(
  directive: SendRequestDirective,
  product: ProductDefinition,
  context: AmazonContext,
): AmazonPrompt {
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
    purchaseChoice(directive, 'accept', 'ACCEPTED', () => {
      const entitled = products.view(userId, product.referenceName, locale).entitled === 'ENTITLED';
      if (entitled && product.type !== 'CONSUMABLE') {
        return { purchaseResult: 'ALREADY_PURCHASED', note: 'the customer owns it already: ALREADY_PURCHASED' };
      }
      const after = products.purchase(userId, product.referenceName);
      return { purchaseResult: 'ACCEPTED', note: `entitled: ${describeCount(after.activeEntitlementCount)}` };
    }),
    purchaseChoice(directive, 'decline', 'DECLINED'),
    purchaseChoice(directive, 'error', 'ERROR'),
    purchaseChoice(directive, 'already purchased', 'ALREADY_PURCHASED', () => {
      const entitled = products.view(userId, product.referenceName, locale).entitled === 'ENTITLED';
      if (!entitled) products.purchase(userId, product.referenceName);
      return { purchaseResult: 'ALREADY_PURCHASED', ...(entitled ? {} : { note: 'entitled the customer first' }) };
    }),
  ];
  return { directive, lines, choices, question: `What does the customer do? ${choiceList(choices)}` };
}

function cancelPrompt(
  directive: SendRequestDirective,
  product: ProductDefinition,
  context: AmazonContext,
): AmazonPrompt {
  const { products, userId, locale } = context;
  const { name } = localized(product, locale);
  const view = products.view(userId, product.referenceName, locale);
  if (view.entitled !== 'ENTITLED' && view.activeEntitlementCount === 0) {
    // Amazon says so itself and answers NOT_ENTITLED: there is nothing to cancel or refund.
    const lines = [
      product.type === 'SUBSCRIPTION'
        ? `You don't have a subscription to ${name}, so there's nothing to cancel.`
        : `You haven't bought ${name}, so there's nothing to refund.`,
    ];
    const choices: Choice[] = [
      purchaseChoice(directive, 'continue', 'NOT_ENTITLED'),
      purchaseChoice(directive, 'error', 'ERROR'),
    ];
    return { directive, lines, choices, question: `What does Amazon answer? ${choiceList(choices)}` };
  }
  const lines = [
    product.type === 'SUBSCRIPTION'
      ? `You're subscribed to ${name}. Do you want to cancel your subscription?`
      : `Would you like a refund for ${name}?`,
  ];
  const choices: Choice[] = [
    purchaseChoice(directive, 'accept', 'ACCEPTED', () => {
      const after = products.cancel(userId, product.referenceName);
      if (!after) return { purchaseResult: 'NOT_ENTITLED', note: 'the customer owns nothing to cancel: NOT_ENTITLED' };
      return { purchaseResult: 'ACCEPTED', note: `left: ${describeCount(after.activeEntitlementCount)}` };
    }),
    purchaseChoice(directive, 'decline', 'DECLINED'),
    purchaseChoice(directive, 'not entitled', 'NOT_ENTITLED'),
  ];
  return { directive, lines, choices, question: `What does the customer do? ${choiceList(choices)}` };
}

function unknownProductPrompt(directive: SendRequestDirective, productId: string | undefined): AmazonPrompt {
  const lines = [
    `(no ISP file in skill-package/isps defines product ${productId ?? '(none given)'}: on a device this fails)`,
  ];
  const choices: Choice[] = [
    purchaseChoice(directive, 'error', 'ERROR'),
    purchaseChoice(directive, 'decline', 'DECLINED'),
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

export function rawDecision(directive: SendRequestDirective, typed: string): AmazonDecision {
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
    const code = String(status?.code ?? '200');
    const message = String(status?.message ?? 'OK');
    const payload = (record.payload ?? {}) as Record<string, unknown>;
    return {
      kind: 'send',
      answer: { name: directive.name, payload, ...(status ? { status: { code, message } } : {}) },
      notes: [],
      summary: code === '200' ? rawSummary(payload) : `${code} ${message}`,
    };
  }
  return { kind: 'send', answer: { name: directive.name, payload: record }, notes: [], summary: rawSummary(record) };
}

/** The purchaseResult of a raw payload, if it has one. */
function rawSummary(payload: Readonly<Record<string, unknown>>): string {
  return typeof payload.purchaseResult === 'string' ? payload.purchaseResult : '';
}

function describeCount(count: number): string {
  return count === 1 ? '1 active purchase' : `${count} active purchases`;
}
