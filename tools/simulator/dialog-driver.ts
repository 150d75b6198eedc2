/**
 * Drives the skill the way Alexa would: utterances resolved through the interaction model, request envelopes built
 * by virtual-alexa, sessions opened and closed as on a device, state in a local DynamoDB (dynalite), the Alexa
 * in-skill products API and the Amazon Pay API played by local stand-ins. Shared by the simulator (`npm start`) and
 * dialog tests.
 *
 * The skill is built from source by default (`createSkill` with the driver's configuration and any injected ports):
 * nothing is read from or written to process.env. With `bundlePath` it loads a built bundle instead, as Lambda does:
 * the bundle reads its configuration from process.env when it loads, so the driver sets the variables for it and
 * restores them on `stop()`.
 *
 * Amazon Pay: by default the skill loads with a sandbox seller (offsets on) and the monthly job's AMAZON_PAY_API_URL
 * pointing at the stand-in (`amazonPayApi`). A Setup answered with a billing agreement opens (or, unless OPEN,
 * closes) that agreement on the stand-in, as Amazon's own records would, so the monthly job can charge it.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Directive, interfaces, RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import type { VirtualAlexa } from 'virtual-alexa';
import type { LocalAccounts } from '../../accounts/local/start-locally';
import { type Config, loadConfig } from '../../lambda/src/app/config';
import { createSkill, type SkillOverrides } from '../../lambda/src/app/create-skill';
import type { MonthlyRunSummary } from '../../lambda/src/features/offsets';
import { AmazonPayApiStandIn } from '../stand-ins/amazon-pay-api';
import { InSkillProductsApi, tokenFor } from '../stand-ins/in-skill-products-api';
import { type LocalDynamoDb, startLocalDynamoDb } from '../stand-ins/local-dynamodb';
import { findProjectRoot } from '../stand-ins/project-root';
import { loadFresh } from './fresh-module';
import { withLogCapture } from './skill-logs';
import { parseSpokenInput } from './spoken-input';
import { type TurnResult, toTurnResult } from './turn-result';
import { type ElicitedSlot, type ResolvedIntent, UtteranceResolver } from './utterance-resolver';
import { loadVirtualAlexa } from './virtual-alexa-loader';

export type { MonthlyRunSummary } from '../../lambda/src/features/offsets';
export type { SkillLogEntry } from './skill-logs';
export type { TurnCard, TurnResult } from './turn-result';
export type { ElicitedSlot, ResolvedIntent } from './utterance-resolver';

/** The slot the skill asked for with Dialog.ElicitSlot, and the values of the intent's other slots Alexa keeps. */
export interface Elicitation extends ElicitedSlot {
  readonly slots: Readonly<Record<string, string>>;
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type PermissionStatus = 'GRANTED' | 'DENIED';
export type SendRequestDirective = interfaces.connections.SendRequestDirective;

/** The Amazon Pay settings the driver gives the skill unless told otherwise (see `offsets`). */
export const SANDBOX_AMAZON_PAY = {
  sellerId: 'A2SANDBOXSELLER01',
  sandboxCustomerEmail: 'sandbox-buyer@example.com',
} as const;

/** The permission Amazon Pay for Alexa Skills needs. */
export const AMAZON_PAY_SCOPE = 'payments:autopay_consent';

export interface DialogDriverOptions {
  /** Default `amzn1.ask.account.dialog-driver`. */
  readonly userId?: string;
  /** Default en-US. */
  readonly locale?: string;
  /** The applicationId in requests, and SKILL_ID for the skill (so its check runs). */
  readonly skillId?: string;
  /** Default `green-horizons-local`. */
  readonly tableName?: string;
  /** The skill's LOG_LEVEL; default INFO (the lines are captured, see captureLogs). */
  readonly logLevel?: LogLevel;
  /** Collect the skill's JSON log lines into each TurnResult instead of printing them; default true. */
  readonly captureLogs?: boolean;
  /** The skill's ALEXA_API_TIMEOUT_MS (its default when unset). */
  readonly alexaApiTimeoutMs?: number;
  /**
   * Offsets through Amazon Pay; default true: AMAZON_PAY_SELLER_ID, AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL (sandbox mode)
   * and AMAZON_PAY_API_URL (the stand-in) are set. False unsets all three (the feature is off).
   */
  readonly offsets?: boolean;
  /** More configuration variables for the skill, over the driver's; undefined unsets one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Variables under the driver's own (the simulator passes process.env, so a developer can set OFFSET_PROVIDER and
   * the like); default none, so tests see only what they set.
   */
  readonly baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Ports to inject instead of the ones built from configuration (from source only). */
  readonly overrides?: SkillOverrides;
  /**
   * Sell offsets on the linked-card rail of this account service (started with `startAccountsLocally`, sharing the
   * driver's DynamoDB): PAYMENT_RAIL=linked-card with its URL, table, pepper, Stripe stand-in and SES stand-in, and each
   * request carries the access token Alexa holds for the customer (`accounts.alexa`, refreshed when it runs out, as
   * Alexa does). Without it, offsets go through Amazon Pay's sandbox (see `offsets`).
   */
  readonly linkedCard?: LocalAccounts;
  /** Permission scopes the customer has answered, e.g. { 'payments:autopay_consent': 'GRANTED' }; default none. */
  readonly permissions?: Readonly<Record<string, PermissionStatus>>;
  /** Use this DynamoDB-compatible server instead of starting a dynalite (the driver will not stop it). */
  readonly dynamoDbEndpoint?: string;
  /** Use this in-skill products stand-in instead of starting one (the driver will not close it). */
  readonly products?: InSkillProductsApi;
  /**
   * Use this Amazon Pay API stand-in instead of starting one (the driver will not close it). One the driver starts
   * checks the SellerId against AMAZON_PAY_SELLER_ID.
   */
  readonly amazonPayApi?: AmazonPayApiStandIn;
  /**
   * Whether a Setup answered with a billing agreement opens it on the Amazon Pay API stand-in (closes it unless
   * OPEN); default true. Opening sets no monthly limit: for one, call `amazonPayApi.openBillingAgreement(id,
   * { periodicLimit })` after the answer (the driver opens an agreement again only when it goes from not OPEN to OPEN).
   */
  readonly syncBillingAgreements?: boolean;
  readonly projectRoot?: string;
  /**
   * A built bundle to drive instead of the skill from source: `lambda/dist/index.js` (run `npm run build` first),
   * or any file exporting `handler` (and `monthlyChargesHandler`).
   */
  readonly bundlePath?: string;
  /** Default `skill-package/interactionModels/custom/<locale>.json`. */
  readonly interactionModelPath?: string;
}

/** Where a raw request goes: the open session (opening one if none), a new session, or outside any session. */
export type SessionMode = 'continue' | 'new' | 'none';

export interface SendOptions {
  /** Default: by request type (Connections.Response: new; Launch: new; Intent, SessionEnded: continue; else none). */
  readonly session?: SessionMode;
  /** Edits the whole envelope last, after the driver filled it in (for malformed-request tests). */
  readonly editEnvelope?: (envelope: Record<string, unknown>) => void;
}

/** Amazon's answer to a Connections.SendRequest; name and token default to the last such directive's. */
export interface ConnectionAnswer {
  readonly name?: string;
  readonly status?: { readonly code: string | number; readonly message: string };
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly token?: string;
}

/** The skill's handler threw (Alexa would see a failed invocation). */
export class SkillInvocationError extends Error {
  override readonly name = 'SkillInvocationError';
  constructor(
    cause: unknown,
    readonly request: RequestEnvelope | undefined,
    readonly logs: TurnResult['logs'],
  ) {
    super(`The skill failed the request: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The customer said something outside a session: Alexa would not pass it to the skill. */
export class NoSessionError extends Error {
  override readonly name = 'NoSessionError';
}

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

const SESSION_REQUEST_TYPES = new Set([
  'LaunchRequest',
  'IntentRequest',
  'SessionEndedRequest',
  'CanFulfillIntentRequest',
]);
const NEW_SESSION_REQUEST_TYPES = new Set(['LaunchRequest', 'Connections.Response']);

interface Owned {
  readonly dynamoDb: LocalDynamoDb | undefined;
  readonly products: InSkillProductsApi | undefined;
  readonly amazonPayApi: AmazonPayApiStandIn | undefined;
}

interface Loaded {
  readonly handler: Handler;
  /** The monthly Charge Later job, when the skill has one. */
  readonly monthlyJob: (() => Promise<unknown>) | undefined;
  /** The bundle driven, or undefined for the skill built from source. */
  readonly bundlePath: string | undefined;
  /** The configuration the skill was built with (from source), or read from the environment (a bundle). */
  readonly config: Config | undefined;
  readonly restoreEnv: () => void;
}

/** What start() assembles for the constructor. */
interface DriverParts {
  readonly alexa: VirtualAlexa;
  readonly owned: Owned;
  readonly restoreEnv: () => void;
  readonly products: InSkillProductsApi;
  readonly amazonPayApi: AmazonPayApiStandIn;
  readonly skill: Loaded;
  readonly syncBillingAgreements: boolean;
  readonly dynamoDbEndpoint: string;
  readonly interactionModel: unknown;
  readonly locale: string;
  readonly skillId: string;
  readonly userId: string;
  readonly captureLogs: boolean;
  readonly permissions: Readonly<Record<string, PermissionStatus>>;
  readonly linkedCard: LocalAccounts | undefined;
}

export class DialogDriver {
  readonly products: InSkillProductsApi;
  /** The Amazon Pay API stand-in the monthly job charges through (AMAZON_PAY_API_URL). */
  readonly amazonPayApi: AmazonPayApiStandIn;
  readonly dynamoDbEndpoint: string;
  /** The interaction model JSON the driver resolves utterances with. */
  readonly interactionModel: unknown;
  readonly invocationName: string;
  readonly locale: string;
  readonly skillId: string;
  private readonly alexa: VirtualAlexa;
  private readonly resolver: UtteranceResolver;
  private user: string;
  private readonly scopes: Map<string, PermissionStatus>;
  private last: SendRequestDirective | undefined;
  private pending: SendRequestDirective | undefined;
  private elicited: Elicitation | undefined;
  private sentRequest: RequestEnvelope | undefined;
  private receivedResponse: ResponseEnvelope | undefined;
  private turnLogs: TurnResult['logs'] = [];
  private lastJobLogs: TurnResult['logs'] = [];
  private readonly agreements = new Map<string, string>();
  private envelopeEdit: SendOptions['editEnvelope'];
  /** The access token Alexa holds for the current customer (linked card), read before each turn. */
  private accessToken: string | undefined;
  private stopped: Promise<void> | undefined;

  private constructor(private readonly parts: DriverParts) {
    this.alexa = parts.alexa;
    this.products = parts.products;
    this.amazonPayApi = parts.amazonPayApi;
    this.dynamoDbEndpoint = parts.dynamoDbEndpoint;
    this.interactionModel = parts.interactionModel;
    this.invocationName = invocationNameOf(parts.interactionModel);
    this.resolver = new UtteranceResolver(parts.interactionModel);
    this.locale = parts.locale;
    this.skillId = parts.skillId;
    this.user = parts.userId;
    this.scopes = new Map(Object.entries(parts.permissions));
    this.prepareDevice();
  }

  static async start(options: DialogDriverOptions = {}): Promise<DialogDriver> {
    const root = options.projectRoot ?? findProjectRoot();
    const locale = options.locale ?? 'en-US';
    const skillId = options.skillId ?? 'amzn1.ask.skill.green-horizons-local';
    const modelPath =
      options.interactionModelPath ?? join(root, 'skill-package/interactionModels/custom', `${locale}.json`);
    const interactionModel: unknown = JSON.parse(readFileSync(modelPath, 'utf8'));
    const owned = await startServers(options);
    let restoreEnv: (() => void) | undefined;
    try {
      const products = options.products ?? owned.products;
      const amazonPayApi = options.amazonPayApi ?? owned.amazonPayApi;
      const dynamoDbEndpoint = options.dynamoDbEndpoint ?? options.linkedCard?.dynamoDbEndpoint ?? owned.dynamoDb?.url;
      if (!products || !amazonPayApi || !dynamoDbEndpoint) throw new Error('The local servers did not start');
      const skill = loadSkill(options, root, skillId, { dynamoDbEndpoint, amazonPayApiUrl: amazonPayApi.url });
      const { handler } = skill;
      restoreEnv = skill.restoreEnv;
      const { VirtualAlexa } = loadVirtualAlexa();
      let driver: DialogDriver | undefined;
      const alexa = VirtualAlexa.Builder()
        .handler((event: unknown, context: unknown) => {
          if (!driver) throw new Error('The dialog driver is not ready');
          return driver.invoke(handler, event, context);
        })
        .interactionModel(interactionModel)
        .applicationID(skillId)
        .locale(locale)
        .create();
      driver = new DialogDriver({
        alexa,
        owned,
        restoreEnv: skill.restoreEnv,
        products,
        amazonPayApi,
        skill,
        syncBillingAgreements: options.syncBillingAgreements ?? true,
        dynamoDbEndpoint,
        interactionModel,
        locale,
        skillId,
        userId: options.userId ?? 'amzn1.ask.account.dialog-driver',
        captureLogs: options.captureLogs ?? true,
        permissions: options.permissions ?? {},
        linkedCard: options.linkedCard,
      });
      return driver;
    } catch (error) {
      restoreEnv?.();
      await closeOwned(owned);
      throw error;
    }
  }

  get userId(): string {
    return this.user;
  }

  /** Whether a session is open (Alexa is listening for the customer). */
  get sessionOpen(): boolean {
    return this.alexa.context().activeSession();
  }

  /** The most recent Connections.SendRequest directive the skill returned. */
  get lastDirective(): SendRequestDirective | undefined {
    return this.last;
  }

  /** The Connections.SendRequest of the last turn, while it has not been answered. */
  get pendingConnection(): SendRequestDirective | undefined {
    return this.pending;
  }

  /** The slot the last turn asked for (Dialog.ElicitSlot), while it has not been answered. */
  get elicitation(): Elicitation | undefined {
    return this.elicited;
  }

  /** Billing agreements Amazon's side has given out through Setup answers, with their status. */
  get billingAgreements(): ReadonlyMap<string, string> {
    return this.agreements;
  }

  /** The skill's log lines from the last runMonthlyJob (captured like a turn's). */
  get jobLogs(): TurnResult['logs'] {
    return this.lastJobLogs;
  }

  /** Whether the skill has the monthly job (a bundle: whether it exports `monthlyChargesHandler`). */
  get hasMonthlyJob(): boolean {
    return this.parts.skill.monthlyJob !== undefined;
  }

  /** The skill's configuration (undefined for a bundle that is not the Green Horizons skill). */
  get config(): Config | undefined {
    return this.parts.skill.config;
  }

  /** The virtual-alexa instance, for what the driver does not cover. */
  get virtualAlexa(): VirtualAlexa {
    return this.alexa;
  }

  /** "Alexa, open green horizons": a LaunchRequest in a new session. */
  launch(): Promise<TurnResult> {
    return this.turn('new', (alexa) => alexa.launch());
  }

  /**
   * What the customer says, resolved as Alexa would: "open/launch green horizons" launches, "ask green horizons
   * (to|for|about) …" is a one-shot request in a new session, "exit" ends the session, anything else goes through
   * the interaction model within the open session (AMAZON.FallbackIntent when nothing matches). With
   * `newSessionIfClosed`, an utterance with no session open is sent as a one-shot request in a new session.
   */
  async say(utterance: string, options: { readonly newSessionIfClosed?: boolean } = {}): Promise<TurnResult> {
    const spoken = parseSpokenInput(utterance, this.invocationName);
    switch (spoken.kind) {
      case 'launch':
        return this.launch();
      case 'exit': {
        const ended = await this.endSession();
        if (!ended) throw new NoSessionError('"exit" with no open session: Alexa would not pass it to the skill.');
        return ended;
      }
      case 'one-shot':
        return this.resolvedIntent(spoken.utterance, 'new');
      case 'utterance':
        if (!this.sessionOpen && options.newSessionIfClosed) return this.resolvedIntent(spoken.utterance, 'new');
        if (!this.sessionOpen) {
          throw new NoSessionError(
            `"${utterance}" with no open session: Alexa would not pass it to the skill. ` +
              `Say "open ${this.invocationName}" or "ask ${this.invocationName} …" first.`,
          );
        }
        return this.resolvedIntent(spoken.utterance, 'continue');
    }
  }

  /**
   * The intent and slot values the interaction model gives an utterance (AMAZON.FallbackIntent when no sample
   * fits), without sending anything. virtual-alexa's own utter() is not used: it takes any phrase containing "ask",
   * "open", "tell" or "launch" (even "what can I tell you") for a launch request.
   */
  resolve(utterance: string): ResolvedIntent {
    const resolved = this.resolver.resolve(utterance, this.elicited);
    if (resolved) return resolved;
    if (this.resolver.intents.includes('AMAZON.FallbackIntent')) {
      return { intent: 'AMAZON.FallbackIntent', slots: {}, sample: undefined };
    }
    throw new Error(`No intent of the interaction model matches "${utterance}" and it has no AMAZON.FallbackIntent`);
  }

  /**
   * An IntentRequest in the open session (or a new one), with slots as spoken values. While the skill is eliciting a
   * slot of this intent, Alexa keeps the intent's other slots (those of the ElicitSlot directive's updatedIntent).
   */
  intent(name: string, slots?: Readonly<Record<string, string>>): Promise<TurnResult> {
    const kept = this.elicited?.intent === name ? this.elicited.slots : {};
    const all = { ...kept, ...slots };
    return this.turn('continue', (alexa) => alexa.intend(name, Object.keys(all).length > 0 ? all : undefined));
  }

  /**
   * Any request body (Connections.Response, AlexaSkillEvent.*, something malformed) in a proper envelope:
   * requestId, timestamp and locale are filled in unless given.
   */
  send(request: Readonly<Record<string, unknown>>, options: SendOptions = {}): Promise<TurnResult> {
    const type = typeof request.type === 'string' ? request.type : '';
    const mode = options.session ?? defaultSessionMode(type);
    return this.turn(
      mode,
      (alexa) => {
        const built = alexa.request();
        const defaults = requestDefaults(built.json());
        if (mode !== 'none') built.requestType('IntentRequest'); // only to get virtual-alexa's session object
        return built.set('request', { ...defaults, ...request }).send();
      },
      options.editEnvelope,
    );
  }

  /** The customer ends the session ("exit", or walking away): a SessionEndedRequest. Undefined if none is open. */
  async endSession(): Promise<TurnResult | undefined> {
    if (!this.sessionOpen) return undefined;
    return this.turn('continue', (alexa) => alexa.endSession());
  }

  /** Plays Amazon's side of a purchase: a Connections.Response in a new session, as Alexa sends it. */
  async answerConnection(answer: ConnectionAnswer): Promise<TurnResult> {
    const basis = this.pending ?? this.last;
    const name = answer.name ?? basis?.name;
    if (!name) throw new Error('answerConnection needs a name: no Connections.SendRequest has come back yet');
    const token = answer.token ?? basis?.token;
    const status = answer.status ?? { code: '200', message: 'OK' };
    if (name === 'Setup' && String(status.code) === '200') this.recordAgreement(answer.payload);
    return this.send(
      {
        type: 'Connections.Response',
        name,
        status: { code: String(status.code), message: status.message },
        payload: { ...answer.payload },
        ...(token !== undefined ? { token } : {}),
      },
      { session: 'new' },
    );
  }

  /** Another customer: any open session ends (SessionEndedRequest), the next turn is theirs. */
  async switchUser(userId: string): Promise<void> {
    await this.endSession();
    this.user = userId;
    this.alexa.context().user().setID(userId);
  }

  /** Sets (or with undefined, removes) the customer's answer to a permission scope, from the next request on. */
  setPermission(scope: string, status: PermissionStatus | undefined): void {
    if (status) this.scopes.set(scope, status);
    else this.scopes.delete(scope);
  }

  /** The customer's answer to a permission scope; undefined when they have given none. */
  permission(scope: string): PermissionStatus | undefined {
    return this.scopes.get(scope);
  }

  /**
   * Runs the skill's monthly Charge Later job now (a bundle's `monthlyChargesHandler`, with the skill's environment),
   * and returns its summary. Its log lines are in `jobLogs` afterwards.
   */
  async runMonthlyJob(): Promise<MonthlyRunSummary> {
    if (this.stopped) throw new Error('The dialog driver has been stopped');
    const { monthlyJob, bundlePath } = this.parts.skill;
    if (!monthlyJob) {
      throw new Error(
        `${bundlePath ?? 'The skill'} does not export monthlyChargesHandler: this build has no monthly job (run npm run build after it lands)`,
      );
    }
    this.lastJobLogs = [];
    const logs: TurnResult['logs'] = [];
    try {
      const summary = await withLogCapture((entry) => logs.push(entry), monthlyJob, this.parts.captureLogs);
      if (!isRunSummary(summary)) {
        throw new Error(`monthlyChargesHandler returned ${JSON.stringify(summary) ?? String(summary)}, not a summary`);
      }
      return summary;
    } finally {
      this.lastJobLogs = logs;
    }
  }

  /** Stops the servers the driver started and restores the environment. Safe to call twice. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.alexa.resetFilter();
      this.parts.restoreEnv();
      await closeOwned(this.parts.owned);
    })();
    return this.stopped;
  }

  private prepareDevice(): void {
    const context = this.alexa.context();
    context.endSession(); // virtual-alexa starts with a session open; a device starts with none
    context.user().setID(this.user);
    context.device().setID('amzn1.ask.device.dialog-driver');
    context.device().audioPlayerSupported(false);
    this.alexa.filter((json: unknown) => this.prepareEnvelope(json));
  }

  /** Every request: the stand-in's endpoint, this customer's token and permissions, then the test's own edit. */
  private prepareEnvelope(json: unknown): void {
    type User = Record<string, unknown>;
    const envelope = json as Record<string, unknown> & {
      context?: { System?: Record<string, unknown> & { user?: User } };
      session?: { user?: User };
    };
    const system = envelope.context?.System;
    if (system) {
      system.apiEndpoint = this.products.url;
      system.apiAccessToken = tokenFor(this.user);
    }
    // The linked account's token, as Alexa sends it once the customer has linked (and none before).
    for (const user of [system?.user, envelope.session?.user]) {
      if (!user) continue;
      if (this.accessToken) user.accessToken = this.accessToken;
      else delete user.accessToken;
    }
    // virtual-alexa gives every request a random consent token; a customer who answered no permission has none.
    const permissions = this.permissionsObject();
    for (const user of [system?.user, envelope.session?.user]) {
      if (!user) continue;
      if (permissions) user.permissions = permissions;
      else delete user.permissions;
    }
    this.envelopeEdit?.(envelope);
    this.sentRequest = structuredClone(envelope) as unknown as RequestEnvelope;
  }

  /** Amazon's side keeps the agreements it gives out: the monthly job can charge an OPEN one through the stand-in. */
  private recordAgreement(payload: ConnectionAnswer['payload']): void {
    const details = payload?.billingAgreementDetails;
    if (typeof details !== 'object' || details === null) return;
    const { billingAgreementId: id, billingAgreementStatus: status } = details as Record<string, unknown>;
    if (typeof id !== 'string' || typeof status !== 'string') return;
    const known = this.agreements.get(id);
    this.agreements.set(id, status);
    if (!this.parts.syncBillingAgreements) return;
    if (status === 'OPEN') {
      // Only when it becomes OPEN: a limit the test set on an agreement already open stays.
      if (known !== 'OPEN') this.amazonPayApi.openBillingAgreement(id);
      return;
    }
    // Known but not chargeable: the API answers InvalidBillingAgreementStatus, not InvalidBillingAgreementId.
    if (known === undefined) this.amazonPayApi.openBillingAgreement(id);
    this.amazonPayApi.closeBillingAgreement(id);
  }

  private permissionsObject(): Record<string, unknown> | undefined {
    if (this.scopes.size === 0) return undefined;
    const scopes = Object.fromEntries([...this.scopes].map(([scope, status]) => [scope, { status }]));
    return { consentToken: 'dialog-driver-consent-token', scopes };
  }

  private async invoke(handler: Handler, event: unknown, context: unknown): Promise<unknown> {
    const response = await withLogCapture(
      (entry) => this.turnLogs.push(entry),
      () => handler(event, context),
      this.parts.captureLogs,
    );
    this.receivedResponse = structuredClone(response) as ResponseEnvelope;
    return response;
  }

  private resolvedIntent(utterance: string, mode: SessionMode): Promise<TurnResult> {
    if (mode === 'new') this.elicited = undefined;
    const { intent, slots } = this.resolve(utterance);
    return mode === 'continue'
      ? this.intent(intent, slots)
      : this.turn(mode, (alexa) => alexa.intend(intent, { ...slots }));
  }

  private async turn(
    mode: SessionMode,
    send: (alexa: VirtualAlexa) => Promise<unknown>,
    edit?: SendOptions['editEnvelope'],
  ): Promise<TurnResult> {
    if (this.stopped) throw new Error('The dialog driver has been stopped');
    const context = this.alexa.context();
    if (mode === 'new' && context.activeSession()) context.endSession();
    // The driver keeps the elicited intent's slots itself (virtual-alexa's dialog manager would carry them into any
    // intent of the dialog model, which Alexa does not).
    this.alexa.dialogManager().reset();
    this.pending = undefined;
    this.sentRequest = undefined;
    this.receivedResponse = undefined;
    this.turnLogs = [];
    this.envelopeEdit = edit;
    this.accessToken = await this.linkedAccessToken();
    try {
      await send(this.alexa);
    } catch (error) {
      if (!this.sentRequest) throw error; // refused before reaching the skill (an intent the model lacks, say)
      if (mode !== 'none' && context.activeSession()) context.endSession();
      throw new SkillInvocationError(error, this.sentRequest, this.turnLogs);
    } finally {
      this.envelopeEdit = undefined;
    }
    const request = this.sentRequest;
    const response = this.receivedResponse;
    if (!request || !response) throw new Error('virtual-alexa did not call the skill');
    return toTurnResult(request, response, this.settle(mode, response), this.turnLogs);
  }

  /** Alexa's token for the current customer's linked account: refreshed first when it has run out, as Alexa does. */
  private async linkedAccessToken(): Promise<string | undefined> {
    const alexa = this.parts.linkedCard?.alexa;
    const tokens = alexa?.tokensFor(this.user);
    if (!alexa || !tokens) return undefined;
    const expiresAt = Date.parse(tokens.receivedAt) + tokens.expiresIn * 1000;
    if (Date.now() < expiresAt - 5000) return tokens.accessToken;
    return (await alexa.refresh(this.user))?.accessToken ?? tokens.accessToken;
  }

  /** Opens or closes the session as a device would after this response; returns whether it is open. */
  private settle(mode: SessionMode, response: ResponseEnvelope): boolean {
    const context = this.alexa.context();
    const directives: Directive[] = response.response?.directives ?? [];
    const connection = directives.find(isSendRequest);
    if (connection) {
      this.last = connection;
      this.pending = connection;
    }
    const dialog = directives.some((directive) => directive.type.startsWith('Dialog.'));
    this.elicited = elicitationIn(directives);
    if (mode !== 'none') {
      const shouldEnd = response.response?.shouldEndSession;
      const open = !connection && (shouldEnd === false || (shouldEnd == null && dialog));
      if (!open && context.activeSession()) context.endSession();
    }
    if (!context.activeSession()) this.elicited = undefined;
    return context.activeSession();
  }
}

/** The slot a Dialog.ElicitSlot directive asks for, with the values of the slots its updatedIntent keeps. */
function elicitationIn(directives: readonly Directive[]): Elicitation | undefined {
  for (const directive of directives) {
    if (directive.type !== 'Dialog.ElicitSlot') continue;
    const { slotToElicit, updatedIntent } = directive;
    if (!updatedIntent) return undefined;
    const slots: Record<string, string> = {};
    for (const [name, slot] of Object.entries(updatedIntent.slots ?? {})) {
      if (name !== slotToElicit && slot.value) slots[name] = slot.value;
    }
    return { intent: updatedIntent.name, slot: slotToElicit, slots };
  }
  return undefined;
}

function isRunSummary(value: unknown): value is MonthlyRunSummary {
  if (typeof value !== 'object' || value === null) return false;
  const { month, plans } = value as Record<string, unknown>;
  return typeof month === 'string' && typeof plans === 'object' && plans !== null;
}

function isSendRequest(directive: Directive): directive is SendRequestDirective {
  return directive.type === 'Connections.SendRequest';
}

function defaultSessionMode(type: string): SessionMode {
  if (NEW_SESSION_REQUEST_TYPES.has(type)) return 'new';
  return SESSION_REQUEST_TYPES.has(type) ? 'continue' : 'none';
}

/** The requestId, timestamp and locale virtual-alexa put in a fresh envelope. */
function requestDefaults(envelope: unknown): Record<string, unknown> {
  const request = (envelope as { request?: Record<string, unknown> }).request ?? {};
  const { requestId, timestamp, locale } = request;
  return { requestId, timestamp, locale };
}

function languageModel(model: unknown): Record<string, unknown> {
  const root = model as { interactionModel?: { languageModel?: Record<string, unknown> } } | undefined;
  const language = root?.interactionModel?.languageModel;
  if (!language) throw new Error('The interaction model has no interactionModel.languageModel');
  return language;
}

function invocationNameOf(model: unknown): string {
  const name = languageModel(model).invocationName;
  if (typeof name !== 'string' || name.trim() === '') throw new Error('The interaction model has no invocationName');
  return name;
}

async function startServers(options: DialogDriverOptions): Promise<Owned> {
  let owned: Owned = { dynamoDb: undefined, products: undefined, amazonPayApi: undefined };
  try {
    if (!options.dynamoDbEndpoint && !options.linkedCard) owned = { ...owned, dynamoDb: await startLocalDynamoDb() };
    if (!options.products) owned = { ...owned, products: await InSkillProductsApi.start() };
    if (!options.amazonPayApi) {
      const { AMAZON_PAY_SELLER_ID: sellerId } = amazonPayEnv(options, undefined);
      owned = { ...owned, amazonPayApi: await AmazonPayApiStandIn.start(sellerId ? { sellerId } : {}) };
    }
    return owned;
  } catch (error) {
    await closeOwned(owned);
    throw error;
  }
}

async function closeOwned(owned: Owned): Promise<void> {
  await Promise.all([owned.dynamoDb?.close(), owned.products?.close(), owned.amazonPayApi?.close()]);
}

/** The linked-card rail's variables for the skill, from the local account service. */
export function linkedCardEnv(accounts: LocalAccounts): Record<string, string> {
  return {
    PAYMENT_RAIL: 'linked-card',
    ACCOUNTS_URL: accounts.url,
    ACCOUNTS_TABLE_NAME: accounts.config.tableName,
    VOICE_CODE_PEPPER: accounts.config.voiceCodePepper,
    STRIPE_SECRET_KEY: accounts.stripe.apiKey,
    STRIPE_API_URL: accounts.stripe.url,
    ORDER_EMAIL_FROM: 'Green Horizons <orders@green-horizons.test>',
    SES_ENDPOINT: accounts.ses.url,
  };
}

/**
 * The payment variables the skill gets: the linked card's (with `linkedCard`), else the Amazon Pay sandbox's (or
 * none with offsets off), then the test's env.
 */
function amazonPayEnv(options: DialogDriverOptions, apiUrl: string | undefined): Record<string, string | undefined> {
  const offsets = options.offsets ?? true;
  if (options.linkedCard) {
    const card: Record<string, string | undefined> = offsets ? linkedCardEnv(options.linkedCard) : {};
    const env = options.env ?? {};
    return Object.fromEntries(Object.entries(card).map(([key, value]) => [key, key in env ? env[key] : value]));
  }
  const defaults: Record<string, string | undefined> = {
    PAYMENT_RAIL: offsets ? 'amazon-pay' : undefined,
    AMAZON_PAY_SELLER_ID: offsets ? SANDBOX_AMAZON_PAY.sellerId : undefined,
    AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL: offsets ? SANDBOX_AMAZON_PAY.sandboxCustomerEmail : undefined,
    AMAZON_PAY_API_URL: offsets ? apiUrl : undefined,
  };
  const env = options.env ?? {};
  return Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, key in env ? env[key] : value]));
}

interface Endpoints {
  readonly dynamoDbEndpoint: string;
  readonly amazonPayApiUrl: string;
}

/**
 * Builds the skill from source with the driver's configuration, or, for a bundle, sets its environment, loads a fresh
 * copy of it, and gives back a way to undo the environment.
 */
function loadSkill(options: DialogDriverOptions, root: string, skillId: string, endpoints: Endpoints): Loaded {
  const env: Record<string, string | undefined> = {
    ...options.baseEnv,
    TABLE_NAME: options.tableName ?? 'green-horizons-local',
    DYNAMODB_ENDPOINT: endpoints.dynamoDbEndpoint,
    SKILL_ID: skillId,
    LOG_LEVEL: options.logLevel ?? 'INFO',
    ALEXA_API_TIMEOUT_MS: options.alexaApiTimeoutMs?.toString(),
    ...amazonPayEnv(options, endpoints.amazonPayApiUrl),
    ...options.env,
  };
  const { bundlePath } = options;
  if (bundlePath === undefined) {
    const config = loadConfig(env);
    const app = createSkill(config, options.overrides);
    return {
      handler: app.handler as Handler,
      monthlyJob: app.monthlyCharges,
      bundlePath,
      config,
      restoreEnv: () => {},
    };
  }
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const restoreEnv = () => assignEnv(saved);
  assignEnv(env);
  try {
    const path = isAbsolute(bundlePath) ? bundlePath : join(root, bundlePath);
    return { ...loadBundle(path), bundlePath: path, config: configIn(env), restoreEnv };
  } catch (error) {
    restoreEnv();
    throw error;
  }
}

/** The configuration a bundle reads from these variables, when they make one. */
function configIn(env: Readonly<Record<string, string | undefined>>): Config | undefined {
  try {
    return loadConfig(env);
  } catch {
    return undefined;
  }
}

function assignEnv(values: Readonly<Record<string, string | undefined>>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

function loadBundle(bundlePath: string): Pick<Loaded, 'handler' | 'monthlyJob'> {
  let exported: Record<string, unknown>;
  try {
    exported = loadFresh(bundlePath);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      throw new Error(`${bundlePath} does not exist: run npm run build first`);
    }
    throw error;
  }
  const { handler, monthlyChargesHandler } = exported;
  if (typeof handler !== 'function') throw new Error(`${bundlePath} does not export a handler function`);
  const monthlyJob =
    typeof monthlyChargesHandler === 'function'
      ? () => Promise.resolve((monthlyChargesHandler as () => unknown)())
      : undefined;
  return { handler: handler as Handler, monthlyJob };
}
