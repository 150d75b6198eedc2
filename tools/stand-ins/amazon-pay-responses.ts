/**
 * What Amazon sends back for an Amazon Pay for Alexa Skills `Connections.SendRequest` (Setup, Charge): pure builders
 * of the `Connections.Response` name, status and payload, ready for `DialogDriver.answerConnection`. Shared by the
 * simulator and the dialog tests.
 *
 * Written from /work/shared/reference/alexa-purchase-flows.md, Amazon's "Payment Declines and Processing Errors" page
 * and ask-sdk-model's `interfaces.amazonpay.response` types, not from the skill's classifiers
 * (lambda/src/features/offsets/domain/amazon-pay.ts), so that tests check those against an independent reading. HTTP status
 * codes: as Amazon's page gives them for the Alexa-spoken codes; the others are the usual status for that kind of
 * error (*unverified*; the skill reads only "200 or not").
 *
 * Billing address and destination fields appear in an approved Setup as in the real payload, to prove the skill
 * ignores them; every value there is obviously fake.
 */
import type { interfaces } from 'ask-sdk-model';

export type AmazonPayDirectiveName = 'Setup' | 'Charge';

/**
 * A payload typed by ask-sdk-model that is also a plain record, so it goes straight into
 * `DialogDriver.answerConnection` (whose payload is `Readonly<Record<string, unknown>>`).
 */
export type AmazonPayPayload<T> = T & Readonly<Record<string, unknown>>;

export type SetupResponsePayload = AmazonPayPayload<interfaces.amazonpay.response.SetupAmazonPayResult>;
export type ChargeResponsePayload = AmazonPayPayload<interfaces.amazonpay.response.ChargeAmazonPayResult>;
export type ErrorResponsePayload =
  | AmazonPayPayload<interfaces.amazonpay.response.AmazonPayErrorResponse>
  | Readonly<Record<string, never>>;

type ResponsePrice = interfaces.amazonpay.model.response.Price;
type ResponseDestination = interfaces.amazonpay.model.response.Destination;

/** One `Connections.Response` from Amazon, minus the token (the driver echoes the directive's). */
export interface AmazonPayAnswer<P extends object = Readonly<Record<string, unknown>>> {
  /** Absent on an error built without a name: the driver then uses the pending directive's. */
  readonly name?: AmazonPayDirectiveName;
  readonly status: { readonly code: string; readonly message: string };
  readonly payload: P;
}

// ---------------------------------------------------------------------------------------------------------------
// Codes, grouped as the reference groups them

/**
 * Every error code of the reference, by who handles it:
 * - permission: the payments permission is missing (the skill explains and sends the consent card);
 * - alexaSpoken: Alexa tells the customer itself (the skill must not repeat it);
 * - integration: our integration is wrong (fix before launch; in production apologise and log);
 * - runtime: errors at run time (apologise, retry or set up payment again, depending on the code).
 */
export const AMAZON_PAY_ERROR_CODES = {
  permission: [
    'ACCESS_DENIED',
    'ACCESS_NOT_REQUESTED',
    'FORBIDDEN',
    'MissingPermissionsToAccessResource',
    'VoicePurchaseNotEnabled',
  ],
  alexaSpoken: ['UnsupportedClientPlatform', 'InvalidShippingAddress', 'InvalidAccountStatus', 'RequestThrottled'],
  integration: [
    'BuyerEqualsSeller',
    'InvalidParameterValue',
    'InvalidSandboxCustomerEmail',
    'InvalidSellerId',
    'UnauthorizedAccess',
    'UnsupportedCountryOfEstablishment',
    'UnsupportedCurrency',
  ],
  runtime: [
    'DuplicateRequest',
    'InternalServerError',
    'InvalidAuthorizationAmount',
    'InvalidBillingAgreementId',
    'InvalidBillingAgreementStatus',
    'InvalidPaymentAction',
    'PeriodicAmountExceeded',
    'ProviderNotAuthorized',
    'ServiceUnavailable',
  ],
} as const;

export type AmazonPayErrorGroup = keyof typeof AMAZON_PAY_ERROR_CODES;
export type AmazonPayErrorCode = (typeof AMAZON_PAY_ERROR_CODES)[AmazonPayErrorGroup][number];

