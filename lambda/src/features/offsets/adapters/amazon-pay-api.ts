/**
 * The Amazon Pay API for charges the customer is not present for (the monthly plan): the port, and an HTTP client.
 *
 * The operation is the Amazon Pay API's AuthorizeOnBillingAgreement (with CaptureNow). Amazon's service spoke signed
 * MWS query strings and XML, and it was switched off for Alexa in 2022/2023; this client speaks a JSON rendition with
 * the operation's own parameter names, for a signing gateway or the sandbox stand-in (tools/stand-ins/amazon-pay-api.ts):
 *
 *   POST {baseUrl}/AuthorizeOnBillingAgreement
 *     { SellerId, AmazonBillingAgreementId, AuthorizationReferenceId, AuthorizationAmount: { Amount, CurrencyCode },
 *       CaptureNow: true, TransactionTimeout: 0, SellerAuthorizationNote?, SoftDescriptor?,
 *       SellerOrderAttributes: { SellerOrderId, StoreName }, InheritShippingAddress: false }
 *   200 { AuthorizeOnBillingAgreementResult: { AmazonOrderReferenceId, AuthorizationDetails: { AmazonAuthorizationId,
 *         AuthorizationReferenceId, AuthorizationStatus: { State, ReasonCode } } } }
 *   4xx/5xx { Error: { Code, Message } }
 *
 *   POST {baseUrl}/GetAuthorizationDetails
 *     { SellerId, AuthorizationReferenceId, AmazonAuthorizationId? }
 *   200 { GetAuthorizationDetailsResult: { AuthorizationDetails: { …as above, CapturedAmount } } }
 *   404 { Error: { Code: "InvalidAuthorizationId" } }: no authorization with that reference
 *
 * GetAuthorizationDetails is how the scheduled job finds out where a charge stands whose answer was lost or left it
 * undecided (a Pending authorization, a DuplicateRequest, a 5xx): Amazon's operation takes Amazon's authorization ID;
 * the gateway also finds one by our AuthorizationReferenceId, since after a lost answer Amazon's ID is not known. It
 * covers the skill's Charge directive too: that authorization is made on the same seller account with our reference.
 * Every call ends by the turn's deadline when it has one (`within`).
 *
 * Contract for idempotency: a repeated AuthorizationReferenceId returns the first authorization's answer (the gateway
 * must guarantee it, as the current Amazon Pay API does with its idempotency key); the monthly job relies on it to
 * retry without charging twice.
 */
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { type Deadline, NO_DEADLINE } from '../../../shared/deadline';
import {
  type AmazonPayConfig,
  authorizationNote,
  DECLINE_REASONS,
  type DeclineReason,
  isAuthorizationReferenceId,
} from '../domain/amazon-pay';
import { formatDecimal, isCurrency, type Money, parseDecimal } from '../domain/money';
import type { AuthorizeResult } from '../domain/monthly-charges';
import type { AmazonPayApi, AuthorizationLookup, MerchantCharges } from '../ports';

export interface AmazonPayApiOptions {
  readonly baseUrl: string;
  /** Bearer token for the gateway, if it wants one. */
  readonly apiKey?: string;
  /** Default 3000 ms: the job runs outside Alexa's 8 s limit, but a hung call must not hold it. */
  readonly timeoutMs?: number;
  /** Seller ID, store name, soft descriptor and sandbox simulation, as for the skill's Charge. */
  readonly config: AmazonPayConfig;
}

/**
 * Error codes after which the same reference may be sent again (the job looks it up first): no decision was made, or
 * (DuplicateRequest) the reference was used before and that authorization may stand.
 */
const RETRYABLE_CODES = new Set(['InternalServerError', 'ServiceUnavailable', 'RequestThrottled', 'DuplicateRequest']);

type Raw = Readonly<Record<string, unknown>>;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function amountOf(value: unknown): Money | undefined {
  const currency = field(value, 'CurrencyCode');
  const amount = field(value, 'Amount');
  return typeof amount === 'string' && isCurrency(currency) ? parseDecimal(amount, currency) : undefined;
}

