/**
 * A fault-injecting HTTP proxy on 127.0.0.1, put between a client and a real server (dynalite for DynamoDB, or any of
 * the HTTP stand-ins): every request goes through to the server unless a rule gives it a fault. The faults are the
 * ones a network and a managed service really produce:
 *
 * - `delay`: wait, then forward (slow answers);
 * - `hang`: accept the request and never answer (a server that takes the connection and goes silent);
 * - `respond`: answer without forwarding (a throttle, a 5xx; `dynamoDbThrottle()` builds DynamoDB's own answer);
 * - `lose-answer`: forward, let the server apply the request, then drop the connection without passing the answer on
 *   (a write that happened although the client never heard so);
 * - `reset`: drop the connection without forwarding (nothing happened, and the client cannot know that).
 *
 * Rules are functions of the request (its DynamoDB operation from `X-Amz-Target`, method, path, body), tried in the
 * order they were added; the first to return a fault decides. `fail(match, fault, times)` is the common case; a rule
 * may also draw from a seeded random source (`seededRandom`) for chaos runs. Everything the proxy saw is in `events`.
 *
 *   const proxy = await FaultProxy.start({ target: dynamo.endpoint });
 *   proxy.fail({ operation: 'PutItem' }, { kind: 'lose-answer' });        // the next PutItem lands, its answer is lost
 *   createSkill(loadConfig({ DYNAMODB_ENDPOINT: proxy.url, ... }));
 *   ...
 *   await proxy.stop();                                                    // also ends every hanging request
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'hang' }
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body: string;
    }
  | { readonly kind: 'lose-answer' }
  | { readonly kind: 'reset' };

/** One request as the rules see it. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** The DynamoDB operation (`X-Amz-Target: DynamoDB_20120810.PutItem` → `PutItem`), when there is one. */
  readonly operation: string | undefined;
  /** 1 for the first request the proxy received, and so on. */
  readonly sequence: number;
}

export type FaultRule = (request: ProxiedRequest) => Fault | undefined;

/** What `fail` matches: every field given must fit (an operation name or list, a path or body pattern). */
export interface Match {
  readonly operation?: string | readonly string[];
  readonly method?: string;
  readonly path?: RegExp;
  readonly body?: RegExp;
}

/** What happened to one request. */
export interface ProxyEvent {
  readonly sequence: number;
  readonly operation: string | undefined;
  readonly path: string;
  /** `forwarded` when no rule gave it a fault. */
  readonly outcome: Fault['kind'] | 'forwarded';
  /** The server's status, for forwarded (and lost) answers. */
  readonly upstreamStatus?: number;
}

export interface FaultProxyOptions {
  /** The real server, e.g. `http://127.0.0.1:8000`. */
  readonly target: string;
}

/** The answer DynamoDB gives when it throttles (HTTP 400 with the exception's name in `__type`). */
export function dynamoDbThrottle(
  name: 'ProvisionedThroughputExceededException' | 'ThrottlingException' = 'ProvisionedThroughputExceededException',
): Fault {
  const type =
    name === 'ThrottlingException'
      ? 'com.amazon.coral.availability#ThrottlingException'
      : 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException';
  return {
    kind: 'respond',
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify({ __type: type, message: 'Rate of requests exceeds the allowed throughput.' }),
  };
}