export const AMAZON_PAY_ERROR_GROUPS = Object.keys(AMAZON_PAY_ERROR_CODES) as readonly AmazonPayErrorGroup[];

/** Every error code of the four groups, in the reference's order. */
export const ALL_AMAZON_PAY_ERROR_CODES: readonly AmazonPayErrorCode[] = AMAZON_PAY_ERROR_GROUPS.flatMap(
  (group) => AMAZON_PAY_ERROR_CODES[group],
);

/**
 * Reason codes of a declined authorization. They come as a 200 with `authorizationStatus.state` Declined
 * (`chargeDeclined`); Alexa may also report a payment-method decline itself as an error status
 * (`amazonPayError(reason)`), which Alexa has then spoken.
 */
export const DECLINE_REASON_CODES = [
  'InvalidPaymentMethod',
  'AmazonRejected',
  'ProcessingFailure',
  'TransactionTimedOut',
] as const;
export type DeclineReasonCode = (typeof DECLINE_REASON_CODES)[number];

export const BILLING_AGREEMENT_STATUSES = ['OPEN', 'CANCELED', 'CLOSED', 'DRAFT', 'SUSPENDED'] as const;
export type BillingAgreementStatusValue = (typeof BILLING_AGREEMENT_STATUSES)[number];

const HTTP_STATUS: Readonly<Record<AmazonPayErrorCode | DeclineReasonCode, number>> = {
  ACCESS_DENIED: 403,
  ACCESS_NOT_REQUESTED: 403,
  FORBIDDEN: 403,
  MissingPermissionsToAccessResource: 403,
  VoicePurchaseNotEnabled: 403,
  UnsupportedClientPlatform: 403,
  InvalidShippingAddress: 400,
  InvalidAccountStatus: 403,
  RequestThrottled: 429,
  BuyerEqualsSeller: 400,
  InvalidParameterValue: 400,
  InvalidSandboxCustomerEmail: 400,
  InvalidSellerId: 400,
  UnauthorizedAccess: 401,
  UnsupportedCountryOfEstablishment: 400,
  UnsupportedCurrency: 400,
  DuplicateRequest: 400,
  InternalServerError: 500,
  InvalidAuthorizationAmount: 400,
  InvalidBillingAgreementId: 400,
  InvalidBillingAgreementStatus: 400,
  InvalidPaymentAction: 400,
  PeriodicAmountExceeded: 400,
  ProviderNotAuthorized: 401,
  ServiceUnavailable: 503,
  InvalidPaymentMethod: 400,
  AmazonRejected: 400,
  ProcessingFailure: 500,
  TransactionTimedOut: 400,
};

const DESCRIPTION: Readonly<Record<AmazonPayErrorCode | DeclineReasonCode, string>> = {
  ACCESS_DENIED: 'The customer has denied the skill the Amazon Pay permission.',
  ACCESS_NOT_REQUESTED: 'The customer has not granted the skill the Amazon Pay permission.',
  FORBIDDEN: 'The skill may not use Amazon Pay for this customer.',
  MissingPermissionsToAccessResource: 'The consent token does not carry payments:autopay_consent.',
  VoicePurchaseNotEnabled: 'Voice purchasing is turned off in the Alexa app.',
  UnsupportedClientPlatform: 'The Alexa device is not supported.',
  InvalidShippingAddress: "The shipping address in the customer's account is not valid.",
  InvalidAccountStatus: 'The merchant account is not in a state to take orders.',
  RequestThrottled: 'The request rate is above the throttling limit.',
  BuyerEqualsSeller: 'The buyer account is the seller account.',
  InvalidParameterValue: 'A parameter of the request has an invalid value.',
  InvalidSandboxCustomerEmail: 'The sandbox customer email is not a sandbox test account of this seller.',
  InvalidSellerId: 'The seller ID is not a valid merchant ID.',
  UnauthorizedAccess: 'The skill is not linked to this merchant account.',
  UnsupportedCountryOfEstablishment: 'The country of establishment is not supported.',
  UnsupportedCurrency: 'The ledger currency is not supported for this merchant.',
  DuplicateRequest: 'The authorization reference was already used with different parameters.',
  InternalServerError: 'Amazon Pay had an internal error.',
  InvalidAuthorizationAmount: 'The authorization amount is not valid.',
  InvalidBillingAgreementId: 'The billing agreement does not exist.',
  InvalidBillingAgreementStatus: 'The billing agreement is not in a state that allows charges.',
  InvalidPaymentAction: 'The payment action is not valid.',
  PeriodicAmountExceeded: "The billing agreement's monthly limit would be exceeded.",
  ProviderNotAuthorized: 'The solution provider is not authorized for this merchant.',
  ServiceUnavailable: 'Amazon Pay is unavailable.',
  InvalidPaymentMethod: "The customer's payment method was declined.",
  AmazonRejected: 'Amazon rejected the authorization.',
  ProcessingFailure: 'Amazon could not process the transaction.',
  TransactionTimedOut: 'The authorization timed out.',
};

