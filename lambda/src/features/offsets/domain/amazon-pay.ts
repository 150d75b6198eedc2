/**
 * Amazon Pay for Alexa Skills, as pure data: the Setup and Charge payloads the skill sends in a
 * `Connections.SendRequest` directive, and what the `Connections.Response` that comes back means.
 *
 * Shapes follow Amazon's "Amazon Pay for Alexa Skills" reference and ask-sdk-model's `interfaces.amazonpay` types
 * (version 2 payloads: every nested object carries its own `@type` and `@version`). Amazon switched these payments
 * off in 2022/2023; the payloads run against stand-ins only.
 *
 * Privacy: a response may carry the buyer's name, address and IDs (`billingAddress`, `destination`, …). The
 * classifiers copy out only IDs of our agreement and authorization, states and reason codes, never those fields.
 */

import { GreenHorizonsError } from '../../../shared/errors';
import { type Currency, formatDecimal, isCurrency, type Money, parseDecimal } from './money';
import type { ChargeOutcome, CustomerAction } from './payment';

export type { ChargeOutcome, CustomerAction } from './payment';

export type CountryOfEstablishment = 'US' | 'UK' | 'DE' | 'FR' | 'IT' | 'ES' | 'AT' | 'IE' | 'JP';
export type CheckoutLanguage = 'en_US' | 'en_GB' | 'de_DE' | 'fr_FR' | 'it_IT' | 'es_ES' | 'ja_JP';
export type BillingAgreementType = 'CustomerInitiatedTransaction' | 'MerchantInitiatedTransaction';
export type BillingAgreementStatus = 'OPEN' | 'CANCELED' | 'CLOSED' | 'DRAFT' | 'SUSPENDED';

/** Reason codes of a declined authorization. */
export type DeclineReason = 'InvalidPaymentMethod' | 'AmazonRejected' | 'ProcessingFailure' | 'TransactionTimedOut';

export const DECLINE_REASONS: readonly DeclineReason[] = [
  'InvalidPaymentMethod',
  'AmazonRejected',
  'ProcessingFailure',
  'TransactionTimedOut',
];

/** Alexa has already told the customer: the skill must not repeat it. */
export const ALEXA_SPOKEN_CODES = [
  'UnsupportedClientPlatform',
  'InvalidShippingAddress',
  'InvalidAccountStatus',
  'RequestThrottled',
] as const;
export type AlexaSpokenCode = (typeof ALEXA_SPOKEN_CODES)[number];

/** The payments permission is missing: explain and send the consent card. */
export const PERMISSION_CODES = [
  'ACCESS_DENIED',
  'ACCESS_NOT_REQUESTED',
  'FORBIDDEN',
  'MissingPermissionsToAccessResource',
  'VoicePurchaseNotEnabled',
] as const;
export type PermissionCode = (typeof PERMISSION_CODES)[number];

/** Our integration is wrong: fix before launch; in production apologise and log. */
export const INTEGRATION_ERROR_CODES = [
  'BuyerEqualsSeller',
  'InvalidParameterValue',
  'InvalidSandboxCustomerEmail',
  'InvalidSellerId',
  'UnauthorizedAccess',
  'UnsupportedCountryOfEstablishment',
  'UnsupportedCurrency',
] as const;
export type IntegrationErrorCode = (typeof INTEGRATION_ERROR_CODES)[number];

export const RUNTIME_ERROR_CODES = [
  'DuplicateRequest',
  'InternalServerError',
  'InvalidAuthorizationAmount',
  'InvalidBillingAgreementId',
  'InvalidBillingAgreementStatus',
  'InvalidPaymentAction',
  'PeriodicAmountExceeded',
  'ProviderNotAuthorized',
  'ServiceUnavailable',
] as const;
export type RuntimeErrorCode = (typeof RUNTIME_ERROR_CODES)[number];

/**
 * Runtime errors after which whether the charge went through is not known (item 5 of issue 10): DuplicateRequest (the
 * reference was used before, and that charge may have been captured) and Amazon's own server errors (it may have
 * decided before it failed). The order keeps its reference until a look-up says how that charge ended.
 */
