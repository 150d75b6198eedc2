/**
 * A stand-in for a carbon clearing house (CNaught-style orders in whole kilograms, idempotency by the
 * `Idempotency-Key` header), served over real HTTP on 127.0.0.1 for tests and the simulator. It implements the
 * contract of lambda/src/features/offsets/adapters/clearing-house-offset-provider.ts:
 *
 *   POST /v1/orders                               → 201 order; 409 when the key was used before (same body), 422 when
 *                                                   it was used for a different body; 400 without a key or amount
 *   GET  /v1/orders/by-idempotency-key/{key}      → 200 order | 404
 *   GET  /v1/orders/{id}                          → 200 order | 404
 *
 * Failure modes, set per test: fail the next N requests with a status, answer slowly, or commit the order and then
 * fail the answer (the case idempotency keys exist for).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOnLoopback } from './loopback';

export interface ClearingHouseOrder {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly amountKg: number;
  readonly description: string | undefined;
  readonly metadata: string | undefined;
  readonly certificateId: string;
  readonly createdOn: string;
}

export interface ReceivedClearingHouseRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly authorization: string | undefined;
  readonly status: number;
}

export type ClearingHouseBehaviour =
  | { readonly kind: 'normal' }
  /** The next `times` order requests answer `status` without doing anything. */
  | { readonly kind: 'fail'; readonly times: number; readonly status: number }
  /** The next `times` order requests create the order, then answer `status` (the answer is "lost"). */
  | { readonly kind: 'commit-then-fail'; readonly times: number; readonly status: number }
  /**
   * The next `times` requests (every request when unset) wait `delayMs`, then are handled in full even if the client
   * has given up meanwhile — as a slow server does.
   */
  | { readonly kind: 'slow'; readonly delayMs: number; readonly times?: number };

export interface ClearingHouseOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  readonly port?: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export class ClearingHouse {
  readonly url: string;
  private readonly byKey = new Map<string, ClearingHouseOrder>();
  private readonly log: ReceivedClearingHouseRequest[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private behaviour: ClearingHouseBehaviour = { kind: 'normal' };
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly apiKey: string | undefined,
  ) {
    const { address, port } = server.address() as AddressInfo;
    this.url = `http://${address}:${port}`;
  }

  static async start(options: ClearingHouseOptions = {}): Promise<ClearingHouse> {
    const server = createServer();
    await listenOnLoopback(server, options.port ?? 0);
    const house = new ClearingHouse(server, options.apiKey);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void house.handle(request, response));
    return house;
  }

  setBehaviour(behaviour: ClearingHouseBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Orders created (each idempotency key once). */
  get orders(): readonly ClearingHouseOrder[] {
    return [...this.byKey.values()];
  }

  get requests(): readonly ReceivedClearingHouseRequest[] {
    return this.log;
  }

  reset(): void {
    this.byKey.clear();
    this.log.length = 0;
    this.behaviour = { kind: 'normal' };
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
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    const key = header(request, 'idempotency-key');
    const answer = (status: number, body: unknown) => {
      this.log.push({
        method: request.method ?? '',
        path,
        idempotencyKey: key,
        authorization: header(request, 'authorization'),
        status,
      });
      if (!response.destroyed)
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    try {
      const body = await readBody(request);
      const behaviour = this.behaviour;
      if (behaviour.kind === 'slow') {
        if (behaviour.times !== undefined) {
          this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
        }
        await this.wait(behaviour.delayMs);
      }
      if (this.apiKey !== undefined && header(request, 'authorization') !== `Bearer ${this.apiKey}`) {
        throw new HttpError(401, 'unauthorized');
      }
      const [status, result] = this.route(request.method ?? 'GET', path, key, body);
      answer(status, result);
    } catch (error) {
      const failure = error instanceof HttpError ? error : new HttpError(500, 'internal_error');
      answer(failure.status, { error: { code: failure.code } });
    }
  }

  private route(method: string, path: string, key: string | undefined, body: unknown): [number, unknown] {
    if (method === 'POST' && path === '/v1/orders') return this.createOrder(key, body);
    const byKey = /^\/v1\/orders\/by-idempotency-key\/([^/]+)$/.exec(path);
    if (method === 'GET' && byKey?.[1]) {
      const order = this.byKey.get(decodeURIComponent(byKey[1]));
      if (!order) throw new HttpError(404, 'not_found');
      return [200, view(order, this.url)];
    }
    const byId = /^\/v1\/orders\/([^/]+)$/.exec(path);
    if (method === 'GET' && byId?.[1]) {
      const order = this.orders.find((candidate) => candidate.id === byId[1]);
      if (!order) throw new HttpError(404, 'not_found');
      return [200, view(order, this.url)];
    }
    throw new HttpError(404, 'no_such_route');
  }

  private createOrder(key: string | undefined, body: unknown): [number, unknown] {
    if (!key) throw new HttpError(400, 'idempotency_key_required');
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const amountKg = fields.amount_kg;
    if (typeof amountKg !== 'number' || !Number.isInteger(amountKg) || amountKg < 1) {
      throw new HttpError(400, 'amount_kg_must_be_whole_kilograms');
    }
    const behaviour = this.behaviour;
    if (behaviour.kind === 'fail' && behaviour.times > 0) {
      this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
      throw new HttpError(behaviour.status, 'stand_in_failure');
    }
    const previous = this.byKey.get(key);
    if (previous) {
      throw previous.amountKg === amountKg
        ? new HttpError(409, 'duplicate_idempotency_key')
        : new HttpError(422, 'idempotency_key_reused_with_different_request');
    }
    const sequence = this.byKey.size + 1;
    const order: ClearingHouseOrder = {
      id: `ord_${String(sequence).padStart(6, '0')}`,
      idempotencyKey: key,
      amountKg,
      description: typeof fields.description === 'string' ? fields.description : undefined,
      metadata: typeof fields.metadata === 'string' ? fields.metadata : undefined,
      certificateId: `CH-CERT-${String(sequence).padStart(6, '0')}`,
      createdOn: new Date().toISOString(),
    };
    this.byKey.set(key, order);
    if (behaviour.kind === 'commit-then-fail' && behaviour.times > 0) {
      this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
      throw new HttpError(behaviour.status, 'stand_in_failure_after_commit');
    }
    return [201, view(order, this.url)];
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

function view(order: ClearingHouseOrder, base: string) {
  return {
    id: order.id,
    state: 'fulfilled',
    amount_kg: order.amountKg,
    description: order.description,
    metadata: order.metadata,
    certificate_id: order.certificateId,
    certificate_public_url: `${base}/certificates/${order.certificateId}`,
    created_on: order.createdOn,
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', reject);
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'invalid_json'));
      }
    });
  });
}
