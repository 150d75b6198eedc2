/**
 * The OAuth 2.0 authorization server Alexa links accounts with: oidc-provider (OpenID Certified), configured for
 * the authorization code grant only, for one confidential client (Alexa, from configuration):
 *
 * - the token endpoint authenticates Alexa with its client secret (HTTP Basic by default, as the console offers);
 * - PKCE (S256) is verified whenever the authorization request carried a code_challenge, and required for public
 *   clients; for Alexa it is required only with ALEXA_REQUIRE_PKCE (turn it on when PKCE is on in the developer
 *   console: Alexa sends a code_challenge only then);
 * - access tokens are RFC 9068 JWTs (ES256, key in /jwks) for one resource, the audience the skill checks, with
 *   the account ID as `sub`, living ACCESS_TOKEN_TTL_SECONDS (at least an hour; Alexa needs 360 s);
 * - every token response carries a refresh token, rotated on every use (a reused one revokes the whole grant);
 * - tokens never expire with the browser session (Alexa keeps them long after the Alexa app closed the page);
 * - discovery at /.well-known/openid-configuration; no dynamic registration, no implicit grant, no dev pages.
 */
import Provider, {
  type AdapterConstructor,
  type Configuration,
  errors,
  type JWK,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { AlexaClientConfig } from '../config';
import type { AccountProfile } from '../contract/profile';
import { OFFSETS_SCOPE } from '../contract/token-verifier';

export interface ProviderOptions {
  readonly issuer: string;
  readonly alexa: AlexaClientConfig;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlDays: number;
  readonly signingKeys: readonly JWK[];
  readonly cookieKeys: readonly string[];
  readonly adapter: AdapterConstructor;
  readonly findProfile: (accountId: string) => Promise<AccountProfile | undefined>;
  /** Renders oidc-provider's own error pages (a bad client_id or redirect_uri never redirects). */
  readonly renderError: (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => void;
  /** Behind a TLS-terminating proxy (Lambda function URL): trust X-Forwarded-Proto. */
  readonly behindProxy: boolean;
}

const DAY = 24 * 60 * 60;

export function createProvider(options: ProviderOptions): Provider {
  const { alexa } = options;
  const secureCookies = options.issuer.startsWith('https:');
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, ...(secureCookies ? { secure: true } : {}) };

  const configuration: Configuration = {
    adapter: options.adapter,
    clients: [
      {
        client_id: alexa.clientId,
        client_secret: alexa.clientSecret,
        client_name: 'Alexa: the Green Horizons skill',
        redirect_uris: [...alexa.redirectUris],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: alexa.tokenEndpointAuthMethod,
        id_token_signed_response_alg: 'ES256',
      },
    ],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access', OFFSETS_SCOPE],
    claims: { openid: ['sub'] },
    jwks: { keys: [...options.signingKeys] },
    cookies: {
      keys: [...options.cookieKeys],
      long: cookieOptions,
      short: cookieOptions,
      names: { session: 'gh_oidc_session', interaction: 'gh_oidc_interaction', resume: 'gh_oidc_resume' },
    },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    features: {
      devInteractions: { enabled: false },
      // Alexa never calls these; fewer endpoints, less to attack.
      introspection: { enabled: false },
      revocation: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== options.audience) throw new errors.InvalidTarget('unknown resource');
          return {
            scope: OFFSETS_SCOPE,
            audience: options.audience,
            accessTokenTTL: options.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    pkce: {
      required: (_ctx, client) =>
        client.clientAuthMethod === 'none' || (client.clientId === alexa.clientId && alexa.requirePkce),
    },
    async findAccount(_ctx, sub) {
      const profile = await options.findProfile(sub);
      if (!profile) return undefined;
      return { accountId: profile.accountId, claims: () => ({ sub: profile.accountId }) };
    },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    expiresWithSession: () => false,
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 120,
      RefreshToken: options.refreshTokenTtlDays * DAY,
      Grant: 5 * 365 * DAY,
      Session: 14 * DAY,
      Interaction: 60 * 60,
      IdToken: 60 * 60,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out) => options.renderError(ctx, out),
  };

  const provider = new Provider(options.issuer, configuration);
  provider.proxy = options.behindProxy;
  return provider;
}

/** Revokes a grant and every code and token issued under it. */
export async function revokeGrant(provider: Provider, grantId: string): Promise<void> {
  await Promise.all([
    provider.AccessToken.revokeByGrantId(grantId),
    provider.RefreshToken.revokeByGrantId(grantId),
    provider.AuthorizationCode.revokeByGrantId(grantId),
  ]);
  const grant = await provider.Grant.find(grantId);
  await grant?.destroy();
}
