/**
 * A stand-in for the Alexa in-skill products API (the MonetizationServiceClient's endpoints), served over real HTTP
 * on 127.0.0.1 so the skill's own API client is exercised end to end. Products come from the skill package's ISP
 * files; entitlements are per customer and changed in-process (purchase, cancel), as Amazon's side of a purchase
 * would change them. Used by the dialog simulator and by tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type LocalizedProduct,
  loadProductDefinitions,
  localized,
  PRODUCT_TYPES,
  type ProductDefinition,
  type ProductType,
  parseProductDefinitions,
} from './isp-definitions';
import { listenOnLoopback } from './loopback';
import { findProjectRoot } from './project-root';

export { type ProductDefinition, type ProductType, productIdFor } from './isp-definitions';

/** How the stand-in answers: normally, with an HTTP error, or after a delay (then normally). */
export type Behaviour = { kind: 'normal' } | { kind: 'fail'; status: number } | { kind: 'slow'; delayMs: number };

export interface InSkillProductsApiOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Folder of ISP files; default `skill-package/isps` of this checkout. */
  readonly productsDir?: string;
  /** ISP-file JSON objects to use instead of the folder. */
  readonly definitions?: readonly unknown[];
}

/** What a customer owns of one product. */
export interface Entitlement {
  readonly referenceName: string;
  readonly productId: string;
  readonly type: ProductType;
  readonly activeEntitlementCount: number;
}

/** One request the stand-in received, for assertions. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly userId: string | undefined;
  readonly acceptLanguage: string | undefined;
  readonly status: number;
}

/** The product as the API returns it (ask-sdk-model `services.monetization.InSkillProduct`). */
export interface InSkillProductView {
  readonly productId: string;
  readonly referenceName: string;
  readonly type: ProductType;
  readonly name: string;
  readonly summary: string;
  readonly entitled: 'ENTITLED' | 'NOT_ENTITLED';
  readonly entitlementReason: 'PURCHASED' | 'NOT_PURCHASED';
  readonly purchasable: 'PURCHASABLE' | 'NOT_PURCHASABLE';
  readonly activeEntitlementCount: number;
  readonly purchaseMode: 'TEST';
}

const TOKEN_PREFIX = 'green-horizons-stand-in.';
const API_PREFIX = '/v1/users/~current/skills/~current';
const MAX_RESULTS = 100;

/** The API access token the driver puts in `context.System.apiAccessToken` for this customer. */
export function tokenFor(userId: string): string {
  return `${TOKEN_PREFIX}${Buffer.from(userId, 'utf8').toString('base64url')}`;
}