/**
 * What Alexa says for the codes it speaks itself (Amazon's page; "[merchantName]" is the store). Payment-method
 * declines reported as errors are spoken too, in words the page does not give.
 */
export const ALEXA_SPOKEN_PROMPTS: Readonly<Record<(typeof AMAZON_PAY_ERROR_CODES)['alexaSpoken'][number], string>> = {
  UnsupportedClientPlatform: 'Sorry. Something went wrong.',
  InvalidShippingAddress:
    'There is a problem with the shipping address on your account. Please go to Amazon and update your shipping address.',
  InvalidAccountStatus: "Sorry, I can't place orders with [merchantName] right now.",
  RequestThrottled: 'Sorry, something went wrong. Please try again.',
};

export function isAmazonPayErrorCode(value: unknown): value is AmazonPayErrorCode {
  return ALL_AMAZON_PAY_ERROR_CODES.some((code) => code === value);
}

export function isDeclineReasonCode(value: unknown): value is DeclineReasonCode {
  return DECLINE_REASON_CODES.some((code) => code === value);
}

/** The reference's group of an error code; 'decline' for a decline reason. */
export function errorGroupOf(code: AmazonPayErrorCode | DeclineReasonCode): AmazonPayErrorGroup | 'decline' {
  if (isDeclineReasonCode(code)) return 'decline';
  const group = AMAZON_PAY_ERROR_GROUPS.find((name) =>
    (AMAZON_PAY_ERROR_CODES[name] as readonly string[]).includes(code),
  );
  if (!group) throw new Error(`Unknown Amazon Pay error code ${code}`);
  return group;
}

/** The HTTP status Amazon answers a code with (as a number; the response carries it as a string). */
export function httpStatusOf(code: AmazonPayErrorCode | DeclineReasonCode): number {
  return HTTP_STATUS[code];
}

export function describeAmazonPayCode(code: AmazonPayErrorCode | DeclineReasonCode): string {
  return DESCRIPTION[code];
}

// ---------------------------------------------------------------------------------------------------------------
// What the skill sent, as far as Amazon's answer depends on it

/** The Setup directive payload fields an answer echoes (our `SetupAmazonPayPayload` fits). */
export interface SetupRequestLike {
  readonly checkoutLanguage?: string;
  readonly sandboxMode?: boolean;
}

/** The Charge directive payload fields an answer echoes or a test reads (our `ChargeAmazonPayPayload` fits). */
export interface ChargeRequestLike {
  readonly billingAgreementId?: string;
  readonly paymentAction: 'Authorize' | 'AuthorizeAndCapture';
  readonly authorizeAttributes: {
    readonly authorizationReferenceId: string;
    readonly authorizationAmount: { readonly amount: string; readonly currencyCode: string };
    readonly sellerAuthorizationNote?: string;
    readonly softDescriptor?: string;
  };
  readonly sellerOrderAttributes?: { readonly sellerOrderId?: string; readonly storeName?: string };
}

// ---------------------------------------------------------------------------------------------------------------
// Builders

export interface SetupApprovedOptions {
  /** Default `C01-0000000-0000001`. */
  readonly billingAgreementId?: string;
  /** Default OPEN (the only status that can be charged). */
  readonly status?: BillingAgreementStatusValue;
  /** releaseEnvironment SANDBOX or LIVE; default: the request's sandboxMode, else true. */
  readonly sandbox?: boolean;
  /** The Setup payload sent, to echo its checkoutLanguage and sandboxMode. */
  readonly request?: SetupRequestLike;
  /** creationTimestamp; default now. */
  readonly at?: Date;
}

