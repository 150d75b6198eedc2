/**
 * Amazon's side of an Amazon Pay for Alexa Skills hand-over (Setup, Charge), played by the developer: what Amazon
 * would do or say, what looks wrong in the payload, and the outcomes to choose from (approve, decline with a reason,
 * each error code of the reference). The responses come from tools/stand-ins/amazon-pay-responses.ts.
 */
import {
  ALEXA_SPOKEN_PROMPTS,
  AMAZON_PAY_ERROR_CODES,
  AMAZON_PAY_ERROR_GROUPS,
  type AmazonPayAnswer,
  type AmazonPayDirectiveName,
  type AmazonPayErrorCode,
  type AmazonPayErrorGroup,
  amazonPayError,
  BILLING_AGREEMENT_STATUSES,
  type BillingAgreementStatusValue,
  type ChargeRequestLike,
  chargeApproved,
  chargeDeclined,
  DECLINE_REASON_CODES,
  type DeclineReasonCode,
  describeAmazonPayCode,
  errorGroupOf,
  httpStatusOf,
  type SetupRequestLike,
  setupApproved,
} from '../stand-ins/amazon-pay-responses';
import type { PermissionStatus, SendRequestDirective } from './dialog-driver';
import type { AmazonContext, AmazonPrompt, Choice, ChoiceOutcome } from './purchases-side';

const NAMES: ReadonlySet<string> = new Set<AmazonPayDirectiveName>(['Setup', 'Charge']);

export function isAmazonPayDirective(directive: SendRequestDirective): boolean {
  return NAMES.has(directive.name);
}

export function amazonPayPrompt(directive: SendRequestDirective, context: AmazonContext): AmazonPrompt {
  const next = context.nextSequence ?? nextModuleSequence;
  return directive.name === 'Setup' ? setupPrompt(directive, context, next) : chargePrompt(directive, context, next);
}

let moduleSequence = 0;
function nextModuleSequence(): number {
  moduleSequence += 1;
  return moduleSequence;
}

const GROUP_TITLES: Readonly<Record<AmazonPayErrorGroup | 'decline', string>> = {
  permission: 'permission missing (the skill explains, sends the consent card)',
  alexaSpoken: 'Alexa speaks these (the skill must not repeat them)',
  integration: 'integration errors (fix before launch)',
  runtime: 'runtime errors',
  decline: 'payment-method declines as errors (Alexa speaks them)',
};

type Raw = Readonly<Record<string, unknown>>;