/** What an AuthorizationDetails says, with what was captured and the reference echoed, for the caller to check. */
function detailsResult(details: unknown): AuthorizeResult {
  const authorizationStatus = field(details, 'AuthorizationStatus');
  const amazonAuthorizationId = text(field(details, 'AmazonAuthorizationId'));
  const echoed = text(field(details, 'AuthorizationReferenceId'));
  const captured = amountOf(field(details, 'CapturedAmount'));
  const state = field(authorizationStatus, 'State');
  const reasonCode = field(authorizationStatus, 'ReasonCode');
  switch (state) {
    case 'Open':
    case 'Completed':
      return { kind: 'authorized', paymentId: amazonAuthorizationId, reference: echoed, captured };
    case 'Closed':
      // Closed once captured (MaxCapturesProcessed); closed for any other reason with nothing captured took no money.
      if (reasonCode === 'MaxCapturesProcessed' || (captured !== undefined && captured.minor > 0)) {
        return { kind: 'authorized', paymentId: amazonAuthorizationId, reference: echoed, captured };
      }
      return { kind: 'declined', reasonCode: typeof reasonCode === 'string' ? reasonCode : 'Closed' };
    case 'Pending':
      return { kind: 'pending', paymentId: amazonAuthorizationId };
    case 'Declined': {
      const reason = DECLINE_REASONS.find((known) => known === reasonCode);
      return { kind: 'declined', reasonCode: (reason as DeclineReason | undefined) ?? 'Unknown' };
    }
    default:
      // An answer that cannot be read decides nothing: whether money moved is still unknown.
      return { kind: 'error', code: 'MalformedResponse', retryable: true };
  }
}

function resultOf(status: number, body: unknown, reference: string): AuthorizeResult {
  if (status >= 200 && status < 300) {
    const details = field(field(body, 'AuthorizeOnBillingAgreementResult'), 'AuthorizationDetails');
    const echoed = text(field(details, 'AuthorizationReferenceId'));
    if (echoed !== undefined && echoed !== reference) {
      return { kind: 'error', code: 'ReferenceMismatch', retryable: false };
    }
    return detailsResult(details);
  }
  return errorResult(status, body);
}

/**
 * An error answer. A code that says no decision was made (or none at all: a 5xx without a code) is retryable with the
 * same reference; DuplicateRequest means that reference was used before, so that charge may stand: retryable too,
 * which for the job means "look it up and replay", never "failed".
 */
function errorResult(status: number, body: unknown): AuthorizeResult {
  const code = text(field(field(body, 'Error'), 'Code'));
  const safeCode = code !== undefined && /^[A-Za-z_]{1,64}$/.test(code) ? code : undefined;
  if (safeCode && DECLINE_REASONS.some((reason) => reason === safeCode)) {
    return { kind: 'declined', reasonCode: safeCode as DeclineReason };
  }
  return {
    kind: 'error',
    code: safeCode ?? `HTTP${status}`,
    retryable: (safeCode !== undefined && RETRYABLE_CODES.has(safeCode)) || status === 429 || status >= 500,
  };
}

