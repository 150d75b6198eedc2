/**
 * A clearing house over HTTP (axios), CNaught-style: orders in whole kilograms, our order ID as the
 * `Idempotency-Key` header. The contract (tools/stand-ins/clearing-house.ts serves it):
 *
 *   POST /v1/orders                            { amount_kg, description, metadata }  → 200/201 order
 *        409 when the key was used before      → GET /v1/orders/by-idempotency-key/{key} → 200 order
 *   order: { id, state: "placed" | "fulfilled" | "cancelled", amount_kg, certificate_id?, certificate_public_url? }
 *
 * Check field names against the provider's API reference before going live.
 *
 * Retries: timeouts, connection errors, 429 and 5xx are retried with the SAME key (so a retry after a lost answer
 * finds the first order instead of buying twice), at most `maxAttempts` times with exponential backoff. The worst case
 * is `worstCaseMs(options)`; inside an Alexa request keep it well under 8 s (the defaults: 2 × 1.5 s + 0.2 s), and give
 * the scheduled job more attempts and time.
 *
 * Errors never carry the API key: axios errors (which hold the request headers) are reduced to a status or code.
 */
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { type Deadline, NO_DEADLINE } from '../../../shared/deadline';
import {
  checkRetireRequest,
  type OffsetProvider,
  OffsetProviderError,
  type RetirementRecord,
  type RetireRequest,
} from '../ports';

export interface ClearingHouseOptions {
  /** e.g. https://api.cnaught.com (no trailing /v1). */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Per try, the 409 lookup included (default 1500 ms). */
  readonly timeoutMs?: number;
  /** Tries of one retirement, first included (default 2). */
  readonly maxAttempts?: number;
  /** Wait before the second try; doubles for each further one (default 200 ms). */
  readonly backoffMs?: number;
  /** Shown in the provider's records (no personal data). */
  readonly description?: string;
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = { timeoutMs: 1500, maxAttempts: 2, backoffMs: 200 } as const;

/** The longest one `retire` call can take: every try timing out, plus the waits between tries. */
export function worstCaseMs(options: Pick<ClearingHouseOptions, 'timeoutMs' | 'maxAttempts' | 'backoffMs'>): number {
  const timeout = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const attempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  const backoff = options.backoffMs ?? DEFAULTS.backoffMs;
  let waits = 0;
  for (let attempt = 1; attempt < attempts; attempt++) waits += backoff * 2 ** (attempt - 1);
  return attempts * timeout + waits;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Raw = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a provider order; throws a retryable error while the order has no certificate yet. */
function retirementFrom(body: unknown, request: RetireRequest): RetirementRecord {
  if (!isRecord(body) || typeof body.id !== 'string') {
    throw new OffsetProviderError('The clearing house answered without an order', true);
  }
  if (body.amount_kg !== request.kilograms) {
    throw new OffsetProviderError('The clearing house holds this order with a different amount', false);
  }
  if (body.state === 'cancelled') throw new OffsetProviderError('The clearing house order was cancelled', false);
  if (typeof body.certificate_id !== 'string' || body.certificate_id === '') {
    throw new OffsetProviderError('The clearing house order has no certificate yet', true);
  }
  return { certificateId: body.certificate_id, providerReference: body.id };
}

function statusError(what: string, status: number): OffsetProviderError {
  return new OffsetProviderError(`${what} answered HTTP ${status}`, status === 429 || status >= 500);
}

function transportError(error: unknown): OffsetProviderError {
  if (isAxiosError(error)) {
    const timedOut = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT';
    return new OffsetProviderError(
      timedOut
        ? 'The clearing house did not answer in time'
        : `The clearing house is unreachable (${error.code ?? 'network'})`,
      true,
    );
  }
  return new OffsetProviderError('The clearing house request failed', true);
}

/**
 * `deadline`: the turn's (none: the scheduled job). Every try is given what is left of it (its timeout shortened, the
 * request aborted when it passes), and no try or backoff starts that could not finish by it.
 */
export function createClearingHouseProvider(
  options: ClearingHouseOptions,
  deadline: Deadline = NO_DEADLINE,
): OffsetProvider {
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  const backoffMs = options.backoffMs ?? DEFAULTS.backoffMs;
  const sleep = options.sleep ?? sleepFor;
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: timeoutMs,
    headers: { Authorization: `Bearer ${options.apiKey}`, 'Content-Type': 'application/json' },
    // Every status is judged here; no proxies from the environment (Lambda has none; tests use loopback).
    validateStatus: () => true,
    proxy: false,
    maxRedirects: 0,
  });

  /** After a 409: the order made by an earlier try with this key, within what is left of this try's time. */
  async function lookUp(request: RetireRequest, remainingMs: number): Promise<RetirementRecord> {
    if (remainingMs < 50) throw new OffsetProviderError('No time left to look the clearing house order up', true);
    const response = await deadline.run((signal) =>
      http.get(`/v1/orders/by-idempotency-key/${encodeURIComponent(request.orderId)}`, {
        timeout: deadline.timeoutFor(remainingMs),
        signal,
      }),
    );
    if (response.status === 200) return retirementFrom(response.data, request);
    // 404: the first request with this key is still being processed; try again later.
    if (response.status === 404) throw new OffsetProviderError('The clearing house has not finished the order', true);
    throw statusError('The clearing house lookup', response.status);
  }

  async function attempt(request: RetireRequest): Promise<RetirementRecord> {
    const started = Date.now();
    try {
      const response = await deadline.run((signal) =>
        http.post(
          '/v1/orders',
          {
            amount_kg: request.kilograms,
            description: options.description ?? 'Carbon offset',
            metadata: request.orderId,
          },
          { headers: { 'Idempotency-Key': request.orderId }, timeout: deadline.timeoutFor(timeoutMs), signal },
        ),
      );
      if (response.status === 200 || response.status === 201) return retirementFrom(response.data, request);
      if (response.status === 409) return await lookUp(request, timeoutMs - (Date.now() - started));
      throw statusError('The clearing house', response.status);
    } catch (error) {
      throw error instanceof OffsetProviderError ? error : transportError(error);
    }
  }

  return {
    name: 'clearing-house',
    within: (turn) => createClearingHouseProvider(options, turn),
    async retire(request) {
      checkRetireRequest(request);
      for (let tried = 1; ; tried++) {
        try {
          return await attempt(request);
        } catch (error) {
          const failure = error instanceof OffsetProviderError ? error : transportError(error);
          if (!failure.retryable || tried >= maxAttempts) throw failure;
          const wait = backoffMs * 2 ** (tried - 1);
          // No time in the turn for another try: the order stays fulfilment-pending, and the job retries it.
          if (deadline.remainingMs() < wait + 50) throw failure;
          await sleep(wait);
        }
      }
    },
  };
}
