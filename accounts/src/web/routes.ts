/** Signing up, in and out, password reset, and the account page with its actions. */
import type Router from '@koa/router';
import type { AccountProfile } from '../contract/profile';
import type { AccountOrder } from '../contract/records';
import type { AccountService } from '../service';
import { SIGN_UP_SECONDS, WEB_SESSION_SECONDS } from '../store/short-lived';
import {
  type AppContext,
  type AppState,
  type CookieNames,
  NOTICES,
  render,
  safeNext,
  seeOther,
  setCookie,
} from './context';
import {
  accountPage,
  deleteAccountPage,
  homePage,
  messagePage,
  newPasswordPage,
  orderPage,
  passwordResetRequestPage,
  payPage,
  payResultPage,
  signInPage,
  signUpCodePage,
  signUpPage,
} from './pages';

export interface RouteDeps {
  readonly service: AccountService;
  readonly cookies: CookieNames;
  readonly secureCookies: boolean;
  /** The service's public URL (where the bank's page sends the customer back). */
  readonly publicUrl: string;
}

export function startSession(ctx: AppContext, deps: RouteDeps, token: string): void {
  setCookie(ctx, deps.cookies.session, token, deps.secureCookies, WEB_SESSION_SECONDS);
}

export function endSession(ctx: AppContext, deps: RouteDeps): void {
  setCookie(ctx, deps.cookies.session, '', deps.secureCookies, 0);
}

const RATE_LIMITED = 'Too many attempts. Wait a quarter of an hour and try again, or reset your password.';

