/**
 * The account service as one Koa application: our pages (sign-up, sign-in, the account page, the linking pages)
 * and, for every other path, oidc-provider (itself a Koa application: /auth, /token, /jwks, discovery). Koa is
 * already oidc-provider's own framework, so the pages share its request model and add no second framework; the
 * same `callback()` serves node:http locally and the Lambda function URL through serverless-http.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import type Provider from 'oidc-provider';
import { type AccountsLogger, describeError } from '../logger';
import type { AccountService } from '../service';
import type { AccountStore } from '../store/account-store';
import { type AppContext, type AppState, cookieNames, render, setCookie } from './context';
import { csrfToken, csrfTokenMatches, newCsrfSecret, sameOriginRequest } from './csrf';
import { FormError, readForm } from './forms';
import { registerInteractionRoutes } from './interaction-routes';
import { messagePage } from './pages';
import { registerAccountRoutes } from './routes';
import { SITE_CSS } from './style';

export interface WebAppOptions {
  readonly publicUrl: string;
  readonly provider: Provider;
  readonly service: AccountService;
  readonly accounts: AccountStore;
  readonly csrfKeys: readonly Buffer[];
  /** Origins a form may end up at after our redirect: Alexa's redirect URIs and Stripe's card page. */
  readonly formTargets: readonly string[];
  readonly behindProxy: boolean;
  readonly logger: AccountsLogger;
}

const BLANK_PAGE = { csrf: '', signedInEmail: undefined };

export function createWebApp(options: WebAppOptions): Koa<AppState> {
  const { provider, service, logger } = options;
  const origin = new URL(options.publicUrl).origin;
  const secureCookies = origin.startsWith('https:');
  const cookies = cookieNames(secureCookies);
  const csp = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${[...new Set(options.formTargets.map((target) => new URL(target).origin))].join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

  const app = new Koa<AppState>();
  app.proxy = options.behindProxy;
  // Behind the function URL, the last X-Forwarded-For entry is the one AWS added: the only one to trust.
  app.maxIpsCount = 1;

  // One log line per request, without query strings (codes, tokens) or anything personal.
  app.use(async (ctx, next) => {
    const started = Date.now();
    try {
      await next();
    } catch (error) {
      logger.error('request failed', {
        method: ctx.method,
        path: ctx.path.split('/').slice(0, 3).join('/'),
        ...describeError(error),
      });
      if (!ctx.headerSent) {
        ctx.state.page ??= BLANK_PAGE;
        render(
          ctx,
          messagePage(
            ctx.state.page,
            'Something went wrong',
            'Sorry, that did not work. Please try again in a moment.',
          ),
          500,
        );
      }
    } finally {
      logger.info('request', {
        method: ctx.method,
        route: ctx.path.startsWith('/interaction/')
          ? '/interaction/:uid'
          : ctx.path
              .replace(/^\/password-reset\/.+$/, '/password-reset/:token')
              .replace(/^\/account\/orders\/[^/]+/, '/account/orders/:id'),
        status: ctx.status,
        ms: Date.now() - started,
      });
    }
  });

  app.use(async (ctx, next) => {
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('referrer-policy', 'no-referrer');
    if (secureCookies) ctx.set('strict-transport-security', 'max-age=31536000');
    await next();
  });

  const router = new Router<AppState>();

  router.get('/static/site.css', (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('cache-control', 'public, max-age=3600');
    ctx.body = SITE_CSS;
  });
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  // Every page: security headers, the CSRF cookie and token, the signed-in account; every POST: form and CSRF.
  const pages = async (ctx: AppContext, next: () => Promise<unknown>) => {
    ctx.set('content-security-policy', csp);
    ctx.set('x-frame-options', 'DENY');
    ctx.set('cache-control', 'no-store');
    let secret = ctx.cookies.get(cookies.csrf);
    if (!secret || !/^[A-Za-z0-9_-]{43}$/.test(secret)) {
      secret = newCsrfSecret();
      setCookie(ctx, cookies.csrf, secret, secureCookies);
    }
    const sessionToken = ctx.cookies.get(cookies.session) || undefined;
    const profile = await service.sessionAccount(sessionToken);
    ctx.state.sessionToken = sessionToken;
    ctx.state.profile = profile;
    ctx.state.page = { csrf: csrfToken(options.csrfKeys[0] as Buffer, secret), signedInEmail: profile?.email };
    ctx.state.form = {};
    if (ctx.method === 'POST') {
      try {
        ctx.state.form = await readForm(ctx.req, ctx.get('content-type'));
      } catch (error) {
        if (!(error instanceof FormError)) throw error;
        return render(ctx, messagePage(ctx.state.page, 'That did not work', error.message), error.status);
      }
      const fresh = ctx.cookies.get(cookies.csrf);
      if (!sameOriginRequest(ctx.headers, origin) || !csrfTokenMatches(options.csrfKeys, fresh, ctx.state.form._csrf)) {
        return render(
          ctx,
          messagePage(ctx.state.page, 'That form has expired', 'Go back, reload the page and try again.', {
            href: '/account',
            label: 'Go to your account',
          }),
          403,
        );
      }
    }
    await next();
  };

  const pageRouter = new Router<AppState>();
  pageRouter.use(pages);
  const deps = { service, cookies, secureCookies, publicUrl: options.publicUrl };
  registerAccountRoutes(pageRouter, deps);
  registerInteractionRoutes(pageRouter, { ...deps, provider, accounts: options.accounts });

  app.use(router.routes());
  app.use(pageRouter.routes());
  app.use(pageRouter.allowedMethods());

  // Everything else is oidc-provider's: it writes its own responses.
  const providerCallback = provider.callback();
  app.use(async (ctx) => {
    ctx.respond = false;
    await providerCallback(ctx.req, ctx.res);
  });

  return app;
}

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => Promise<void>;
