/**
 * A stand-in for the Stripe API on 127.0.0.1, reached by the official `stripe` library through its own `host`,
 * `port` and `protocol` options (STRIPE_API_URL). It speaks Stripe's wire format: form-encoded bodies with bracketed
 * keys, JSON answers, `expand[]`, `Authorization: Bearer sk_test_…`, Stripe's error shapes, and idempotency keys
 * (the same key and parameters replay the first answer with `Idempotent-Replayed: true`; the same key with other
 * parameters is a 400 `idempotency_error`).
 *
 * Resources are plugged in (`resources/`): customers, payment methods, setup intents, Checkout Sessions in setup
 * mode with a hosted page, and PaymentIntents with refunds (the card rail), each a module returning routes; more can
 * be registered with `StripeStandIn.start({ resources: [...] })` or `standIn.use(...)`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOnLoopback } from '../loopback';
import { canonical, decodeStripeForm, type FormObject, type FormValue } from './form';
import { StripeApiError, type StripeState } from './state';

export const DEFAULT_STRIPE_TEST_KEY = 'sk_test_green_horizons_local';

export interface StripeRouteRequest {
  readonly params: Readonly<Record<string, string>>;
  /** The decoded form body (POST) or query (GET, DELETE). */
  readonly body: FormObject;
  readonly expand: readonly string[];
  readonly state: StripeState;
  /** The stand-in's own URL (for hosted-page links). */
  readonly baseUrl: string;
}

export interface StripeRoute {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** A path with `:name` parameters, e.g. `/v1/customers/:id`. */
  readonly path: string;
  /** Returns the JSON answer (status 200), or throws StripeApiError. */
  handle(request: StripeRouteRequest): unknown;
}

export type PageResult =
  | { readonly kind: 'html'; readonly status?: number; readonly html: string }
  | { readonly kind: 'redirect'; readonly location: string };

export interface StripePage {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  handle(request: StripeRouteRequest): PageResult;
}

/** What a resource module contributes. */
export interface StripeResource {
  readonly routes: readonly StripeRoute[];
  readonly pages?: readonly StripePage[];
}

export interface ReceivedStripeRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly status: number;
  readonly replayed: boolean;
}

export type StripeBehaviour =
  | { readonly kind: 'normal' }
  /** The next `times` API requests answer `status` (a Stripe api_error) without doing anything. */
  | { readonly kind: 'fail'; readonly times: number; readonly status: number }
  /** API requests wait `delayMs` first (then are handled in full, as a slow server does). */
  | { readonly kind: 'slow'; readonly delayMs: number };

interface Compiled<T> {
  readonly route: T;
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

function compile<T extends { method: string; path: string }>(route: T): Compiled<T> {
  const names: string[] = [];
  const source = route.path.replace(/:([a-z_]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, method: route.method, pattern: new RegExp(`^${source}$`), names };
}

function match<T>(table: readonly Compiled<T>[], method: string, path: string) {
  for (const entry of table) {
    if (entry.method !== method) continue;
    const found = entry.pattern.exec(path);
    if (!found) continue;
    const params = Object.fromEntries(
      entry.names.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? '')]),
    );
    return { route: entry.route, params };
  }
  return undefined;
}

function expandList(value: FormValue | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  return (Array.isArray(value) ? value : Object.values(value)).filter(
    (item): item is string => typeof item === 'string',
  );
}