export const DEFAULT_BILLING_AGREEMENT_ID = 'C01-0000000-0000001';

/** Obviously fake personal data, where the real payload would carry the buyer's. */
const FAKE_ADDRESS: ResponseDestination = {
  name: 'Fake Buyer (stand-in)',
  addressLine1: '0 Stand-in Street',
  city: 'Nowhere',
  stateOrRegion: 'XX',
  postalCode: '00000',
  countryCode: 'US',
  phone: '000-000-0000',
};

/** Setup succeeded: a billing agreement (OPEN unless told otherwise). */
export function setupApproved(options: SetupApprovedOptions = {}): AmazonPayAnswer<SetupResponsePayload> {
  const sandbox = options.sandbox ?? options.request?.sandboxMode ?? true;
  return {
    name: 'Setup',
    status: { code: '200', message: 'OK' },
    payload: {
      billingAgreementDetails: {
        billingAgreementId: options.billingAgreementId ?? DEFAULT_BILLING_AGREEMENT_ID,
        creationTimestamp: (options.at ?? new Date()).toISOString(),
        checkoutLanguage: options.request?.checkoutLanguage ?? 'en_US',
        releaseEnvironment: sandbox ? 'SANDBOX' : 'LIVE',
        billingAgreementStatus: options.status ?? 'OPEN',
        billingAddress: { ...FAKE_ADDRESS },
        destination: { ...FAKE_ADDRESS, name: 'Fake Recipient (stand-in)' },
      },
    },
  };
}

export interface ChargeApprovedOptions {
  /** The Charge directive payload the skill sent. */
  readonly request: ChargeRequestLike;
  /** Default `S01-0000000-0000001` (sandbox) or `P01-…` (live). */
  readonly amazonOrderReferenceId?: string;
  /** Default `<amazonOrderReferenceId>-A000001`. */
  readonly amazonAuthorizationId?: string;
  /** Default true: sandbox IDs. */
  readonly sandbox?: boolean;
  /** creationTimestamp; default now. */
  readonly at?: Date;
}

export type ChargeDeclinedOptions = Omit<ChargeApprovedOptions, 'request'>;

/**
 * The charge went through: AuthorizeAndCapture closes the authorization once captured (Closed,
 * MaxCapturesProcessed, the whole amount captured); Authorize leaves it Open with nothing captured yet.
 */
export function chargeApproved(options: ChargeApprovedOptions): AmazonPayAnswer<ChargeResponsePayload> {
  const { request } = options;
  const capture = request.paymentAction === 'AuthorizeAndCapture';
  const ids = chargeIds(options);
  const amount = requestedAmount(request);
  return chargeAnswer(request, options, {
    amazonAuthorizationId: ids.authorization,
    capturedAmount: capture ? amount : zeroOf(amount),
    idList: capture ? [ids.capture] : [],
    authorizationStatus: capture
      ? { state: 'Closed', reasonCode: 'MaxCapturesProcessed', lastUpdateTimestamp: timestamp(options) }
      : { state: 'Open', lastUpdateTimestamp: timestamp(options) },
    softDecline: false,
  });
}

/** Amazon decided against the charge: a 200 with `authorizationStatus.state` Declined and the reason. */
export function chargeDeclined(
  request: ChargeRequestLike,
  reasonCode: DeclineReasonCode,
  options: ChargeDeclinedOptions = {},
): AmazonPayAnswer<ChargeResponsePayload> {
  const ids = chargeIds(options);
  return chargeAnswer(request, options, {
    amazonAuthorizationId: ids.authorization,
    capturedAmount: zeroOf(requestedAmount(request)),
    idList: [],
    authorizationStatus: { state: 'Declined', reasonCode, lastUpdateTimestamp: timestamp(options) },
    softDecline: reasonCode === 'InvalidPaymentMethod',
  });
}

