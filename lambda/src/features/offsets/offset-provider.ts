/**
 * The offset-provider port: retires verified carbon credits for one paid order and returns the certificate. Called
 * after the money is taken and the order saved as charged, so a provider that fails loses nothing: the order stays
 * `fulfilment-pending` and is retried (fulfilment.ts, and the scheduled job).
 */
import { GreenHorizonsError } from '../../shared/errors';

export interface RetireRequest {
  /**
   * Our ID for what was paid for — a one-off order ID or a plan's monthly charge reference. Providers use it as their
   * idempotency key: retiring the same ID twice returns the first retirement.
   */
  readonly orderId: string;
  /** Whole kilograms of CO2e. */
  readonly kilograms: number;
}

export interface RetirementRecord {
  /** Shown to the customer (order card) and on the certificate. */
  readonly certificateId: string;
  /** The provider's own ID for the retirement, for support and reconciliation. */
  readonly providerReference: string;
}

export interface OffsetProvider {
  readonly name: string;
  /** Throws OffsetProviderError when nothing was (knowingly) retired. */
  retire(request: RetireRequest): Promise<RetirementRecord>;
}

/** A retirement did not happen. Messages carry status codes only: never credentials or request headers. */
export class OffsetProviderError extends GreenHorizonsError {
  override readonly name = 'OffsetProviderError';

  constructor(
    message: string,
    /** Trying again with the same order ID may succeed (timeouts, 5xx, throttling). */
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function checkRetireRequest(request: RetireRequest): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(request.orderId)) {
    throw new OffsetProviderError('The order ID is not a valid idempotency key', false);
  }
  if (!Number.isSafeInteger(request.kilograms) || request.kilograms < 1) {
    throw new OffsetProviderError('Only whole kilograms (at least 1) can be retired', false);
  }
}