export const OUTCOME_UNKNOWN_CODES: readonly RuntimeErrorCode[] = [
  'DuplicateRequest',
  'InternalServerError',
  'ServiceUnavailable',
];

const RUNTIME_ERRORS: Readonly<Record<RuntimeErrorCode, { retryable: boolean; action: CustomerAction }>> = {
  // The authorization reference was used before: the earlier charge may have gone through. Never retry it blindly.
  DuplicateRequest: { retryable: false, action: 'contact-us' },
  InternalServerError: { retryable: true, action: 'try-again-later' },
  InvalidAuthorizationAmount: { retryable: false, action: 'contact-us' },
  InvalidBillingAgreementId: { retryable: false, action: 'set-up-payment-again' },
  InvalidBillingAgreementStatus: { retryable: false, action: 'set-up-payment-again' },
  InvalidPaymentAction: { retryable: false, action: 'contact-us' },
  PeriodicAmountExceeded: { retryable: false, action: 'wait-for-monthly-limit' },
  ProviderNotAuthorized: { retryable: false, action: 'contact-us' },
  ServiceUnavailable: { retryable: true, action: 'try-again-later' },
};

const DECLINES: Readonly<Record<DeclineReason, { retryable: boolean; action: CustomerAction }>> = {
  // A soft decline: the order can go through once the customer has changed the payment method.
  InvalidPaymentMethod: { retryable: true, action: 'update-payment-method' },
  AmazonRejected: { retryable: false, action: 'contact-amazon-pay' },
  ProcessingFailure: { retryable: true, action: 'try-again-later' },
  TransactionTimedOut: { retryable: true, action: 'try-again' },
};

// ---------------------------------------------------------------------------------------------------------------
// Configuration

export interface AmazonPaySandbox {
  /** The Seller Central sandbox test account that plays the buyer. */
  readonly customerEmailId: string;
  /** Every Charge declines with this reason (Amazon Pay's sandbox simulation). */
  readonly simulateDecline?: DeclineReason;
}

export interface AmazonPayConfig {
  readonly sellerId: string;
  readonly countryOfEstablishment: CountryOfEstablishment;
  /** Must match the merchant account: USD (US), GBP (UK), EUR (DE, FR, IT, ES, AT, IE), JPY (JP). */
  readonly ledgerCurrency: Currency;
  readonly checkoutLanguage: CheckoutLanguage;
  /** Shown to the buyer in Amazon's emails and transaction history; also the seller of record read back. */
  readonly storeName: string;
  /** On the buyer's card statement after "AMZ* ", at most 16 characters. */
  readonly softDescriptor?: string;
  /** Set: sandbox mode (test buyer, no real money). Unset: live. */
  readonly sandbox?: AmazonPaySandbox;
}

/** The ledger currency each country of establishment must use. */
export const LEDGER_CURRENCY: Readonly<Record<CountryOfEstablishment, Currency>> = {
  US: 'USD',
  UK: 'GBP',
  DE: 'EUR',
  FR: 'EUR',
  IT: 'EUR',
  ES: 'EUR',
  AT: 'EUR',
  IE: 'EUR',
  JP: 'JPY',
};

export const LIMITS = {
  authorizationReferenceId: 32,
  softDescriptor: 16,
  sellerAuthorizationNote: 255,
  sellerNote: 1024,
} as const;

/** Amazon's advice for merchant IDs: letters, digits, dash and underscore. */
const SELLER_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Problems with an Amazon Pay configuration; empty when it is usable. For config validation at cold start. */
export function amazonPayConfigProblems(config: AmazonPayConfig): string[] {
  const problems: string[] = [];
  if (!SELLER_ID_PATTERN.test(config.sellerId)) problems.push('sellerId must be the merchant ID (letters and digits)');
  const expected = LEDGER_CURRENCY[config.countryOfEstablishment];
  if (expected === undefined) problems.push(`unsupported countryOfEstablishment ${config.countryOfEstablishment}`);
  else if (config.ledgerCurrency !== expected) {
    problems.push(`ledgerCurrency for ${config.countryOfEstablishment} must be ${expected}`);
  }
  if (config.storeName.trim() === '') problems.push('storeName must be set');
  if (config.softDescriptor !== undefined && config.softDescriptor.length > LIMITS.softDescriptor) {
    problems.push(`softDescriptor must be at most ${LIMITS.softDescriptor} characters`);
  }
  if (config.sandbox && !/^[^\s@]+@[^\s@]+$/.test(config.sandbox.customerEmailId)) {
    problems.push('the sandbox customer email must be an email address');
  }
  return problems;
}