function record(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const SYMBOLS: Readonly<Record<string, string>> = { USD: '$', GBP: '£', EUR: '€', JPY: '¥' };

/** "$12.34", "€5.00", or "12.34 CHF" for a currency without a symbol here. */
export function spokenPrice(amount: string, currency: string): string {
  const symbol = SYMBOLS[currency];
  return symbol ? `${symbol}${amount}` : `${amount} ${currency}`;
}

function sequenceId(prefix: string, next: () => number): string {
  return `${prefix}-0000000-${String(next()).padStart(7, '0')}`;
}

function typeProblems(payload: Raw, type: string): string[] {
  const problems: string[] = [];
  if (payload['@type'] !== type) problems.push(`@type is ${JSON.stringify(payload['@type'])}, not ${type}`);
  if (payload['@version'] !== '2') problems.push(`@version is ${JSON.stringify(payload['@version'])}, not "2"`);
  if (!text(payload.sellerId)) problems.push('no sellerId');
  return problems;
}

function permissionLine(permission: PermissionStatus | undefined): string[] {
  if (permission === 'GRANTED') return [];
  const state = permission === 'DENIED' ? 'denied' : 'not granted';
  return [
    `(the customer has ${state} payments:autopay_consent: on a device Amazon answers ${permissionCode(permission)}; ` +
      'answer "permission missing" to play it, or .permission on to grant it first)',
  ];
}

function permissionCode(permission: PermissionStatus | undefined): AmazonPayErrorCode {
  return permission === 'DENIED' ? 'ACCESS_DENIED' : 'ACCESS_NOT_REQUESTED';
}

function problemLines(problems: readonly string[]): string[] {
  return problems.map((problem) => `(Amazon would likely refuse this: ${problem})`);
}

function outcome(answer: AmazonPayAnswer<object>, summary: string, notes: readonly string[] = []): ChoiceOutcome {
  return { answer: { ...answer, payload: { ...answer.payload } }, summary, notes };
}

function errorNote(code: AmazonPayErrorCode | DeclineReasonCode, storeName: string | undefined): string {
  const group = errorGroupOf(code);
  switch (group) {
    case 'alexaSpoken': {
      const prompt = ALEXA_SPOKEN_PROMPTS[code as keyof typeof ALEXA_SPOKEN_PROMPTS];
      return `Alexa has said: "${prompt.replace('[merchantName]', storeName ?? 'the store')}" (the skill must not repeat it)`;
    }
    case 'decline':
      return 'Alexa has told the customer the payment did not go through (the skill must not repeat it)';
    case 'permission':
      return 'the skill should explain and send the permissions consent card';
    case 'integration':
      return `an integration error (${describeAmazonPayCode(code)}): in production the skill apologises and logs`;
    case 'runtime':
      return describeAmazonPayCode(code);
  }
}

/** One choice per error code of the reference, grouped as it groups them, then declines reported as errors. */
function errorChoices(name: AmazonPayDirectiveName, storeName: string | undefined, aliasDeclines: boolean): Choice[] {
  const choice = (code: AmazonPayErrorCode | DeclineReasonCode, group: string, alias: boolean): Choice => ({
    label: `error ${code}`,
    ...(alias ? { aliases: [code] } : {}),
    group,
    apply: () => outcome(amazonPayError(code, { name }), `${httpStatusOf(code)} ${code}`, [errorNote(code, storeName)]),
  });
  return [
    ...AMAZON_PAY_ERROR_GROUPS.flatMap((group) =>
      AMAZON_PAY_ERROR_CODES[group].map((code) => choice(code, GROUP_TITLES[group], true)),
    ),
    ...DECLINE_REASON_CODES.map((code) => choice(code, GROUP_TITLES.decline, aliasDeclines)),
  ];
}

const LIST_WIDTH = 116;

/** The numbered list, under a heading per group and wrapped, in the order resolveAmazonAnswer numbers them. */
function groupedList(choices: readonly Choice[]): string[] {
  const lines: string[] = [];
  let group: string | undefined;
  let line = '';
  let number = 0;
  const flush = () => {
    if (line.trim()) lines.push(line);
    line = '';
  };
  for (const choice of choices) {
    if (choice.hidden) continue;
    number += 1;
    if (choice.group !== group) {
      flush();
      group = choice.group;
      if (group) lines.push(`    ${group}:`);
    }
    const indent = group ? '      ' : '    ';
    const item = `${number}) ${choice.label}`;
    if (line && line.length + 2 + item.length > LIST_WIDTH) flush();
    line = line ? `${line}  ${item}` : `${indent}${item}`;
  }
  flush();
  return lines;
}

function question(first: string, choices: readonly Choice[], last: readonly string[] = []): string {
  return [first, ...groupedList(choices), ...last].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Setup

function setupPrompt(directive: SendRequestDirective, context: AmazonContext, next: () => number): AmazonPrompt {
  const payload = record(directive.payload) ?? {};
  const attributes = record(payload.billingAgreementAttributes);
  const seller = record(attributes?.sellerBillingAgreementAttributes);
  const subscription = record(attributes?.subscriptionAmount);
  const storeName = text(seller?.storeName);
  const sandbox = payload.sandboxMode === true;
  const email = text(payload.sandboxCustomerEmailId);
  const problems = typeProblems(payload, 'SetupAmazonPayRequest');
  if (!text(payload.countryOfEstablishment)) problems.push('no countryOfEstablishment');
  if (!text(payload.ledgerCurrency)) problems.push('no ledgerCurrency');
  if (sandbox && !email) problems.push('sandboxMode without sandboxCustomerEmailId (InvalidSandboxCustomerEmail)');

  const monthly = attributes?.billingAgreementType === 'MerchantInitiatedTransaction';
  const limit =
    text(subscription?.amount) && text(subscription?.currencyCode)
      ? ` of ${spokenPrice(String(subscription?.amount), String(subscription?.currencyCode))} a month`
      : '';
  const kind = monthly ? `a recurring agreement${limit} (merchant-initiated)` : 'an agreement for this order';
  const environment = sandbox ? `sandbox, buyer ${email ?? '(none)'}` : 'LIVE';
  const lines = [
    `Setup: ${kind} with ${storeName ?? '(no storeName)'}, seller ${text(payload.sellerId) ?? '(none)'}, ` +
      `${text(payload.countryOfEstablishment) ?? '?'} ${text(payload.ledgerCurrency) ?? '?'}, ${environment}.`,
    '(Amazon sets the agreement up without asking the customer anything)',
    ...permissionLine(context.amazonPayPermission),
    ...problemLines(problems),
  ];

  const request: SetupRequestLike = {
    sandboxMode: sandbox,
    ...(text(payload.checkoutLanguage) ? { checkoutLanguage: String(payload.checkoutLanguage) } : {}),
  };
  const approve = (status: BillingAgreementStatusValue, hidden: boolean): Choice => ({
    label: status === 'OPEN' ? 'approve' : `approve ${status}`,
    ...(hidden ? { hidden } : { aliases: ['approve OPEN'] }),
    apply: () => {
      const billingAgreementId = sequenceId('C01', next);
      const chargeable = status === 'OPEN' ? '' : ' (it cannot be charged)';
      return outcome(setupApproved({ billingAgreementId, status, request }), `200 ${status} ${billingAgreementId}`, [
        `billing agreement ${billingAgreementId}, ${status}${chargeable}`,
      ]);
    },
  });
  const code = permissionCode(context.amazonPayPermission);
  const choices: Choice[] = [
    approve('OPEN', false),
    {
      label: 'permission missing',
      apply: () =>
        outcome(amazonPayError(code, { name: 'Setup' }), `${httpStatusOf(code)} ${code}`, [errorNote(code, storeName)]),
    },
    ...BILLING_AGREEMENT_STATUSES.filter((status) => status !== 'OPEN').map((status) => approve(status, true)),
    ...errorChoices('Setup', storeName, true),
  ];
  return {
    directive,
    lines,
    choices,
    acceptsJson: true,
    question: question('What does Amazon answer? (a number or the words; a JSON payload; or skip)', choices, [
      `    also: approve ${BILLING_AGREEMENT_STATUSES.filter((status) => status !== 'OPEN').join('|')} (an agreement that cannot be charged)`,
    ]),
    invalidHint:
      'Answer approve, permission missing, error <code>, a number from the list, a JSON payload, or skip ' +
      '(the list is above).',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Charge

interface ChargeView {
  readonly request: ChargeRequestLike | undefined;
  readonly billingAgreementId: string | undefined;
  readonly storeName: string | undefined;
  readonly sellerOrderId: string | undefined;
  readonly problems: readonly string[];
}

function readCharge(payload: Raw): ChargeView {
  const problems = typeProblems(payload, 'ChargeAmazonPayRequest');
  const attributes = record(payload.authorizeAttributes);
  const price = record(attributes?.authorizationAmount);
  const order = record(payload.sellerOrderAttributes);
  const billingAgreementId = text(payload.billingAgreementId);
  if (!billingAgreementId) problems.push('no billingAgreementId (InvalidBillingAgreementId)');
  const action = payload.paymentAction;
  const paymentAction = action === 'Authorize' || action === 'AuthorizeAndCapture' ? action : undefined;
  if (!paymentAction) {
    problems.push(
      `paymentAction ${JSON.stringify(action)} is not Authorize or AuthorizeAndCapture (InvalidPaymentAction)`,
    );
  }
  const reference = text(attributes?.authorizationReferenceId);
  if (!reference || !/^[A-Za-z0-9_-]{1,32}$/.test(reference)) {
    problems.push(`authorizationReferenceId ${JSON.stringify(reference)} is not 1 to 32 letters, digits, - or _`);
  }
  const amount = text(price?.amount);
  const currencyCode = text(price?.currencyCode);
  if (!amount || !/^\d+(\.\d+)?$/.test(amount) || !currencyCode) {
    problems.push('authorizationAmount is not { amount: "<decimal>", currencyCode } (InvalidAuthorizationAmount)');
  }
  const note = text(attributes?.sellerAuthorizationNote);
  if (note && note.length > 255) problems.push('sellerAuthorizationNote is over 255 characters');
  const descriptor = text(attributes?.softDescriptor);
  if (descriptor && descriptor.length > 16) problems.push('softDescriptor is over 16 characters');
  const storeName = text(order?.storeName);
  const request: ChargeRequestLike | undefined =
    paymentAction && reference && amount && currencyCode
      ? {
          paymentAction,
          authorizeAttributes: {
            authorizationReferenceId: reference,
            authorizationAmount: { amount, currencyCode },
            ...(note ? { sellerAuthorizationNote: note } : {}),
            ...(descriptor ? { softDescriptor: descriptor } : {}),
          },
          ...(storeName ? { sellerOrderAttributes: { storeName } } : {}),
        }
      : undefined;
  return { request, billingAgreementId, storeName, sellerOrderId: text(order?.sellerOrderId), problems };
}

/** The decline the sandbox simulation in sellerAuthorizationNote asks for, if any. */
function simulatedDecline(note: string | undefined): string | undefined {
  if (!note) return undefined;
  try {
    const simulation = record(record(JSON.parse(note))?.SandboxSimulation);
    return simulation?.State === 'Declined' ? (text(simulation.ReasonCode) ?? '(no ReasonCode)') : undefined;
  } catch {
    return undefined;
  }
}

function agreementLine(id: string | undefined, known: ReadonlyMap<string, string> | undefined): string[] {
  if (!id || !known) return [];
  const status = known.get(id);
  if (status === undefined) {
    return [`(Amazon gave out no billing agreement ${id} in this run: on a device, InvalidBillingAgreementId)`];
  }
  return status === 'OPEN'
    ? []
    : [`(billing agreement ${id} is ${status}: on a device, InvalidBillingAgreementStatus)`];
}

function chargePrompt(directive: SendRequestDirective, context: AmazonContext, next: () => number): AmazonPrompt {
  const view = readCharge(record(directive.payload) ?? {});
  const { request, storeName } = view;
  const store = storeName ?? '(no storeName)';
  const lines: string[] = [];
  if (request) {
    const { amount, currencyCode } = request.authorizeAttributes.authorizationAmount;
    const price = spokenPrice(amount, currencyCode);
    lines.push(
      `Charge ${price} (${request.paymentAction}) on billing agreement ${view.billingAgreementId ?? '(none)'} ` +
        `for ${store}, order ${view.sellerOrderId ?? '(none)'}, reference ` +
        `${request.authorizeAttributes.authorizationReferenceId}.`,
      `"Your order from ${store} comes to ${price}. To place it, say your voice code." ` +
        '(only when the customer has set a voice code; approximate wording)',
    );
    const decline = simulatedDecline(request.authorizeAttributes.sellerAuthorizationNote);
    if (decline) {
      lines.push(
        `(the sandbox simulation in sellerAuthorizationNote asks Amazon to decline with ${decline}: ` +
          `answer "decline ${decline}" to play it)`,
      );
    }
  } else {
    lines.push(`Charge for ${store}: the payload cannot be charged as it is; only errors can answer it.`);
  }
  lines.push(
    ...agreementLine(view.billingAgreementId, context.billingAgreements),
    ...permissionLine(context.amazonPayPermission),
    ...problemLines(view.problems),
  );

  const choices: Choice[] = [];
  if (request) {
    choices.push({
      label: 'approve',
      apply: () => {
        const answer = chargeApproved({ request, amazonOrderReferenceId: sequenceId('S01', next) });
        const { amount, currencyCode } = request.authorizeAttributes.authorizationAmount;
        const captured = request.paymentAction === 'AuthorizeAndCapture';
        const state = captured ? 'Closed' : 'Open';
        return outcome(answer, `200 ${state}`, [
          captured
            ? `captured ${spokenPrice(amount, currencyCode)} (Closed, MaxCapturesProcessed)`
            : 'authorized, nothing captured yet (Open)',
        ]);
      },
    });
    for (const reason of DECLINE_REASON_CODES) {
      choices.push({
        label: `decline ${reason}`,
        aliases: [reason],
        group: 'declined (200, authorizationStatus Declined)',
        apply: () =>
          outcome(
            chargeDeclined(request, reason, { amazonOrderReferenceId: sequenceId('S01', next) }),
            `200 Declined ${reason}`,
            reason === 'InvalidPaymentMethod'
              ? ['a soft decline: the customer can change the payment method and try again']
              : [],
          ),
      });
    }
  }
  choices.push(...errorChoices('Charge', storeName, !request));
  return {
    directive,
    lines,
    choices,
    acceptsJson: true,
    question: question('What does Amazon answer? (a number or the words; a JSON payload; or skip)', choices),
    invalidHint:
      `Answer ${request ? 'approve, decline <reason>, ' : ''}error <code>, a number from the list, a JSON payload, ` +
      'or skip (the list is above).',
  };
}
