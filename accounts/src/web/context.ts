/** What the web layer's middlewares put on each request, and the helpers routes share. */
import type { ParameterizedContext } from 'koa';
import type { AccountProfile } from '../contract/profile';
import type { Form } from './forms';
import type { SafeHtml } from './html';
import type { PageContext } from './layout';

export interface AppState {
  page: PageContext;
  profile: AccountProfile | undefined;
  sessionToken: string | undefined;
  form: Form;
}

export type AppContext = ParameterizedContext<AppState>;

export interface CookieNames {
  readonly session: string;
  readonly csrf: string;
  readonly signUp: string;
}

/** `__Host-` cookies (Secure, path /, no Domain) over https; plain names on http://localhost. */
export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}gh_session`, csrf: `${prefix}gh_csrf`, signUp: `${prefix}gh_signup` };
}

/** Writes an HTML page (works on any Koa context: ours, and oidc-provider's for its error pages). */
/**
 * Sets (or, with `maxAgeSeconds` 0, clears) one of our cookies: HttpOnly, SameSite=Lax, path /, Secure over https;
 * without `maxAgeSeconds` it lasts as long as the browser session.
 */
export function setCookie(ctx: AppContext, name: string, value: string, secure: boolean, maxAgeSeconds?: number): void {
  ctx.cookies.set(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    overwrite: true,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds * 1000 }),
  });
}

export function render(ctx: Pick<AppContext, 'status' | 'type' | 'body'>, page: SafeHtml, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = page.value;
}

/** 303 See Other: after a POST, the browser GETs the target. */
export function seeOther(ctx: AppContext, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}

const SAFE_NEXT = /^\/(account(\/orders\/[A-Za-z0-9_-]{1,64}(\/pay)?)?|interaction\/[A-Za-z0-9_-]{8,64})$/;

/** Where to go after signing in: only our own account page or a linking interaction, never another site. */
export function safeNext(value: string | undefined): string | undefined {
  return value && SAFE_NEXT.test(value) ? value : undefined;
}

export const NOTICES: Readonly<Record<string, string>> = {
  welcome: 'Your account is ready.',
  'signed-out': 'You are signed out.',
  'password-changed': 'Your password is changed. Other browsers are signed out.',
  'card-saved': 'Your card is saved.',
  'card-pending': 'Stripe has not finished saving your card yet. Reload this page in a moment.',
  'card-cancelled': 'No card was added.',
  'card-expired': 'That card page expired. Try adding the card again.',
  'card-removed': 'Your card is removed.',
  'voice-code-set': 'Your voice code is set. Alexa will ask for it before every charge.',
  'voice-code-removed': 'Your voice code is removed.',
  unlinked: 'Alexa is unlinked. To buy by voice again, link the account in the Alexa app.',
  'refund-requested': 'Your refund request is recorded. We will email you the answer.',
  refunded: 'Your order is refunded to your card; it shows within five to ten days. We have emailed you.',
  'refund-not-possible': 'A refund cannot be asked for on that order.',
  'plan-cancelled': 'Your monthly plan is cancelled. You will not be charged for it again.',
  'no-plan': 'There is no monthly plan to cancel.',
  deleted: 'Your account is deleted.',
};