/** A payload would break Amazon Pay's documented limits: a programming or configuration error. */
export class AmazonPayRequestError extends GreenHorizonsError {
  override readonly name = 'AmazonPayRequestError';
}

function within(value: string | undefined, limit: number, what: string): void {
  if (value !== undefined && value.length > limit) {
    throw new AmazonPayRequestError(`${what} must be at most ${limit} characters`);
  }
}

/** Unique per authorization, at most 32 characters of letters, digits, dash and underscore. */
export function isAuthorizationReferenceId(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,32}$/.test(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Payloads

interface Typed<T extends string> {
  readonly '@type': T;
  readonly '@version': '2';
}

export interface PricePayload extends Typed<'Price'> {
  readonly amount: string;
  readonly currencyCode: Currency;
}

export interface SellerBillingAgreementAttributesPayload extends Typed<'SellerBillingAgreementAttributes'> {
  readonly sellerBillingAgreementId: string;
  readonly storeName: string;
  readonly customInformation?: string;
}

export interface BillingAgreementAttributesPayload extends Typed<'BillingAgreementAttributes'> {
  readonly sellerNote?: string;
  readonly billingAgreementType: BillingAgreementType;
  readonly subscriptionAmount?: PricePayload;
  readonly sellerBillingAgreementAttributes: SellerBillingAgreementAttributesPayload;
}

export interface SetupAmazonPayPayload extends Typed<'SetupAmazonPayRequest'> {
  readonly sellerId: string;
  readonly countryOfEstablishment: CountryOfEstablishment;
  readonly ledgerCurrency: Currency;
  readonly checkoutLanguage: CheckoutLanguage;
  /** An offset is delivered by email: never ask for (or receive) a shipping address. */
  readonly needAmazonShippingAddress: false;
  readonly sandboxMode: boolean;
  readonly sandboxCustomerEmailId?: string;
  readonly billingAgreementAttributes: BillingAgreementAttributesPayload;
}

export interface AuthorizeAttributesPayload extends Typed<'AuthorizeAttributes'> {
  readonly authorizationReferenceId: string;
  readonly authorizationAmount: PricePayload;
  /** 0: synchronous, as Amazon recommends for voice. */
  readonly transactionTimeout: 0;
  readonly sellerAuthorizationNote?: string;
  readonly softDescriptor?: string;
}

export interface SellerOrderAttributesPayload extends Typed<'SellerOrderAttributes'> {
  readonly sellerOrderId: string;
  readonly storeName: string;
  readonly customInformation?: string;
  readonly sellerNote?: string;
}

export interface ChargeAmazonPayPayload extends Typed<'ChargeAmazonPayRequest'> {
  readonly sellerId: string;
  readonly billingAgreementId: string;
  readonly paymentAction: 'AuthorizeAndCapture';
  readonly authorizeAttributes: AuthorizeAttributesPayload;
  readonly sellerOrderAttributes: SellerOrderAttributesPayload;
}

export function pricePayload(amount: Money): PricePayload {
  return { '@type': 'Price', '@version': '2', amount: formatDecimal(amount), currencyCode: amount.currency };
}

export interface SetupInput {
  /** Our ID for the agreement (the order or plan ID): letters, digits, dash, underscore. */
  readonly sellerBillingAgreementId: string;
  readonly billingAgreementType: BillingAgreementType;
  /** The most a merchant-initiated agreement will be charged per period (the monthly plan's total). */
  readonly subscriptionAmount?: Money;
  /** Shown in Amazon's emails to the buyer. */
  readonly sellerNote?: string;
}

export function buildSetupRequest(config: AmazonPayConfig, input: SetupInput): SetupAmazonPayPayload {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(input.sellerBillingAgreementId)) {
    throw new AmazonPayRequestError('sellerBillingAgreementId must be 1 to 64 letters, digits, dashes or underscores');
  }
  within(input.sellerNote, LIMITS.sellerNote, 'sellerNote');
  if (input.subscriptionAmount && input.subscriptionAmount.currency !== config.ledgerCurrency) {
    throw new AmazonPayRequestError(`subscriptionAmount must be in the ledger currency ${config.ledgerCurrency}`);
  }
  return {
    '@type': 'SetupAmazonPayRequest',
    '@version': '2',
    sellerId: config.sellerId,
    countryOfEstablishment: config.countryOfEstablishment,
    ledgerCurrency: config.ledgerCurrency,
    checkoutLanguage: config.checkoutLanguage,
    needAmazonShippingAddress: false,
    sandboxMode: config.sandbox !== undefined,
    ...(config.sandbox ? { sandboxCustomerEmailId: config.sandbox.customerEmailId } : {}),
    billingAgreementAttributes: {
      '@type': 'BillingAgreementAttributes',
      '@version': '2',
      ...(input.sellerNote ? { sellerNote: input.sellerNote } : {}),
      billingAgreementType: input.billingAgreementType,
      ...(input.subscriptionAmount ? { subscriptionAmount: pricePayload(input.subscriptionAmount) } : {}),
      sellerBillingAgreementAttributes: {
        '@type': 'SellerBillingAgreementAttributes',
        '@version': '2',
        sellerBillingAgreementId: input.sellerBillingAgreementId,
        storeName: config.storeName,
      },
    },
  };
}