export function createAmazonPayApiClient(options: AmazonPayApiOptions, deadline: Deadline = NO_DEADLINE): AmazonPayApi {
  const { config } = options;
  const ownTimeoutMs = options.timeoutMs ?? 3000;
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: ownTimeoutMs,
    headers: {
      'Content-Type': 'application/json',
      ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}),
    },
    validateStatus: () => true,
    proxy: false,
    maxRedirects: 0,
  });
  /** A POST that ends by the turn's deadline: its timeout shortened to the time left, aborted when it passes. */
  const post = (path: string, body: object) =>
    deadline.run((signal) => http.post(path, body, { signal, timeout: deadline.timeoutFor(ownTimeoutMs) }));
  const noAnswer = (error: unknown): { kind: 'unreachable'; reason: 'timeout' | 'network' } => {
    const timedOut =
      (isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT')) ||
      (error instanceof Error && error.name === 'DeadlineExceededError');
    return { kind: 'unreachable', reason: timedOut ? 'timeout' : 'network' };
  };

  return {
    within: (turn) => createAmazonPayApiClient(options, turn),

    async authorizeOnBillingAgreement(request) {
      if (!isAuthorizationReferenceId(request.authorizationReferenceId)) {
        throw new RangeError('AuthorizationReferenceId must be 1 to 32 letters, digits, dashes or underscores');
      }
      if (request.amount.currency !== config.ledgerCurrency) {
        throw new RangeError(`The charge must be in the ledger currency ${config.ledgerCurrency}`);
      }
      const note = authorizationNote(config, request.note);
      const body = {
        SellerId: config.sellerId,
        AmazonBillingAgreementId: request.billingAgreementId,
        AuthorizationReferenceId: request.authorizationReferenceId,
        AuthorizationAmount: { Amount: formatDecimal(request.amount), CurrencyCode: request.amount.currency },
        CaptureNow: true,
        TransactionTimeout: 0,
        ...(note ? { SellerAuthorizationNote: note } : {}),
        ...(config.softDescriptor ? { SoftDescriptor: config.softDescriptor } : {}),
        SellerOrderAttributes: { SellerOrderId: request.sellerOrderId, StoreName: config.storeName },
        InheritShippingAddress: false,
      };
      try {
        const response = await post('/AuthorizeOnBillingAgreement', body);
        return resultOf(response.status, response.data, request.authorizationReferenceId);
      } catch (error) {
        return noAnswer(error);
      }
    },

    async getAuthorizationDetails(request): Promise<AuthorizationLookup> {
      if (!isAuthorizationReferenceId(request.authorizationReferenceId)) {
        throw new RangeError('AuthorizationReferenceId must be 1 to 32 letters, digits, dashes or underscores');
      }
      const body = {
        SellerId: config.sellerId,
        AuthorizationReferenceId: request.authorizationReferenceId,
        ...(request.amazonAuthorizationId ? { AmazonAuthorizationId: request.amazonAuthorizationId } : {}),
      };
      try {
        const response = await post('/GetAuthorizationDetails', body);
        if (response.status >= 200 && response.status < 300) {
          const details = field(field(response.data, 'GetAuthorizationDetailsResult'), 'AuthorizationDetails');
          const echoed = text(field(details, 'AuthorizationReferenceId'));
          // Another authorization's details say nothing about this one.
          if (echoed !== undefined && echoed !== request.authorizationReferenceId) {
            return { kind: 'error', code: 'ReferenceMismatch', retryable: true };
          }
          return detailsResult(details);
        }
        const code = text(field(field(response.data, 'Error'), 'Code'));
        if (response.status === 404 || code === 'InvalidAuthorizationId') return { kind: 'not-found' };
        const failed = errorResult(response.status, response.data);
        // A look-up that failed decides nothing about the charge: never a decline.
        return failed.kind === 'error' ? { ...failed, retryable: true } : failed;
      } catch (error) {
        return noAnswer(error);
      }
    },
  };
}

/**
 * The monthly plan's charges on Amazon Pay: AuthorizeOnBillingAgreement with the month's reference, and where it
 * stands by GetAuthorizationDetails (after an answer that decided nothing, before anything is sent again).
 */
export function createAmazonPayMerchantCharges(api: AmazonPayApi): MerchantCharges {
  return {
    charge(request) {
      if (request.source.kind !== 'amazon-pay') throw new RangeError('Amazon Pay charges a billing agreement only');
      return api.authorizeOnBillingAgreement({
        billingAgreementId: request.source.billingAgreementId,
        authorizationReferenceId: request.reference,
        amount: request.amount,
        sellerOrderId: request.reference,
        note: request.description,
      });
    },
    async lookUp(request) {
      const found = await api.getAuthorizationDetails({ authorizationReferenceId: request.reference });
      // A look-up that did not answer leaves the month as it was: the next run asks again.
      if (found.kind === 'error' || found.kind === 'unreachable') return { kind: 'unsupported' };
      return found;
    },
  };
}
