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
 * Contract for idempotency: a repeated AuthorizationReferenceId returns the first authorization's answer (the gateway
 * must guarantee it, as the current Amazon Pay API does with its idempotency key); the monthly job relies on it to
 * retry without charging twice.
 */
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import {
  type AmazonPayConfig,
  authorizationNote,
  DECLINE_REASONS,
  type DeclineReason,
  isAuthorizationReferenceId,
} from '../domain/amazon-pay';
import { formatDecimal } from '../domain/money';
import type { AuthorizeResult } from '../domain/monthly-charges';
import type { AmazonPayApi, MerchantCharges } from '../ports';

export interface AmazonPayApiOptions {
  readonly baseUrl: string;
  /** Bearer token for the gateway, if it wants one. */
  readonly apiKey?: string;
  /** Default 3000 ms: the job runs outside Alexa's 8 s limit, but a hung call must not hold it. */
  readonly timeoutMs?: number;
  /** Seller ID, store name, soft descriptor and sandbox simulation, as for the skill's Charge. */
  readonly config: AmazonPayConfig;
}

/** Error codes that mean "no decision was made": retry later with the same reference. */
const RETRYABLE_CODES = new Set(['InternalServerError', 'ServiceUnavailable', 'RequestThrottled']);

type Raw = Readonly<Record<string, unknown>>;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function resultOf(status: number, body: unknown, reference: string): AuthorizeResult {
  if (status >= 200 && status < 300) {
    const details = field(field(body, 'AuthorizeOnBillingAgreementResult'), 'AuthorizationDetails');
    const authorizationStatus = field(details, 'AuthorizationStatus');
    const amazonAuthorizationId = text(field(details, 'AmazonAuthorizationId'));
    const echoed = text(field(details, 'AuthorizationReferenceId'));
    if (echoed !== undefined && echoed !== reference) {
      return { kind: 'error', code: 'ReferenceMismatch', retryable: false };
    }
    switch (field(authorizationStatus, 'State')) {
      case 'Open':
      case 'Closed':
      case 'Completed':
        return { kind: 'authorized', paymentId: amazonAuthorizationId };
      case 'Pending':
        return { kind: 'pending', paymentId: amazonAuthorizationId };
      case 'Declined': {
        const reason = DECLINE_REASONS.find((known) => known === field(authorizationStatus, 'ReasonCode'));
        return { kind: 'declined', reasonCode: (reason as DeclineReason | undefined) ?? 'Unknown' };
      }
      default:
        return { kind: 'error', code: 'MalformedResponse', retryable: false };
    }
  }
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

export function createAmazonPayApiClient(options: AmazonPayApiOptions): AmazonPayApi {
  const { config } = options;
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs ?? 3000,
    headers: {
      'Content-Type': 'application/json',
      ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}),
    },
    validateStatus: () => true,
    proxy: false,
    maxRedirects: 0,
  });

  return {
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
        const response = await http.post('/AuthorizeOnBillingAgreement', body);
        return resultOf(response.status, response.data, request.authorizationReferenceId);
      } catch (error) {
        const timedOut = isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT');
        return { kind: 'unreachable', reason: timedOut ? 'timeout' : 'network' };
      }
    },
  };
}

/** The monthly plan's charges on Amazon Pay: AuthorizeOnBillingAgreement with the month's reference. */
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
    // AuthorizeOnBillingAgreement with the same reference replays the first answer; there is no 3-D Secure to await.
    lookUp: async () => ({ kind: 'unsupported' }),
  };
}