/** The customer a token was made for, or undefined when it is not one of ours. */
export function userIdFromToken(token: string): string | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const userId = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8');
  return userId === '' ? undefined : userId;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class InSkillProductsApi {
  readonly url: string;
  private readonly owned = new Map<string, Map<string, number>>();
  private readonly log: ReceivedRequest[] = [];
  private readonly waits = new Set<() => void>();
  private behaviour: Behaviour = { kind: 'normal' };
  private voicePurchasing = true;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    readonly products: readonly ProductDefinition[],
  ) {
    const { address, port } = server.address() as AddressInfo;
    this.url = `http://${address}:${port}`;
  }

  static async start(options: InSkillProductsApiOptions = {}): Promise<InSkillProductsApi> {
    const products = options.definitions
      ? parseProductDefinitions(options.definitions)
      : loadProductDefinitions(options.productsDir ?? join(findProjectRoot(), 'skill-package', 'isps'));
    const server = createServer();
    await listenOnLoopback(server, options.port ?? 0, options.host ?? '127.0.0.1');
    const api = new InSkillProductsApi(server, products);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void api.handle(request, response));
    return api;
  }

  /** Looks a product up by reference name or product ID. */
  product(referenceNameOrId: string): ProductDefinition | undefined {
    return this.products.find((p) => p.referenceName === referenceNameOrId || p.productId === referenceNameOrId);
  }

  /** Entitles the customer (for consumables: one more active purchase). */
  purchase(userId: string, referenceName: string): Entitlement {
    const product = this.known(referenceName);
    const count = this.count(userId, product);
    this.setCount(userId, product, product.type === 'CONSUMABLE' ? count + 1 : 1);
    return this.entitlement(userId, product);
  }

  /**
   * Cancels a subscription or one-time purchase, or refunds one purchase of a consumable. Returns what is left,
   * or undefined when the customer was not entitled (Amazon's NOT_ENTITLED).
   */
  cancel(userId: string, referenceName: string): Entitlement | undefined {
    const product = this.known(referenceName);
    const count = this.count(userId, product);
    if (count === 0) return undefined;
    this.setCount(userId, product, product.type === 'CONSUMABLE' ? count - 1 : 0);
    return this.entitlement(userId, product);
  }

  /** The products the customer is entitled to. */
  entitlements(userId: string): Entitlement[] {
    return this.products
      .filter((product) => this.count(userId, product) > 0)
      .map((product) => this.entitlement(userId, product));
  }

  /** The product as the API would show it to this customer. */
  view(userId: string, referenceNameOrId: string, locale = 'en-US'): InSkillProductView {
    return this.productView(userId, this.known(referenceNameOrId), locale);
  }

  setBehaviour(behaviour: Behaviour): void {
    this.behaviour = behaviour;
  }

  /** What `settings/voicePurchasing.enabled` answers (default true). */
  setVoicePurchasing(enabled: boolean): void {
    this.voicePurchasing = enabled;
  }

  /** Every request received since the start or the last reset. */
  get requests(): readonly ReceivedRequest[] {
    return this.log;
  }

  /** Forgets all entitlements and received requests, and answers normally again. */
  reset(): void {
    this.owned.clear();
    this.log.length = 0;
    this.behaviour = { kind: 'normal' };
    this.voicePurchasing = true;
  }

  /** Stops listening; requests held by a slow behaviour are dropped. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const release of [...this.waits]) release();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private known(referenceNameOrId: string): ProductDefinition {
    const product = this.product(referenceNameOrId);
    if (!product) {
      const names = this.products.map((p) => p.referenceName).join(', ') || 'none';
      throw new Error(`Unknown in-skill product ${referenceNameOrId} (known: ${names})`);
    }
    return product;
  }

  private count(userId: string, product: ProductDefinition): number {
    return this.owned.get(userId)?.get(product.referenceName) ?? 0;
  }

  private setCount(userId: string, product: ProductDefinition, count: number): void {
    const products = this.owned.get(userId) ?? new Map<string, number>();
    products.set(product.referenceName, count);
    this.owned.set(userId, products);
  }

  private entitlement(userId: string, product: ProductDefinition): Entitlement {
    const { referenceName, productId, type } = product;
    return { referenceName, productId, type, activeEntitlementCount: this.count(userId, product) };
  }

  private productView(userId: string, product: ProductDefinition, locale: string): InSkillProductView {
    const count = this.count(userId, product);
    const entitled = count > 0;
    const purchasable = product.forSale && (product.type === 'CONSUMABLE' || !entitled);
    const { name, summary }: LocalizedProduct = localized(product, locale);
    return {
      productId: product.productId,
      referenceName: product.referenceName,
      type: product.type,
      name,
      summary,
      entitled: entitled ? 'ENTITLED' : 'NOT_ENTITLED',
      entitlementReason: entitled ? 'PURCHASED' : 'NOT_PURCHASED',
      purchasable: purchasable ? 'PURCHASABLE' : 'NOT_PURCHASABLE',
      activeEntitlementCount: count,
      purchaseMode: 'TEST',
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const behaviour = this.behaviour;
    if (behaviour.kind === 'slow' && !(await this.wait(behaviour.delayMs, response))) return;
    const userId = userFromHeader(request.headers.authorization);
    let status = 200;
    let body: unknown;
    try {
      if (behaviour.kind === 'fail') throw new HttpError(behaviour.status, 'The stand-in was told to fail.');
      if (request.method !== 'GET') throw new HttpError(405, 'Only GET is supported.');
      if (!userId) throw new HttpError(401, 'The authentication token is invalid or missing.');
      body = this.route(url, userId, requestLocale(request.headers['accept-language']));
    } catch (error) {
      status = error instanceof HttpError ? error.status : 500;
      body = { message: error instanceof Error ? error.message : String(error) };
    }
    this.log.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      userId,
      acceptLanguage: request.headers['accept-language'],
      status,
    });
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /** Resolves true after the delay, false when the caller went away or the stand-in is closing. */
  private wait(delayMs: number, response: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (answered: boolean) => {
        clearTimeout(timer);
        this.waits.delete(release);
        response.off('close', release);
        resolve(answered);
      };
      const release = () => finish(false);
      const timer = setTimeout(() => finish(true), delayMs);
      this.waits.add(release);
      // Before the answer is written, 'close' on the response means the connection went away.
      response.on('close', release);
    });
  }

  private route(url: URL, userId: string, locale: string): unknown {
    const path = url.pathname;
    if (path === `${API_PREFIX}/inSkillProducts`) return this.list(url.searchParams, userId, locale);
    if (path === `${API_PREFIX}/settings/voicePurchasing.enabled`) return this.voicePurchasing;
    const single = new RegExp(`^${API_PREFIX}/inSkillProducts/([^/]+)$`).exec(path);
    if (single?.[1]) {
      const product = this.products.find((p) => p.productId === decodeURIComponent(single[1] ?? ''));
      if (!product) throw new HttpError(404, 'No such in-skill product.');
      return this.productView(userId, product, locale);
    }
    throw new HttpError(404, `No route for ${path}.`);
  }

  private list(query: URLSearchParams, userId: string, locale: string) {
    const productType = enumParam(query, 'productType', PRODUCT_TYPES);
    const purchasable = enumParam(query, 'purchasable', ['PURCHASABLE', 'NOT_PURCHASABLE'] as const);
    const entitled = enumParam(query, 'entitled', ['ENTITLED', 'NOT_ENTITLED'] as const);
    const maxResults = maxResultsParam(query.get('maxResults'));
    const offset = offsetFromToken(query.get('nextToken'));
    const matching = this.products
      .map((product) => this.productView(userId, product, locale))
      .filter((view) => !productType || view.type === productType)
      .filter((view) => !purchasable || view.purchasable === purchasable)
      .filter((view) => !entitled || view.entitled === entitled);
    const page = matching.slice(offset, offset + maxResults);
    const isTruncated = offset + page.length < matching.length;
    return { inSkillProducts: page, isTruncated, nextToken: isTruncated ? tokenForOffset(offset + page.length) : null };
  }
}

function userFromHeader(header: string | undefined): string | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  return token ? userIdFromToken(token) : undefined;
}

/** The first language tag of Accept-Language (`en-US,en;q=0.9` → `en-US`); en-US when absent. */
function requestLocale(header: string | undefined): string {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first || 'en-US';
}

function enumParam<T extends string>(query: URLSearchParams, key: string, allowed: readonly T[]): T | undefined {
  const value = query.get(key);
  if (value === null) return undefined;
  const match = allowed.find((candidate) => candidate === value);
  if (!match) throw new HttpError(400, `${key} must be one of ${allowed.join(', ')}.`);
  return match;
}

function maxResultsParam(value: string | null): number {
  if (value === null) return MAX_RESULTS;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > MAX_RESULTS) {
    throw new HttpError(400, `maxResults must be a whole number from 1 to ${MAX_RESULTS}.`);
  }
  return number;
}

function tokenForOffset(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function offsetFromToken(token: string | null): number {
  if (token === null) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new HttpError(400, 'nextToken is not valid.');
  return Number(match[1]);
}