/** A small seeded generator (mulberry32) for rules that fail at random but repeatably. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function matches(match: Match, request: ProxiedRequest): boolean {
  if (match.operation !== undefined) {
    const operations = typeof match.operation === 'string' ? [match.operation] : match.operation;
    if (request.operation === undefined || !operations.includes(request.operation)) return false;
  }
  if (match.method !== undefined && match.method !== request.method) return false;
  if (match.path && !match.path.test(request.path)) return false;
  if (match.body && !match.body.test(request.body)) return false;
  return true;
}

function operationOf(headers: IncomingMessage['headers']): string | undefined {
  const target = headers['x-amz-target'];
  const value = Array.isArray(target) ? target[0] : target;
  return value?.split('.').pop();
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export class FaultProxy {
  private rules: FaultRule[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly upstreamAgent = new Agent({ keepAlive: true });
  private sequence = 0;
  /** Every request, in the order received. */
  readonly events: ProxyEvent[] = [];

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    private readonly target: URL,
    readonly url: string,
  ) {}

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const target = new URL(options.target);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const proxy = new FaultProxy(server, target, `http://127.0.0.1:${port}`);
    server.on('connection', (socket) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    server.on('request', (incoming, outgoing) => {
      proxy.handle(incoming, outgoing).catch(() => outgoing.socket?.destroy());
    });
    return proxy;
  }

  /** Adds a rule (after the others); returns a function that removes it. */
  inject(rule: FaultRule): () => void {
    this.rules.push(rule);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== rule);
    };
  }

  /** The next `times` requests that match get `fault` (default once); the rule then removes itself. */
  fail(match: Match, fault: Fault, times = 1): () => void {
    let left = times;
    const remove = this.inject((request) => {
      if (left <= 0 || !matches(match, request)) return undefined;
      left -= 1;
      if (left === 0) remove();
      return fault;
    });
    return remove;
  }

  /** Every request that matches gets `fault` until the rule is removed. */
  always(match: Match, fault: Fault): () => void {
    return this.inject((request) => (matches(match, request) ? fault : undefined));
  }

  /** Removes every rule: from now on everything is forwarded. */
  clear(): void {
    this.rules = [];
  }

  /** Requests of `operation` that reached the server (forwarded, delayed or with a lost answer). */
  reached(operation?: string): number {
    return this.events.filter(
      (event) =>
        (operation === undefined || event.operation === operation) &&
        (event.outcome === 'forwarded' || event.outcome === 'delay' || event.outcome === 'lose-answer'),
    ).length;
  }

  /** Stops listening and ends every connection, hanging requests included. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.upstreamAgent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const body = await readBody(incoming);
    const request: ProxiedRequest = {
      method: incoming.method ?? 'GET',
      path: incoming.url ?? '/',
      headers: incoming.headers,
      body: body.toString('utf8'),
      operation: operationOf(incoming.headers),
      sequence: ++this.sequence,
    };
    const fault = this.faultFor(request);
    const record = (outcome: ProxyEvent['outcome'], upstreamStatus?: number): void => {
      this.events.push({
        sequence: request.sequence,
        operation: request.operation,
        path: request.path,
        outcome,
        ...(upstreamStatus === undefined ? {} : { upstreamStatus }),
      });
    };
    switch (fault?.kind) {
      case undefined: {
        const answer = await this.forward(incoming, body);
        record('forwarded', answer.status);
        outgoing.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
      case 'delay': {
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        if (outgoing.socket?.destroyed) return record('delay');
        const answer = await this.forward(incoming, body);
        record('delay', answer.status);
        outgoing.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
      case 'hang':
        record('hang');
        return;
      case 'respond':
        record('respond');
        outgoing
          .writeHead(fault.status, { 'content-length': Buffer.byteLength(fault.body), ...(fault.headers ?? {}) })
          .end(fault.body);
        return;
      case 'lose-answer': {
        const answer = await this.forward(incoming, body);
        record('lose-answer', answer.status);
        outgoing.socket?.destroy();
        return;
      }
      case 'reset':
        record('reset');
        outgoing.socket?.destroy();
        return;
    }
  }

  private faultFor(request: ProxiedRequest): Fault | undefined {
    for (const rule of [...this.rules]) {
      const fault = rule(request);
      if (fault) return fault;
    }
    return undefined;
  }

  private forward(
    incoming: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined && name !== 'connection' && name !== 'keep-alive') headers[name] = value;
    }
    headers.host = this.target.host;
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: incoming.method,
          path: incoming.url,
          headers,
          agent: this.upstreamAgent,
        },
        (answer) => {
          readBody(answer).then((content) => {
            const answerHeaders: Record<string, string | string[]> = {};
            for (const [name, value] of Object.entries(answer.headers)) {
              if (value !== undefined && name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding')
                answerHeaders[name] = value;
            }
            answerHeaders['content-length'] = String(content.length);
            resolve({ status: answer.statusCode ?? 502, headers: answerHeaders, body: content });
          }, reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}