async function readBody(request: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new StripeApiError(413, 'invalid_request_error', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class StripeServer {
  readonly url: string;
  readonly state: StripeState;
  private readonly routes: Compiled<StripeRoute>[] = [];
  private readonly pages: Compiled<StripePage>[] = [];
  private readonly log: ReceivedStripeRequest[] = [];
  private readonly idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  private behaviour: StripeBehaviour = { kind: 'normal' };
  private closing: Promise<void> | undefined;

  constructor(
    private readonly server: Server,
    private readonly apiKey: string,
    state: StripeState,
  ) {
    this.state = state;
    const { address, port } = server.address() as AddressInfo;
    this.url = `http://${address}:${port}`;
    server.on('request', (request, response) => {
      this.handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
  }

  static async listen(apiKey: string, state: StripeState, port = 0): Promise<StripeServer> {
    const server = createServer();
    await listenOnLoopback(server, port);
    return new StripeServer(server, apiKey, state);
  }

  use(resource: StripeResource): void {
    this.routes.push(...resource.routes.map(compile));
    this.pages.push(...(resource.pages ?? []).map(compile));
  }

  behave(behaviour: StripeBehaviour): void {
    this.behaviour = behaviour;
  }

  requests(): readonly ReceivedStripeRequest[] {
    return [...this.log];
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? 'GET';
    const raw = method === 'POST' ? await readBody(request) : url.search.slice(1);
    if (url.pathname.startsWith('/v1/')) {
      await this.api(request, response, method, url.pathname, raw);
      return;
    }
    const page = match(this.pages, method, url.pathname);
    if (!page) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const body = decodeStripeForm(raw);
    const result = page.route.handle({ params: page.params, body, expand: [], state: this.state, baseUrl: this.url });
    if (result.kind === 'redirect') {
      response.writeHead(303, { location: result.location }).end();
      return;
    }
    response
      .writeHead(result.status ?? 200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action *",
      })
      .end(result.html);
  }

  private async api(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    path: string,
    raw: string,
  ): Promise<void> {
    const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) || undefined;
    const send = (status: number, body: unknown, replayed = false) => {
      this.log.push({ method, path, idempotencyKey, status, replayed });
      response
        .writeHead(status, {
          'content-type': 'application/json',
          'request-id': `req_${this.state.newId('x').slice(2)}`,
          ...(idempotencyKey && method === 'POST' ? { 'idempotency-key': idempotencyKey } : {}),
          ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
        })
        .end(JSON.stringify(body));
    };

    const behaviour = this.behaviour;
    if (behaviour.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    if (behaviour.kind === 'fail' && behaviour.times > 0) {
      this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
      send(
        behaviour.status,
        new StripeApiError(behaviour.status, 'api_error', 'The stand-in was told to fail').toBody(),
      );
      return;
    }

    if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
      const error = new StripeApiError(401, 'authentication_error', 'Invalid API Key provided');
      send(401, error.toBody());
      return;
    }

    let body: FormObject;
    try {
      body = decodeStripeForm(raw);
    } catch {
      send(400, new StripeApiError(400, 'invalid_request_error', 'Malformed parameters').toBody());
      return;
    }

    const fingerprint = `${method} ${path} ${canonical(body)}`;
    if (method === 'POST' && idempotencyKey) {
      const previous = this.idempotent.get(idempotencyKey);
      if (previous && previous.fingerprint !== fingerprint) {
        const message =
          'Keys for idempotent requests can only be used with the same parameters they were first used with. ' +
          `Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`;
        send(400, new StripeApiError(400, 'idempotency_error', message).toBody());
        return;
      }
      if (previous) {
        send(previous.status, previous.body, true);
        return;
      }
    }

    const found = match(this.routes, method, path);
    let status = 200;
    let answer: unknown;
    if (!found) {
      status = 404;
      answer = new StripeApiError(
        404,
        'invalid_request_error',
        `Unrecognized request URL (${method}: ${path}).`,
      ).toBody();
    } else {
      try {
        const { expand: expandParam, ...rest } = body;
        answer = await found.route.handle({
          params: found.params,
          body: rest,
          expand: expandList(expandParam),
          state: this.state,
          baseUrl: this.url,
        });
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
        status = error.status;
        answer = error.toBody();
      }
    }
    if (method === 'POST' && idempotencyKey && status < 500) {
      this.idempotent.set(idempotencyKey, { fingerprint, status, body: answer });
    }
    send(status, answer);
  }
}
