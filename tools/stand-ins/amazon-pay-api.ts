/**
 * A sandbox stand-in for the Amazon Pay API's AuthorizeOnBillingAgreement and GetAuthorizationDetails, served over
 * real HTTP on 127.0.0.1 in the JSON rendition that lambda/src/features/offsets/adapters/amazon-pay-api.ts speaks.
 * What it models:
 *
 * - GetAuthorizationDetails by our AuthorizationReferenceId (or Amazon's ID): every authorization it decided, and the
 *   ones Alexa's Charge directive made on the same seller account (`recordCharge`, called by a test that plays
 *   Alexa's side); a Pending one is decided later by `settle`;
 * - billing agreements opened by the test, each with an optional monthly limit (PeriodicAmountExceeded beyond it);
 * - idempotency: a repeated AuthorizationReferenceId gets the first answer again and never a second charge;
 * - Amazon's sandbox simulation: `{"SandboxSimulation": {"State": "Declined", "ReasonCode": …}}` in
 *   SellerAuthorizationNote declines;
 * - failure modes set by the test: decline, fail without deciding (5xx), decide and then lose the answer, answer slowly.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  add,
  formatDecimal,
  isCurrency,
  type Money,
  parseDecimal,
} from '../../lambda/src/features/offsets/domain/money';
import { listenOnLoopback } from './loopback';

export type AmazonPayApiBehaviour =
  | { readonly kind: 'normal' }
  /** The next `times` authorizations decline with `reasonCode`. */
  | { readonly kind: 'decline'; readonly reasonCode: string; readonly times: number }
  /** The next `times` requests answer `status`/`code` without deciding anything (nothing is recorded). */
  | { readonly kind: 'fail'; readonly times: number; readonly status: number; readonly code: string }
  /** The next `times` authorizations are decided and recorded, then answered with a 500 (the answer is "lost"). */
  | { readonly kind: 'commit-then-fail'; readonly times: number }
  /** The next `times` requests wait `delayMs` first, then are handled in full even if the client has gone. */
  | { readonly kind: 'slow'; readonly delayMs: number; readonly times: number };

export interface Authorization {
  readonly amazonAuthorizationId: string;
  readonly authorizationReferenceId: string;
  readonly billingAgreementId: string;
  readonly sellerOrderId: string | undefined;
  readonly amount: Money;
  readonly state: 'Closed' | 'Declined' | 'Pending';
  readonly reasonCode: string;
  /** What was captured, when it differs from the amount (a test's bad answer); default: the amount when Closed. */
  readonly captured?: Money;
  /** YYYY-MM of the stand-in's clock when it was decided. */
  readonly month: string;
}

export interface AmazonPayApiStandInOptions {
  /** When set, requests must carry this SellerId. */
  readonly sellerId?: string;
  /** The stand-in's own clock, for monthly limits (default: the real time). */
  readonly clock?: () => Date;
  readonly port?: number;
}

interface Agreement {
  open: boolean;
  readonly periodicLimit: Money | undefined;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

type Raw = Record<string, unknown>;

export class AmazonPayApiStandIn {
  readonly url: string;
  private readonly agreements = new Map<string, Agreement>();
  private readonly answers = new Map<string, Answer>();
  private readonly decided: Authorization[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private behaviour: AmazonPayApiBehaviour = { kind: 'normal' };
  private received = 0;
  private lookUpCount = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: AmazonPayApiStandInOptions,
  ) {
    const { address, port } = server.address() as AddressInfo;
    this.url = `http://${address}:${port}`;
  }

  static async start(options: AmazonPayApiStandInOptions = {}): Promise<AmazonPayApiStandIn> {
    const server = createServer();
    await listenOnLoopback(server, options.port ?? 0);
    const api = new AmazonPayApiStandIn(server, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void api.handle(request, response));
    return api;
  }

  /** Makes an OPEN billing agreement chargeable, optionally capped per calendar month. */
  openBillingAgreement(billingAgreementId: string, options: { readonly periodicLimit?: Money } = {}): void {
    this.agreements.set(billingAgreementId, { open: true, periodicLimit: options.periodicLimit });
  }

  closeBillingAgreement(billingAgreementId: string): void {
    const agreement = this.agreements.get(billingAgreementId);
    if (agreement) agreement.open = false;
  }

