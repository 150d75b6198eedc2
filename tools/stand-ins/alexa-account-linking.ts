/**
 * Amazon's side of account linking, played on 127.0.0.1: what the Alexa app and the Alexa service do when a
 * customer links a skill. `linkUrl(user)` is the authorization URL the Alexa app opens (client_id, response_type
 * code, state, scope, redirect_uri, and a PKCE challenge when asked); the redirect URI is this server's
 * `/api/skill/link/<vendor>`, like Amazon's `https://pitangui.amazon.com/api/skill/link/<vendor>`. When the browser
 * arrives there with the code, the stand-in checks the state and exchanges the code at the token endpoint with the
 * client secret (HTTP Basic, as Alexa's "Auth Code Grant" with HTTP Basic does), keeps the tokens for that user,
 * and shows the page the Alexa app shows. `refresh(user)` uses the refresh token as Alexa does when the access
 * token expires.
 *
 * For a person trying it: open `<url>/start?user=NAME` in a browser to link as Alexa would.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from './escape-html';
import { listenOnLoopback } from './loopback';

export interface AlexaLinkingSettings {
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
  /** Send a PKCE challenge (as Alexa does when PKCE is on in the developer console). */
  readonly pkce?: boolean;
  /** How the client authenticates at the token endpoint (default HTTP Basic). */
  readonly authMethod?: 'client_secret_basic' | 'client_secret_post';
}

export interface LinkedTokens {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresIn: number;
  readonly tokenType: string;
  readonly receivedAt: string;
}

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

function page(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:2rem auto;padding:0 1rem}
.bar{background:#232f3e;color:#fff;padding:.6rem 1rem;font-weight:600}</style></head>
<body><div class="bar">Alexa (local stand-in)</div><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
}

export const LOCAL_VENDOR_ID = 'M2LOCALVENDOR';

export class AlexaLinkingStandIn {
  readonly url: string;
  readonly redirectUri: string;
  private settings: AlexaLinkingSettings | undefined;
  private readonly pending = new Map<string, { user: string; verifier: string | undefined }>();
  private readonly linked = new Map<string, LinkedTokens>();
  private readonly failures = new Map<string, TokenAnswer>();
  private closing: Promise<void> | undefined;

  private constructor(private readonly server: Server) {
    const { address, port } = server.address() as AddressInfo;
    this.url = `http://${address}:${port}`;
    this.redirectUri = `${this.url}/api/skill/link/${LOCAL_VENDOR_ID}`;
    server.on('request', (request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(error instanceof Error ? error.message : 'error');
      });
    });
  }

  /** Starts listening; `configure` it once the account service's URLs are known. */
  static async start(options: { port?: number } = {}): Promise<AlexaLinkingStandIn> {
    const server = createServer();
    await listenOnLoopback(server, options.port ?? 0);
    return new AlexaLinkingStandIn(server);
  }

  configure(settings: AlexaLinkingSettings): void {
    this.settings = settings;
  }

  private config(): AlexaLinkingSettings {
    if (!this.settings) throw new Error('The Alexa linking stand-in is not configured yet');
    return this.settings;
  }

  /** The authorization URL the Alexa app opens for this user. */
  linkUrl(user: string): string {
    const settings = this.config();
    const state = randomBytes(16).toString('base64url');
    const verifier = settings.pkce ? randomBytes(32).toString('base64url') : undefined;
    this.pending.set(state, { user, verifier });
    const url = new URL(settings.authorizationUrl);
    url.searchParams.set('client_id', settings.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', state);
    url.searchParams.set('scope', settings.scope);
    url.searchParams.set('redirect_uri', this.redirectUri);
    if (verifier) {
      url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
      url.searchParams.set('code_challenge_method', 'S256');
    }
    return url.toString();
  }

  tokensFor(user: string): LinkedTokens | undefined {
    return this.linked.get(user);
  }

  /** The token endpoint's error answer, when the exchange for this user failed. */
  failureFor(user: string): TokenAnswer | undefined {
    return this.failures.get(user);
  }

  /** Unlinks on Amazon's side (the customer disabled the skill): Alexa forgets the tokens. */
  forget(user: string): void {
    this.linked.delete(user);
  }

  /** Posts to the token endpoint as Alexa does. */
  async tokenRequest(parameters: Record<string, string>, secret = this.config().clientSecret): Promise<TokenAnswer> {
    const settings = this.config();
    const body = new URLSearchParams(parameters);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if ((settings.authMethod ?? 'client_secret_basic') === 'client_secret_basic') {
      const pair = `${encodeURIComponent(settings.clientId)}:${encodeURIComponent(secret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      body.set('client_id', settings.clientId);
      body.set('client_secret', secret);
    }
    const response = await fetch(settings.tokenUrl, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(4500),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  private keep(user: string, answer: TokenAnswer): LinkedTokens | undefined {
    if (answer.status !== 200 || typeof answer.body.access_token !== 'string') {
      this.failures.set(user, answer);
      return undefined;
    }
    const tokens: LinkedTokens = {
      accessToken: answer.body.access_token,
      refreshToken:
        typeof answer.body.refresh_token === 'string' ? answer.body.refresh_token : this.linked.get(user)?.refreshToken,
      expiresIn: Number(answer.body.expires_in),
      tokenType: String(answer.body.token_type),
      receivedAt: new Date().toISOString(),
    };
    this.linked.set(user, tokens);
    this.failures.delete(user);
    return tokens;
  }

  /** Alexa's refresh when the access token expired; the new refresh token replaces the old one. */
  async refresh(user: string): Promise<LinkedTokens | undefined> {
    const refreshToken = this.linked.get(user)?.refreshToken;
    if (!refreshToken) return undefined;
    return this.keep(user, await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }));
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
    const html = (status: number, title: string, text: string) =>
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(page(title, text));

    if (url.pathname === '/start') {
      response.writeHead(302, { location: this.linkUrl(url.searchParams.get('user') || 'developer') }).end();
      return;
    }
    if (url.pathname !== `/api/skill/link/${LOCAL_VENDOR_ID}`) {
      html(404, 'Not found', 'Open /start to link an account as the Alexa app would.');
      return;
    }
    const state = url.searchParams.get('state') ?? '';
    const pending = this.pending.get(state);
    if (!pending) {
      html(400, 'Linking failed', 'The state parameter does not match a linking this stand-in started.');
      return;
    }
    this.pending.delete(state);
    const code = url.searchParams.get('code');
    if (!code) {
      html(
        200,
        'Account not linked',
        `The account service answered ${url.searchParams.get('error') ?? 'without a code'}.`,
      );
      return;
    }
    const tokens = this.keep(
      pending.user,
      await this.tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.redirectUri,
        ...(pending.verifier ? { code_verifier: pending.verifier } : {}),
      }),
    );
    if (!tokens) {
      html(502, 'Linking failed', 'The token endpoint refused the code.');
      return;
    }
    html(
      200,
      'Green Horizons has been successfully linked.',
      `Linked for the Alexa user "${pending.user}". You can close this window.`,
    );
  }
}
