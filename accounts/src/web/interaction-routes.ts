/**
 * The pages the Alexa app shows while linking: oidc-provider sends the browser to /interaction/<uid> when it needs
 * the customer to sign in (login prompt) or to allow Alexa (consent prompt); these routes resolve the prompt and
 * hand the result back to oidc-provider, which redirects to Alexa's redirect URI with the code.
 */
import type Router from '@koa/router';
import type Provider from 'oidc-provider';
import { errors, type InteractionResults } from 'oidc-provider';
import type { AccountService } from '../service';
import type { AccountStore } from '../store/account-store';
import { type AppContext, type AppState, render, seeOther } from './context';
import { consentPage, continueAsPage, messagePage, signInPage } from './pages';
import { endSession, type RouteDeps, startSession } from './routes';

export interface InteractionDeps extends RouteDeps {
  readonly provider: Provider;
  readonly accounts: AccountStore;
  readonly service: AccountService;
}

function expired(ctx: AppContext): void {
  render(
    ctx,
    messagePage(ctx.state.page, 'Linking timed out', 'This linking page has expired. Start again from the Alexa app.', {
      href: '/account',
      label: 'Go to your account',
    }),
    400,
  );
}

export function registerInteractionRoutes(router: Router<AppState>, deps: InteractionDeps): void {
  const { provider, service } = deps;

  /** Runs a handler with the interaction's details; an unknown or expired interaction gets the timed-out page. */
  const withInteraction =
    (handler: (ctx: AppContext, details: Awaited<ReturnType<Provider['interactionDetails']>>) => Promise<void>) =>
    async (ctx: AppContext) => {
      let details: Awaited<ReturnType<Provider['interactionDetails']>>;
      try {
        details = await provider.interactionDetails(ctx.req, ctx.res);
      } catch (error) {
        if (error instanceof errors.SessionNotFound) return expired(ctx);
        throw error;
      }
      if (details.uid !== ctx.params.uid) return expired(ctx);
      ctx.set('cache-control', 'no-store');
      await handler(ctx, details);
    };

  const finish = async (ctx: AppContext, result: InteractionResults, merge: boolean) => {
    const redirectTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: merge });
    seeOther(ctx, redirectTo);
  };

  router.get(
    '/interaction/:uid',
    withInteraction(async (ctx, details) => {
      const uid = details.uid;
      if (details.prompt.name === 'login') {
        const profile = ctx.state.profile;
        if (profile) return render(ctx, continueAsPage(ctx.state.page, { uid, email: profile.email }));
        return render(
          ctx,
          signInPage(ctx.state.page, {
            title: 'Link Alexa to Green Horizons',
            intro: 'Sign in to your Green Horizons account to link it to Alexa, or create one.',
            action: `/interaction/${uid}/sign-in`,
            next: `/interaction/${uid}`,
          }),
        );
      }
      if (details.prompt.name === 'consent') {
        const accountId = details.session?.accountId;
        const profile = accountId ? await deps.accounts.get(accountId) : undefined;
        if (!profile) return expired(ctx);
        return render(ctx, consentPage(ctx.state.page, { uid, email: profile.email }));
      }
      return expired(ctx);
    }),
  );

  router.post(
    '/interaction/:uid/sign-in',
    withInteraction(async (ctx, details) => {
      if (details.prompt.name !== 'login') return expired(ctx);
      const { email = '', password = '' } = ctx.state.form;
      const result = await service.signIn(email, password, ctx.ip);
      if (result.kind !== 'signed-in') {
        const error =
          result.kind === 'rate-limited'
            ? 'Too many attempts. Wait a quarter of an hour and try again.'
            : 'That email and password do not match an account.';
        return render(
          ctx,
          signInPage(ctx.state.page, {
            title: 'Link Alexa to Green Horizons',
            action: `/interaction/${details.uid}/sign-in`,
            next: `/interaction/${details.uid}`,
            email,
            error,
          }),
          result.kind === 'rate-limited' ? 429 : 401,
        );
      }
      startSession(ctx, deps, result.sessionToken);
      await finish(ctx, { login: { accountId: result.accountId } }, false);
    }),
  );

  router.post(
    '/interaction/:uid/continue',
    withInteraction(async (ctx, details) => {
      const profile = ctx.state.profile;
      if (details.prompt.name !== 'login' || !profile) return seeOther(ctx, `/interaction/${details.uid}`);
      await finish(ctx, { login: { accountId: profile.accountId } }, false);
    }),
  );

  router.post(
    '/interaction/:uid/switch',
    withInteraction(async (ctx, details) => {
      await service.signOut(ctx.state.sessionToken);
      endSession(ctx, deps);
      seeOther(ctx, `/interaction/${details.uid}`);
    }),
  );

  router.post(
    '/interaction/:uid/consent',
    withInteraction(async (ctx, details) => {
      const accountId = details.session?.accountId;
      if (details.prompt.name !== 'consent' || !accountId) return expired(ctx);
      const clientId = String(details.params.client_id);
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId });
      if (!grant) return expired(ctx);
      const missing = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(resource, scopes.join(' '));
      }
      const grantId = await grant.save();
      await finish(ctx, { consent: details.grantId ? {} : { grantId } }, true);
    }),
  );

  router.post(
    '/interaction/:uid/deny',
    withInteraction(async (ctx) => {
      await finish(ctx, { error: 'access_denied', error_description: 'The customer did not allow linking' }, false);
    }),
  );
}