export interface AmazonPayErrorOptions {
  /** Default: none, so the driver uses the pending directive's name. */
  readonly name?: AmazonPayDirectiveName;
  /** Default: the code's description. */
  readonly errorMessage?: string;
  /** Leave out `payload.errorCode`/`errorMessage` (Amazon sends them only sometimes; the code is in status.message). */
  readonly withoutPayload?: boolean;
}

/** An answer as the dialog driver's `answerConnection` takes it: the name only when the answer has one. */
export function asConnectionAnswer(answer: AmazonPayAnswer<object>): {
  readonly name?: AmazonPayDirectiveName;
  readonly status: { readonly code: string; readonly message: string };
  readonly payload: Readonly<Record<string, unknown>>;
} {
  return {
    ...(answer.name ? { name: answer.name } : {}),
    status: answer.status,
    payload: answer.payload as Readonly<Record<string, unknown>>,
  };
}

/** An error: status code other than 200 with the code in `status.message`, and `payload { errorCode, errorMessage }`. */
export function amazonPayError(
  code: AmazonPayErrorCode | DeclineReasonCode,
  options: AmazonPayErrorOptions = {},
): AmazonPayAnswer<ErrorResponsePayload> {
  return {
    ...(options.name ? { name: options.name } : {}),
    status: { code: String(httpStatusOf(code)), message: code },
    payload: options.withoutPayload ? {} : { errorCode: code, errorMessage: options.errorMessage ?? DESCRIPTION[code] },
  };
}

function chargeIds(options: ChargeDeclinedOptions): { order: string; authorization: string; capture: string } {
  const order = options.amazonOrderReferenceId ?? `${options.sandbox === false ? 'P' : 'S'}01-0000000-0000001`;
  const authorization = options.amazonAuthorizationId ?? `${order}-A000001`;
  return { order, authorization, capture: authorization.replace(/-A(\d+)$/, '-C$1') };
}

function timestamp(options: { readonly at?: Date }): string {
  return (options.at ?? new Date()).toISOString();
}

function requestedAmount(request: ChargeRequestLike): ResponsePrice {
  const { amount, currencyCode } = request.authorizeAttributes.authorizationAmount;
  return { amount, currencyCode };
}

/** Zero with the same decimals: "12.34" → "0.00", "1500" → "0". */
function zeroOf(price: ResponsePrice): ResponsePrice {
  const decimals = price.amount.split('.')[1]?.length ?? 0;
  return { amount: decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0', currencyCode: price.currencyCode };
}

type DecidedFields = Required<
  Pick<
    interfaces.amazonpay.model.response.AuthorizationDetails,
    'amazonAuthorizationId' | 'capturedAmount' | 'idList' | 'authorizationStatus' | 'softDecline'
  >
>;

function chargeAnswer(
  request: ChargeRequestLike,
  options: ChargeDeclinedOptions,
  decided: DecidedFields,
): AmazonPayAnswer<ChargeResponsePayload> {
  const attributes = request.authorizeAttributes;
  const at = options.at ?? new Date();
  const amount = requestedAmount(request);
  const descriptor = attributes.softDescriptor ?? request.sellerOrderAttributes?.storeName;
  return {
    name: 'Charge',
    status: { code: '200', message: 'OK' },
    payload: {
      amazonOrderReferenceId: chargeIds(options).order,
      authorizationDetails: {
        amazonAuthorizationId: decided.amazonAuthorizationId,
        authorizationReferenceId: attributes.authorizationReferenceId,
        ...(attributes.sellerAuthorizationNote !== undefined
          ? { sellerAuthorizationNote: attributes.sellerAuthorizationNote }
          : {}),
        authorizationAmount: amount,
        capturedAmount: decided.capturedAmount,
        authorizationFee: zeroOf(amount),
        idList: decided.idList,
        creationTimestamp: at.toISOString(),
        expirationTimestamp: new Date(at.getTime() + 30 * 24 * 3600 * 1000).toISOString(),
        authorizationStatus: decided.authorizationStatus,
        softDecline: decided.softDecline,
        captureNow: request.paymentAction === 'AuthorizeAndCapture',
        ...(descriptor ? { softDescriptor: `AMZ*${descriptor}` } : {}),
        authorizationBillingAddress: { ...FAKE_ADDRESS },
      },
    },
  };
}