/** One authorization of one order: what a Charge (or a charge through the Amazon Pay API) needs. */
export interface ChargeOrder {
  readonly orderId: string;
  readonly authorizationReferenceId: string;
  readonly amount: Money;
}

export interface ChargeInput {
  readonly billingAgreementId: string;
  readonly order: ChargeOrder;
  /** Describes the charge in Amazon's emails (≤ 255 characters). Replaced by the sandbox simulation when set. */
  readonly note?: string;
}

/** `sellerAuthorizationNote` that makes the sandbox decline with a reason. */
export function sandboxDeclineNote(reason: DeclineReason): string {
  return JSON.stringify({ SandboxSimulation: { State: 'Declined', ReasonCode: reason } });
}

/** The note to send: the sandbox simulation when configured, else the caller's note. */
export function authorizationNote(config: AmazonPayConfig, note: string | undefined): string | undefined {
  const simulated = config.sandbox?.simulateDecline;
  const chosen = simulated ? sandboxDeclineNote(simulated) : note;
  within(chosen, LIMITS.sellerAuthorizationNote, 'sellerAuthorizationNote');
  return chosen;
}

export function buildChargeRequest(config: AmazonPayConfig, input: ChargeInput): ChargeAmazonPayPayload {
  const { order } = input;
  if (!isAuthorizationReferenceId(order.authorizationReferenceId)) {
    throw new AmazonPayRequestError(
      `authorizationReferenceId must be 1 to ${LIMITS.authorizationReferenceId} letters, digits, dashes or underscores`,
    );
  }
  if (order.amount.currency !== config.ledgerCurrency) {
    throw new AmazonPayRequestError(`The charge must be in the ledger currency ${config.ledgerCurrency}`);
  }
  if (!Number.isSafeInteger(order.amount.minor) || order.amount.minor <= 0) {
    throw new AmazonPayRequestError('The charge must be a positive amount');
  }
  if (input.billingAgreementId.trim() === '') throw new AmazonPayRequestError('billingAgreementId must be set');
  within(config.softDescriptor, LIMITS.softDescriptor, 'softDescriptor');
  const note = authorizationNote(config, input.note);
  return {
    '@type': 'ChargeAmazonPayRequest',
    '@version': '2',
    sellerId: config.sellerId,
    billingAgreementId: input.billingAgreementId,
    paymentAction: 'AuthorizeAndCapture',
    authorizeAttributes: {
      '@type': 'AuthorizeAttributes',
      '@version': '2',
      authorizationReferenceId: order.authorizationReferenceId,
      authorizationAmount: pricePayload(order.amount),
      transactionTimeout: 0,
      ...(note ? { sellerAuthorizationNote: note } : {}),
      ...(config.softDescriptor ? { softDescriptor: config.softDescriptor } : {}),
    },
    sellerOrderAttributes: {
      '@type': 'SellerOrderAttributes',
      '@version': '2',
      sellerOrderId: order.orderId,
      storeName: config.storeName,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Responses

/** `Connections.Response.status`: the code is a string ("200"), the error code is in the message. */
export interface ConnectionsStatus {
  readonly code: string | number;
  readonly message?: string;
}

/** A failure that is not a decline; shared by Setup and Charge. */
export type AmazonPayProblem =
  | { readonly kind: 'permission-missing'; readonly code: PermissionCode; readonly action: 'grant-permission' }
  | { readonly kind: 'alexa-spoke'; readonly code: AlexaSpokenCode | DeclineReason; readonly action: 'none' }
  | { readonly kind: 'integration-error'; readonly code: IntegrationErrorCode; readonly action: 'contact-us' }
  | {
      readonly kind: 'runtime-error';
      readonly code: RuntimeErrorCode;
      readonly retryable: boolean;
      readonly action: CustomerAction;
    }
  | {
      readonly kind: 'unknown';
      readonly statusCode: string;
      /** The error code if it looked like one; never free text. */
      readonly code: string | undefined;
      readonly action: 'contact-us';
    };

export type SetupOutcome =
  | {
      readonly kind: 'billing-agreement';
      readonly billingAgreementId: string;
      readonly status: BillingAgreementStatus;
      /** Only an OPEN agreement can be charged. */
      readonly chargeable: boolean;
      readonly sandbox: boolean;
      readonly action: CustomerAction;
    }
  | AmazonPayProblem;

type Raw = Readonly<Record<string, unknown>>;

function record(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((known) => known === value);
}

function isSuccess(status: ConnectionsStatus): boolean {
  return String(status.code) === '200';
}

/** The error code of a failed response: `payload.errorCode`, else `status.message`. Only code-like text survives. */
function errorCode(status: ConnectionsStatus, payload: unknown): string | undefined {
  const code = text(record(payload)?.errorCode) ?? text(status.message);
  return code !== undefined && /^[A-Za-z_]{1,64}$/.test(code) ? code : undefined;
}

function classifyProblem(status: ConnectionsStatus, code: string | undefined): AmazonPayProblem {
  const permission = oneOf(PERMISSION_CODES, code);
  if (permission) return { kind: 'permission-missing', code: permission, action: 'grant-permission' };
  const spoken = oneOf(ALEXA_SPOKEN_CODES, code);
  if (spoken) return { kind: 'alexa-spoke', code: spoken, action: 'none' };
  const integration = oneOf(INTEGRATION_ERROR_CODES, code);
  if (integration) return { kind: 'integration-error', code: integration, action: 'contact-us' };
  const runtime = oneOf(RUNTIME_ERROR_CODES, code);
  if (runtime) return { kind: 'runtime-error', code: runtime, ...RUNTIME_ERRORS[runtime] };
  return { kind: 'unknown', statusCode: String(status.code), code, action: 'contact-us' };
}

const AGREEMENT_ACTION: Readonly<Record<BillingAgreementStatus, CustomerAction>> = {
  OPEN: 'none',
  SUSPENDED: 'update-payment-method',
  CANCELED: 'set-up-payment-again',
  CLOSED: 'set-up-payment-again',
  DRAFT: 'try-again',
};

const AGREEMENT_STATUSES = Object.keys(AGREEMENT_ACTION) as BillingAgreementStatus[];

export function classifySetupResponse(status: ConnectionsStatus, payload: unknown): SetupOutcome {
  if (!isSuccess(status)) {
    const code = errorCode(status, payload);
    // A payment-method problem during Setup is spoken by Alexa like the other Amazon-handled errors.
    const decline = oneOf(DECLINE_REASONS, code);
    return decline ? { kind: 'alexa-spoke', code: decline, action: 'none' } : classifyProblem(status, code);
  }
  const details = record(record(payload)?.billingAgreementDetails);
  const billingAgreementId = text(details?.billingAgreementId);
  const agreementStatus = oneOf(AGREEMENT_STATUSES, details?.billingAgreementStatus);
  if (!billingAgreementId || !agreementStatus) {
    return { kind: 'unknown', statusCode: String(status.code), code: undefined, action: 'contact-us' };
  }
  return {
    kind: 'billing-agreement',
    billingAgreementId,
    status: agreementStatus,
    chargeable: agreementStatus === 'OPEN',
    sandbox: details?.releaseEnvironment === 'SANDBOX',
    action: AGREEMENT_ACTION[agreementStatus],
  };
}

function amountOf(value: unknown): Money | undefined {
  const price = record(value);
  const currency = price?.currencyCode;
  const amount = price?.amount;
  if (!isCurrency(currency)) return undefined;
  if (typeof amount === 'string') return parseDecimal(amount, currency);
  return typeof amount === 'number' ? parseDecimal(String(amount), currency) : undefined;
}

/** A decline found by a look-up (GetAuthorizationDetails): as the Charge's own answer would have said it. */
export function lookedUpDecline(reasonCode: string, authorizationReferenceId: string): ChargeOutcome {
  const reason = oneOf(DECLINE_REASONS, reasonCode);
  return {
    kind: 'declined',
    reasonCode: reason ?? reasonCode,
    softDecline: reason === 'InvalidPaymentMethod',
    retryable: reason ? DECLINES[reason].retryable : false,
    spokenByAlexa: false,
    authorizationReferenceId,
    action: reason ? DECLINES[reason].action : 'contact-amazon-pay',
  };
}

export function classifyChargeResponse(status: ConnectionsStatus, payload: unknown): ChargeOutcome {
  if (!isSuccess(status)) {
    const code = errorCode(status, payload);
    const decline = oneOf(DECLINE_REASONS, code);
    if (decline) {
      return {
        kind: 'declined',
        reasonCode: decline,
        softDecline: decline === 'InvalidPaymentMethod',
        retryable: DECLINES[decline].retryable,
        spokenByAlexa: true,
        authorizationReferenceId: undefined,
        action: DECLINES[decline].action,
      };
    }
    return classifyProblem(status, code);
  }
  // The state lives at authorizationDetails.authorizationStatus.state (one official sample reads a wrong path).
  const details = record(record(payload)?.authorizationDetails);
  const authorizationStatus = record(details?.authorizationStatus);
  const state = authorizationStatus?.state;
  const reasonCode = text(authorizationStatus?.reasonCode);
  const authorizationReferenceId = text(details?.authorizationReferenceId);
  const amazonAuthorizationId = text(details?.amazonAuthorizationId);
  const captured = amountOf(details?.capturedAmount);
  switch (state) {
    case 'Open':
    case 'Completed':
      return { kind: 'charged', authorizationReferenceId, paymentId: amazonAuthorizationId, captured };
    case 'Closed':
      // AuthorizeAndCapture closes the authorization once captured (reason MaxCapturesProcessed). Closed for any
      // other reason (expired, closed by Amazon) took no money.
      if (reasonCode === 'MaxCapturesProcessed' || (captured !== undefined && captured.minor > 0)) {
        return { kind: 'charged', authorizationReferenceId, paymentId: amazonAuthorizationId, captured };
      }
      return { kind: 'unknown', statusCode: String(status.code), code: reasonCode, action: 'contact-us' };
    case 'Pending':
      return { kind: 'pending', authorizationReferenceId, paymentId: amazonAuthorizationId };
    case 'Declined': {
      const reason = oneOf(DECLINE_REASONS, reasonCode);
      return {
        kind: 'declined',
        reasonCode: reason ?? 'Unknown',
        softDecline: details?.softDecline === true || reason === 'InvalidPaymentMethod',
        retryable: reason ? DECLINES[reason].retryable : false,
        spokenByAlexa: false,
        authorizationReferenceId,
        action: reason ? DECLINES[reason].action : 'contact-amazon-pay',
      };
    }
    default:
      return { kind: 'unknown', statusCode: String(status.code), code: undefined, action: 'contact-us' };
  }
}