  setBehaviour(behaviour: AmazonPayApiBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Every authorization decided (approved or declined), once per reference. */
  get authorizations(): readonly Authorization[] {
    return this.decided;
  }

  /** The authorizations that took money. */
  get captures(): readonly Authorization[] {
    return this.decided.filter((authorization) => authorization.state === 'Closed');
  }

  /**
   * An authorization made by Alexa's Charge directive (the skill's Charge Now): recorded as Amazon Pay would hold it,
   * so that GetAuthorizationDetails finds it by the directive's reference.
   */
  recordCharge(charge: {
    readonly authorizationReferenceId: string;
    readonly billingAgreementId: string;
    readonly sellerOrderId?: string;
    readonly amount: Money;
    readonly state?: Authorization['state'];
    readonly reasonCode?: string;
    readonly captured?: Money;
  }): Authorization {
    const authorization: Authorization = {
      amazonAuthorizationId: this.nextAuthorizationId(),
      authorizationReferenceId: charge.authorizationReferenceId,
      billingAgreementId: charge.billingAgreementId,
      sellerOrderId: charge.sellerOrderId,
      amount: charge.amount,
      state: charge.state ?? 'Closed',
      reasonCode: charge.reasonCode ?? (charge.state === 'Pending' ? 'None' : 'MaxCapturesProcessed'),
      month: this.month(),
      ...(charge.captured ? { captured: charge.captured } : {}),
    };
    this.decided.push(authorization);
    return authorization;
  }

  /** A Pending authorization decided: Closed (captured) or Declined. */
  settle(authorizationReferenceId: string, state: 'Closed' | 'Declined', reasonCode?: string): void {
    const index = this.decided.findIndex((known) => known.authorizationReferenceId === authorizationReferenceId);
    const known = this.decided[index];
    if (!known) throw new Error(`No authorization ${authorizationReferenceId}`);
    this.decided[index] = {
      ...known,
      state,
      reasonCode: reasonCode ?? (state === 'Closed' ? 'MaxCapturesProcessed' : 'ProcessingFailure'),
    };
    this.answers.delete(authorizationReferenceId);
  }

  /** GetAuthorizationDetails requests received. */
  get lookUps(): number {
    return this.lookUpCount;
  }

  /** HTTP requests received, duplicates and failures included. */
  get requestCount(): number {
    return this.received;
  }

  reset(): void {
    this.agreements.clear();
    this.answers.clear();
    this.decided.length = 0;
    this.behaviour = { kind: 'normal' };
    this.received = 0;
    this.lookUpCount = 0;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.received++;
    const send = ({ status, body }: Answer) => {
      if (!response.destroyed)
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    try {
      const body = await readJson(request);
      const behaviour = this.behaviour;
      if (behaviour.kind === 'slow' && behaviour.times > 0) {
        this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
        await this.wait(behaviour.delayMs);
      }
      const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
      if (request.method === 'POST' && path === '/GetAuthorizationDetails') {
        send(this.details(body));
        return;
      }
      if (request.method !== 'POST' || path !== '/AuthorizeOnBillingAgreement') throw new ApiError(404, 'NotFound');
      send(this.authorize(body));
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError(500, 'InternalServerError');
      send(errorAnswer(failure));
    }
  }

  private authorize(body: Raw): Answer {
    const reference = body.AuthorizationReferenceId;
    if (typeof reference !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(reference)) {
      throw new ApiError(400, 'InvalidParameterValue');
    }
    const replay = this.answers.get(reference);
    if (replay) return replay;

    const behaviour = this.behaviour;
    if (behaviour.kind === 'fail' && behaviour.times > 0) {
      this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
      throw new ApiError(behaviour.status, behaviour.code);
    }
    const answer = this.decide(reference, body);
    this.answers.set(reference, answer);
    if (behaviour.kind === 'commit-then-fail' && behaviour.times > 0) {
      this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
      throw new ApiError(500, 'InternalServerError');
    }
    return answer;
  }

  /** GetAuthorizationDetails: by Amazon's ID when given, else by our reference; failures as set by the test. */
  private details(body: Raw): Answer {
    this.lookUpCount++;
    if (this.options.sellerId !== undefined && body.SellerId !== this.options.sellerId) {
      throw new ApiError(400, 'InvalidSellerId');
    }
    const behaviour = this.behaviour;
    if (behaviour.kind === 'fail' && behaviour.times > 0) {
      this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
      throw new ApiError(behaviour.status, behaviour.code);
    }
    const found = this.decided.find((known) =>
      typeof body.AmazonAuthorizationId === 'string'
        ? known.amazonAuthorizationId === body.AmazonAuthorizationId
        : known.authorizationReferenceId === body.AuthorizationReferenceId,
    );
    if (!found) throw new ApiError(404, 'InvalidAuthorizationId');
    return {
      status: 200,
      body: { GetAuthorizationDetailsResult: { AuthorizationDetails: detailsOf(found) } },
    };
  }

  private nextAuthorizationId(): string {
    const n = this.decided.length + 1;
    return `S01-${String(n).padStart(7, '0')}-A${String(n).padStart(6, '0')}`;
  }

  private month(): string {
    return (this.options.clock ?? (() => new Date()))().toISOString().slice(0, 7);
  }

  /** The first (recorded) answer for a reference: an authorization, a decline, or a definitive error. */
  private decide(reference: string, body: Raw): Answer {
    try {
      if (this.options.sellerId !== undefined && body.SellerId !== this.options.sellerId) {
        throw new ApiError(400, 'InvalidSellerId');
      }
      const billingAgreementId = body.AmazonBillingAgreementId;
      const agreement = typeof billingAgreementId === 'string' ? this.agreements.get(billingAgreementId) : undefined;
      if (typeof billingAgreementId !== 'string' || !agreement) throw new ApiError(400, 'InvalidBillingAgreementId');
      if (!agreement.open) throw new ApiError(400, 'InvalidBillingAgreementStatus');
      const amount = amountOf(body.AuthorizationAmount);
      if (!amount || amount.minor <= 0) throw new ApiError(400, 'InvalidAuthorizationAmount');
      if (body.CaptureNow !== true) throw new ApiError(400, 'InvalidPaymentAction');
      const month = (this.options.clock ?? (() => new Date()))().toISOString().slice(0, 7);
      if (agreement.periodicLimit) {
        if (agreement.periodicLimit.currency !== amount.currency) throw new ApiError(400, 'InvalidAuthorizationAmount');
        const taken = this.captures
          .filter((capture) => capture.billingAgreementId === billingAgreementId && capture.month === month)
          .reduce((sum, capture) => add(sum, capture.amount), { minor: 0, currency: amount.currency });
        if (taken.minor + amount.minor > agreement.periodicLimit.minor)
          throw new ApiError(400, 'PeriodicAmountExceeded');
      }
      const decline = this.declineReason(body.SellerAuthorizationNote);
      const authorization: Authorization = {
        amazonAuthorizationId: `S01-${String(this.decided.length + 1).padStart(7, '0')}-A${String(this.decided.length + 1).padStart(6, '0')}`,
        authorizationReferenceId: reference,
        billingAgreementId,
        sellerOrderId: sellerOrderIdOf(body.SellerOrderAttributes),
        amount,
        state: decline ? 'Declined' : 'Closed',
        reasonCode: decline ?? 'MaxCapturesProcessed',
        month,
      };
      this.decided.push(authorization);
      return { status: 200, body: resultBody(authorization) };
    } catch (error) {
      if (error instanceof ApiError) return errorAnswer(error);
      throw error;
    }
  }

  private declineReason(note: unknown): string | undefined {
    const behaviour = this.behaviour;
    if (behaviour.kind === 'decline' && behaviour.times > 0) {
      this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
      return behaviour.reasonCode;
    }
    if (typeof note !== 'string') return undefined;
    try {
      const simulation = (JSON.parse(note) as Raw).SandboxSimulation as Raw | undefined;
      return simulation?.State === 'Declined' && typeof simulation.ReasonCode === 'string'
        ? simulation.ReasonCode
        : undefined;
    } catch {
      return undefined;
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function amountOf(value: unknown): Money | undefined {
  const fields: Raw = typeof value === 'object' && value !== null ? (value as Raw) : {};
  const currency = fields.CurrencyCode;
  return typeof fields.Amount === 'string' && isCurrency(currency) ? parseDecimal(fields.Amount, currency) : undefined;
}

function sellerOrderIdOf(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as Raw).SellerOrderId : undefined;
  return typeof id === 'string' ? id : undefined;
}

function price(amount: Money) {
  return { Amount: formatDecimal(amount), CurrencyCode: amount.currency };
}

function detailsOf(authorization: Authorization) {
  const captured =
    authorization.captured ??
    (authorization.state === 'Closed' ? authorization.amount : { ...authorization.amount, minor: 0 });
  return {
    AmazonAuthorizationId: authorization.amazonAuthorizationId,
    AuthorizationReferenceId: authorization.authorizationReferenceId,
    AuthorizationAmount: price(authorization.amount),
    CapturedAmount: price(captured),
    AuthorizationStatus: { State: authorization.state, ReasonCode: authorization.reasonCode },
    CaptureNow: true,
  };
}

function resultBody(authorization: Authorization) {
  return {
    AuthorizeOnBillingAgreementResult: {
      AmazonOrderReferenceId: authorization.amazonAuthorizationId.slice(0, 12),
      AuthorizationDetails: detailsOf(authorization),
    },
  };
}

function errorAnswer(error: ApiError): Answer {
  return { status: error.status, body: { Error: { Type: 'Sender', Code: error.code, Message: error.code } } };
}

function readJson(request: IncomingMessage): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', reject);
    request.on('end', () => {
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        resolve(parsed as Raw);
      } catch {
        reject(new ApiError(400, 'InvalidParameterValue'));
      }
    });
  });
}