export function registerAccountRoutes(router: Router<AppState>, deps: RouteDeps): void {
  const { service } = deps;

  /** Account routes: the signed-in account, or off to sign in first. */
  const signedIn =
    (handler: (ctx: AppContext, profile: AccountProfile) => Promise<void> | void) =>
    async (ctx: AppContext): Promise<void> => {
      const profile = ctx.state.profile;
      const back = (ctx.method === 'GET' && safeNext(ctx.path)) || '/account';
      if (!profile) return seeOther(ctx, `/sign-in?next=${encodeURIComponent(back)}`);
      await handler(ctx, profile);
    };

  router.get('/', (ctx) => {
    if (ctx.state.profile) return seeOther(ctx, '/account');
    render(ctx, homePage(ctx.state.page));
  });

  // Signing in --------------------------------------------------------------------------------------------------

  router.get('/sign-in', (ctx) => {
    const next = safeNext(ctx.query.next as string | undefined);
    if (ctx.state.profile) return seeOther(ctx, next ?? '/account');
    const notice = NOTICES[String(ctx.query.notice ?? '')];
    render(ctx, signInPage(ctx.state.page, { action: '/sign-in', next, notice }));
  });

  router.post('/sign-in', async (ctx) => {
    const { email = '', password = '' } = ctx.state.form;
    const next = safeNext(ctx.state.form.next);
    const result = await service.signIn(email, password, ctx.ip);
    if (result.kind !== 'signed-in') {
      const error = result.kind === 'rate-limited' ? RATE_LIMITED : 'That email and password do not match an account.';
      return render(
        ctx,
        signInPage(ctx.state.page, { action: '/sign-in', next, email, error }),
        result.kind === 'rate-limited' ? 429 : 401,
      );
    }
    startSession(ctx, deps, result.sessionToken);
    seeOther(ctx, next ?? '/account');
  });

  router.post('/sign-out', async (ctx) => {
    await service.signOut(ctx.state.sessionToken);
    endSession(ctx, deps);
    seeOther(ctx, '/sign-in?notice=signed-out');
  });

  // Signing up --------------------------------------------------------------------------------------------------

  router.get('/sign-up', (ctx) => {
    render(ctx, signUpPage(ctx.state.page, { next: safeNext(ctx.query.next as string | undefined) }));
  });

  router.post('/sign-up', async (ctx) => {
    const { email = '', password = '' } = ctx.state.form;
    const next = safeNext(ctx.state.form.next);
    const result = await service.signUp(email, password, ctx.ip);
    switch (result.kind) {
      case 'invalid':
        return render(ctx, signUpPage(ctx.state.page, { next, email, problems: result.problems }), 400);
      case 'rate-limited':
        return render(
          ctx,
          signUpPage(ctx.state.page, { next, email, error: 'Too many sign-ups from here. Try again in an hour.' }),
          429,
        );
      case 'email-failed':
        return render(
          ctx,
          signUpPage(ctx.state.page, {
            next,
            email,
            error: 'We could not send the email just now. Try again in a minute.',
          }),
          503,
        );
      case 'code-sent':
        setCookie(ctx, deps.cookies.signUp, result.pendingId, deps.secureCookies, SIGN_UP_SECONDS);
        return seeOther(ctx, next ? `/sign-up/verify?next=${encodeURIComponent(next)}` : '/sign-up/verify');
    }
  });

  const pendingId = (ctx: AppContext) => ctx.cookies.get(deps.cookies.signUp) ?? '';

  router.get('/sign-up/verify', async (ctx) => {
    const next = safeNext(ctx.query.next as string | undefined);
    const email = await service.pendingSignUpEmail(pendingId(ctx));
    if (!email) {
      return render(
        ctx,
        messagePage(ctx.state.page, 'Start again', 'That sign-up has expired.', {
          href: '/sign-up',
          label: 'Create an account',
        }),
        410,
      );
    }
    render(ctx, signUpCodePage(ctx.state.page, { email, next }));
  });

  router.post('/sign-up/verify', async (ctx) => {
    const next = safeNext(ctx.state.form.next);
    const id = pendingId(ctx);
    const email = await service.pendingSignUpEmail(id);
    const result = await service.verifySignUp(id, ctx.state.form.code ?? '');
    switch (result.kind) {
      case 'wrong-code':
        return render(
          ctx,
          signUpCodePage(ctx.state.page, {
            email: email ?? '',
            next,
            error: `That code is not right. ${result.attemptsLeft === 1 ? 'One more try' : `${result.attemptsLeft} more tries`}, then you need to start again.`,
          }),
          400,
        );
      case 'expired':
        return render(
          ctx,
          messagePage(ctx.state.page, 'Start again', 'That code has expired, or was tried too many times.', {
            href: '/sign-up',
            label: 'Create an account',
          }),
          410,
        );
      case 'email-taken':
        return render(
          ctx,
          messagePage(
            ctx.state.page,
            'You already have an account',
            'An account with that email exists. Sign in, or reset your password.',
            { href: '/sign-in', label: 'Sign in' },
          ),
          409,
        );
      case 'created':
        setCookie(ctx, deps.cookies.signUp, '', deps.secureCookies, 0);
        startSession(ctx, deps, result.sessionToken);
        return seeOther(ctx, next ?? '/account?notice=welcome');
    }
  });

  // Password reset ----------------------------------------------------------------------------------------------

  router.get('/password-reset', (ctx) => render(ctx, passwordResetRequestPage(ctx.state.page)));

  router.post('/password-reset', async (ctx) => {
    const result = await service.requestPasswordReset(ctx.state.form.email ?? '', ctx.ip);
    if (result.kind === 'rate-limited') {
      return render(
        ctx,
        passwordResetRequestPage(ctx.state.page, { error: 'Too many requests from here. Try again in an hour.' }),
        429,
      );
    }
    render(
      ctx,
      passwordResetRequestPage(ctx.state.page, {
        notice:
          'If an account uses that email, we have sent it a link to choose a new password. The link works once, for one hour.',
      }),
    );
  });

  router.get('/password-reset/:token', async (ctx) => {
    const token = ctx.params.token ?? '';
    if (!(await service.resetLinkIsValid(token))) {
      return render(
        ctx,
        messagePage(ctx.state.page, 'Link expired', 'That link has expired or was already used.', {
          href: '/password-reset',
          label: 'Get a new link',
        }),
        410,
      );
    }
    render(ctx, newPasswordPage(ctx.state.page, { token }));
  });

  router.post('/password-reset/:token', async (ctx) => {
    const token = ctx.params.token ?? '';
    const result = await service.resetPassword(token, ctx.state.form.password ?? '');
    if (result.kind === 'invalid')
      return render(ctx, newPasswordPage(ctx.state.page, { token, problem: result.problem }), 400);
    if (result.kind === 'invalid-link') {
      return render(
        ctx,
        messagePage(ctx.state.page, 'Link expired', 'That link has expired or was already used.', {
          href: '/password-reset',
          label: 'Get a new link',
        }),
        410,
      );
    }
    startSession(ctx, deps, result.sessionToken);
    seeOther(ctx, '/account?notice=password-changed');
  });

  // The account page --------------------------------------------------------------------------------------------

  const showAccount = async (
    ctx: AppContext,
    profile: AccountProfile,
    messages: { error?: string; voiceCodeProblem?: string } = {},
    status = 200,
  ) => {
    const view = await service.view(profile);
    const notice = NOTICES[String(ctx.query.notice ?? '')];
    render(ctx, accountPage(ctx.state.page, view, { notice, ...messages }), status);
  };

  router.get(
    '/account',
    signedIn((ctx, profile) => showAccount(ctx, profile)),
  );

  router.post(
    '/account/card',
    signedIn(async (ctx, profile) => {
      const result = await service.startCardSetup(profile);
      if (result.kind === 'unavailable')
        return showAccount(ctx, profile, { error: 'Saving a card is not available right now.' }, 503);
      seeOther(ctx, result.url);
    }),
  );

  router.get(
    '/account/card/done',
    signedIn(async (ctx, profile) => {
      const result = await service.finishCardSetup(profile, String(ctx.query.session_id ?? ''));
      const notice = { saved: 'card-saved', open: 'card-pending', expired: 'card-expired', unknown: 'card-pending' }[
        result.kind
      ];
      seeOther(ctx, `/account?notice=${notice}`);
    }),
  );

  router.post(
    '/account/card/remove',
    signedIn(async (ctx, profile) => {
      await service.removeCard(profile);
      seeOther(ctx, '/account?notice=card-removed');
    }),
  );

  router.post(
    '/account/voice-code',
    signedIn(async (ctx, profile) => {
      const result = await service.setVoiceCode(profile, ctx.state.form.code ?? '', ctx.state.form.confirm ?? '');
      if (result.kind === 'invalid') return showAccount(ctx, profile, { voiceCodeProblem: result.problem }, 400);
      seeOther(ctx, '/account?notice=voice-code-set');
    }),
  );

  router.post(
    '/account/voice-code/remove',
    signedIn(async (ctx, profile) => {
      await service.removeVoiceCode(profile);
      seeOther(ctx, '/account?notice=voice-code-removed');
    }),
  );

  router.post(
    '/account/alexa/unlink',
    signedIn(async (ctx, profile) => {
      await service.unlinkAlexa(profile);
      seeOther(ctx, '/account?notice=unlinked');
    }),
  );

  router.post(
    '/account/orders/:orderId/refund',
    signedIn(async (ctx, profile) => {
      const result = await service.requestRefund(profile, ctx.params.orderId ?? '', ctx.state.form.reason);
      const notice = { refunded: 'refunded', requested: 'refund-requested' }[result as string] ?? 'refund-not-possible';
      seeOther(ctx, `/account?notice=${notice}`);
    }),
  );

  // One order, and confirming a payment the bank held for 3-D Secure ---------------------------------------------

  const withOrder = (
    handler: (ctx: AppContext, profile: AccountProfile, order: AccountOrder) => Promise<void> | void,
  ) =>
    signedIn(async (ctx, profile) => {
      const order = await service.order(profile, ctx.params.orderId ?? '');
      if (!order) {
        return render(
          ctx,
          messagePage(ctx.state.page, 'No such order', 'This account has no such order.', {
            href: '/account',
            label: 'Your account',
          }),
          404,
        );
      }
      await handler(ctx, profile, order);
    });

  router.get(
    '/account/orders/:orderId',
    withOrder((ctx, _profile, order) => render(ctx, orderPage(ctx.state.page, order))),
  );

  router.get(
    '/account/orders/:orderId/pay',
    withOrder((ctx, _profile, order) => {
      if (order.status !== 'action-required') return seeOther(ctx, `/account/orders/${order.orderId}`);
      render(ctx, payPage(ctx.state.page, order));
    }),
  );

  router.post(
    '/account/orders/:orderId/pay',
    withOrder(async (ctx, profile, order) => {
      const back = `${deps.publicUrl}/account/orders/${encodeURIComponent(order.orderId)}/paid`;
      const state = await service.confirmPayment(profile, order.orderId, back);
      if (state.kind === 'unavailable') {
        return render(
          ctx,
          messagePage(ctx.state.page, 'Not available', 'Payments cannot be confirmed right now.'),
          503,
        );
      }
      if (state.kind === 'redirect') return seeOther(ctx, state.url);
      render(ctx, payResultPage(ctx.state.page, order, state), state.kind === 'failed' ? 402 : 200);
    }),
  );

  router.get(
    '/account/orders/:orderId/paid',
    withOrder(async (ctx, profile, order) => {
      const state = await service.paymentState(profile, order.orderId);
      if (state.kind === 'unavailable') {
        return render(ctx, messagePage(ctx.state.page, 'Not available', 'Payments cannot be read right now.'), 503);
      }
      render(ctx, payResultPage(ctx.state.page, order, state));
    }),
  );

  router.post(
    '/account/plan/cancel',
    signedIn(async (ctx, profile) => {
      seeOther(ctx, `/account?notice=${(await service.cancelPlan(profile)) ? 'plan-cancelled' : 'no-plan'}`);
    }),
  );

  router.get(
    '/account/delete',
    signedIn((ctx) => render(ctx, deleteAccountPage(ctx.state.page))),
  );

  router.post(
    '/account/delete',
    signedIn(async (ctx, profile) => {
      const result = await service.deleteAccount(profile, ctx.state.form.password ?? '');
      if (result === 'wrong-password') {
        return render(
          ctx,
          deleteAccountPage(ctx.state.page, { error: 'That password is not right. Your account is not deleted.' }),
          401,
        );
      }
      endSession(ctx, deps);
      render(
        ctx,
        messagePage(
          { ...ctx.state.page, signedInEmail: undefined },
          'Your account is deleted',
          'Your account and its data are deleted, your card is removed from Stripe, and Alexa is unlinked.',
          { href: '/', label: 'Back to the start' },
        ),
      );
    }),
  );
}
