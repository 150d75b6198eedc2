/**
 * The chaos run of issue 10 (item 9): many conversations on both payment rails through random faults, then the books.
 *
 * What runs, all on 127.0.0.1 and all real: the skill built from source twice (PAYMENT_RAIL=linked-card with the
 * account service, its Stripe and SES stand-ins and Amazon's side of account linking, as test/support/linked-card.ts
 * starts them; and PAYMENT_RAIL=amazon-pay with the Amazon Pay API stand-in), each driven by the dialog driver
 * (tools/simulator/dialog-driver.ts: utterances through the interaction model), the in-skill products stand-in, and
 * dynalite. The fault proxy (tools/fault-proxy) sits between the skill and DynamoDB, between the skill and Stripe, and
 * between the monthly job and the Amazon Pay API; a seeded random source (`seededRandom`) decides which requests get
 * which fault (delay, hang, throttle, lost answer after the server applied it, reset), so one seed gives one run
 * (up to timing: a request that times out may be retried, which draws again). Amazon's side of a voice Charge
 * (Connections.Response) cannot sit behind a proxy: the run plays it, with Amazon's own failures (a capture whose
 * answer never arrives, an error after a capture, a DuplicateRequest for a reference already captured).
 *
 * Conversations: a one-off offset on the card and on Amazon Pay (launch, an estimate, "offset it", yes), the monthly
 * plan on both rails, Reduction Plans bought through the in-skill products stand-in and used, "where is my order";
 * the customer answers the skill's yes/no questions about an order or a plan as a person would (mostly yes). The
 * scheduled job runs every few conversations under the same faults; at the end the faults stop and the job runs,
 * the clock moved on, until nothing changes any more.
 *
 * Then the books (`INVARIANTS`), from the payment services' own records (Stripe's PaymentIntents and refunds, the
 * Amazon Pay API stand-in's authorizations, the run's record of Amazon's voice captures), the in-skill products
 * stand-in's purchases, what the customer heard, and the table read directly (not through the proxy).
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Directive } from 'ask-sdk-model';
import {
  accountIdFor,
  addCardOnPage,
  linkAlexaUser,
  SIMULATOR_CARDS,
  signUpCustomer,
} from '../../accounts/local/customer';
import { type LocalAccounts, startAccountsLocally } from '../../accounts/local/start-locally';
import { isCurrency, type Money, parseDecimal } from '../../lambda/src/features/offsets/domain/money';
import { monthlyPlanIdFor } from '../../lambda/src/features/offsets/domain/monthly-plan';
import { REDUCTION_PLANS_PER_PURCHASE } from '../../lambda/src/features/purchases/domain/products';
import { ensureLocalTable } from '../../lambda/src/shared/dynamodb-persistence-adapter';
import { responseProblems } from '../../test/support/response-checks';
import {
  dynamoDbThrottle,
  type Fault,
  FaultProxy,
  type ProxiedRequest,
  seededRandom,
} from '../fault-proxy/fault-proxy';
import {
  AMAZON_PAY_SCOPE,
  DialogDriver,
  type SendRequestDirective,
  SkillInvocationError,
  type TurnResult,
} from '../simulator/dialog-driver';
import { AmazonPayApiStandIn } from '../stand-ins/amazon-pay-api';
import {
  amazonPayError,
  asConnectionAnswer,
  type ChargeRequestLike,
  chargeApproved,
  chargeDeclined,
  DECLINE_REASON_CODES,
  setupApproved,
} from '../stand-ins/amazon-pay-responses';
import { InSkillProductsApi } from '../stand-ins/in-skill-products-api';
import { type LocalDynamoDb, startLocalDynamoDb } from '../stand-ins/local-dynamodb';

// ---------------------------------------------------------------------------------------------------------------
// What the books must show

/**
 * The invariants the books are checked against. `CHAOS_INVARIANTS_PENDING` (the jest test's switch) names those the
 * test does not yet require; the bench run always checks every one.
 */
export const INVARIANTS = [
  /** Every answer is valid Alexa JSON, and the skill never fails a request (Alexa would play its own error). */
  'every-turn-answered',
  /** Every charge taken (a succeeded PaymentIntent, a captured authorization) is for an order or month fulfilled or refunded. */
  'charged-is-fulfilled-or-refunded',
  /** After the job has settled, no order or month is left in a non-final status that may hold money. */
  'nothing-stuck',
  /** One order (or one plan's month) is charged at most once at the payment service. */
  'one-charge-per-order',
  /** Reduction Plans: the count stored is the count handed out, and never more than Amazon says were bought. */
  'consumables-exact',
  /** The customer is never told "nothing was charged" about an order that was charged. */
  'truthful-about-charges',
  /** A customer who disabled the skill asking for their data to be deleted (NOT_PERSISTED) is not charged again. */
  'no-charge-after-disable',
] as const;
export type Invariant = (typeof INVARIANTS)[number];

export interface Imbalance {
  readonly invariant: Invariant;
  readonly rail: 'linked-card' | 'amazon-pay' | 'isp';
  /** The order, plan month or customer it is about. */
  readonly subject: string;
  /** The conversation it came from (its number in the run), when known. */
  readonly conversation: number | undefined;
  readonly detail: string;
}

export type FaultKind = 'delay' | 'hang' | 'throttle' | 'lose-answer' | 'reset';
export const FAULT_KINDS: readonly FaultKind[] = ['delay', 'hang', 'throttle', 'lose-answer', 'reset'];
/** Amazon's own failures on a voice Charge, played by the run. */
export type AmazonFaultKind = 'captured-answer-lost' | 'captured-then-error' | 'error-not-captured' | 'declined';

export interface ChaosReport {
  readonly seed: number;
  readonly elapsedMs: number;
  readonly conversations: Readonly<Record<string, number>>;
  /** Faults injected, by where (dynamodb, stripe, amazon-pay-api, amazon-pay-voice) and kind. */
  readonly faults: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly totals: {
    readonly turns: number;
    readonly skillErrors: number;
    readonly jobRuns: number;
    readonly jobErrors: number;
    /** Charges taken at the payment services (one per succeeded PaymentIntent or captured authorization). */
    readonly charges: number;
    readonly fulfilments: number;
    readonly refunds: number;
    /** Orders or months in a review status (a success that did not match the order, an outcome not known). */
    readonly reviews: number;
    readonly reductionPlansBought: number;
    readonly reductionPlansHandedOut: number;
  };
  /** Final statuses of orders and plan months, by rail. */
  readonly statuses: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly imbalances: readonly Imbalance[];
  /** Imbalances by invariant (0 for those that held). */
  readonly byInvariant: Readonly<Record<Invariant, number>>;
}

export interface ChaosOptions {
  readonly seed: number;
  /** Conversations in all (shared out over the kinds). */
  readonly conversations: number;
  /** Probability that a DynamoDB request gets a fault (default 0.04). */
  readonly dynamoDbFaultRate?: number;
  /** Probability that a request to Stripe or the Amazon Pay API gets a fault (default 0.15). */
  readonly paymentFaultRate?: number;
  /** Probability that Amazon's side of a voice Charge fails (default 0.2). */
  readonly amazonFaultRate?: number;
  /** Card customers signed up and linked (they share the card conversations); default from `conversations`. */
  readonly cardCustomers?: number;
  /** Run the job after every this many conversations (default 6). */
  readonly jobEvery?: number;
  /**
   * The skill's timeouts (TURN_DEADLINE_MS, DYNAMODB_REQUEST_TIMEOUT_MS, STRIPE_TIMEOUT_MS, AMAZON_PAY_API_TIMEOUT_MS,
   * …); default the production ones. The jest test shortens them so that a hang costs little.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** The longest injected delay (default 1500 ms, beyond the DynamoDB request timeout). */
  readonly maxDelayMs?: number;
  /** Progress lines (default none). */
  readonly log?: (line: string) => void;
  /** Every turn too, as a transcript (what was said, what was heard), through `log`. */
  readonly trace?: boolean;
}

/**
 * Timeouts short enough that a hang costs a few hundred milliseconds (the jest test's, and `--short-timeouts`): the
 * same code paths as production's (a timeout is a timeout), in a fraction of the time.
 */
export const SHORT_TIMEOUTS: Readonly<Record<string, string>> = {
  TURN_DEADLINE_MS: '2500',
  DYNAMODB_CONNECT_TIMEOUT_MS: '100',
  DYNAMODB_REQUEST_TIMEOUT_MS: '200',
  STRIPE_TIMEOUT_MS: '600',
  AMAZON_PAY_API_TIMEOUT_MS: '600',
};

// ---------------------------------------------------------------------------------------------------------------
// Faults

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Adds one to `table[row][column]`. */
function bump(table: Record<string, Record<string, number>>, row: string, column: string): void {
  const counts = table[row] ?? {};
  counts[column] = (counts[column] ?? 0) + 1;
  table[row] = counts;
}

/** Counts what was injected where. */
class FaultTally {
  readonly counts: Record<string, Record<string, number>> = {};
  add(where: string, kind: string): void {
    bump(this.counts, where, kind);
  }
}

const jsonHeaders = { 'content-type': 'application/json' };

/** The throttle each service really answers with. */
function throttleFor(where: string): Fault {
  if (where === 'dynamodb') return dynamoDbThrottle('ProvisionedThroughputExceededException');
  if (where === 'stripe') {
    return {
      kind: 'respond',
      status: 429,
      headers: jsonHeaders,
      body: JSON.stringify({
        error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' },
      }),
    };
  }
  return {
    kind: 'respond',
    status: 503,
    headers: jsonHeaders,
    body: JSON.stringify({ Error: { Type: 'Receiver', Code: 'RequestThrottled', Message: 'RequestThrottled' } }),
  };
}

interface FaultSwitch {
  on: boolean;
}

/** A rule for one proxy: while the switch is on, each request gets a fault with probability `rate`. */
function randomFaults(
  where: string,
  random: Random,
  rate: number,
  maxDelayMs: number,
  tally: FaultTally,
  faults: FaultSwitch,
  applies: (request: ProxiedRequest) => boolean = () => true,
): (request: ProxiedRequest) => Fault | undefined {
  return (request) => {
    if (!faults.on || !applies(request)) return undefined;
    // Always two draws per request, so that whether one request is faulted does not shift the next one's draws.
    const draw = random();
    const kindDraw = random();
    if (draw >= rate) return undefined;
    const kind = FAULT_KINDS[Math.floor(kindDraw * FAULT_KINDS.length)] ?? 'delay';
    tally.add(where, kind);
    switch (kind) {
      case 'delay':
        return { kind: 'delay', ms: 50 + Math.floor(((draw / rate) * (maxDelayMs - 50)) | 0) };
      case 'throttle':
        return throttleFor(where);
      default:
        return { kind };
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Amazon's side of a voice Charge

interface VoiceCapture {
  readonly sellerOrderId: string;
  readonly reference: string;
  readonly amount: string;
  readonly conversation: number;
}

type ChargeAnswer = Parameters<DialogDriver['answerConnection']>[0];

/** The Amazon Pay API stand-in's record of an authorization Alexa made for a Charge directive (issue 10's look-ups). */
type RecordCharge = (charge: {
  readonly authorizationReferenceId: string;
  readonly billingAgreementId: string;
  readonly sellerOrderId?: string;
  readonly amount: Money;
  readonly state?: 'Closed' | 'Declined';
  readonly reasonCode?: string;
}) => { readonly amazonAuthorizationId: string };

/**
 * What Amazon records of the Charge directives the skill sends: a reference decided once (a repeated reference gets
 * the first answer again, or DuplicateRequest once captured), and every capture, by order.
 */
class AmazonVoiceCharges {
  readonly captures: VoiceCapture[] = [];
  private readonly decided = new Map<string, ChargeAnswer>();
  private counter = 0;

  constructor(
    private readonly random: Random,
    private readonly rate: number,
    private readonly tally: FaultTally,
    api: AmazonPayApiStandIn,
  ) {
    const { recordCharge } = api as unknown as { recordCharge?: RecordCharge };
    this.recordCharge = recordCharge?.bind(api);
  }

  /** The stand-in's record of a voice Charge, when it keeps them (GetAuthorizationDetails); undefined otherwise. */
  private readonly recordCharge: RecordCharge | undefined;

  /** Amazon's answer to the Charge, or undefined when it never reaches the skill. */
  answer(payload: ChargeRequestLike & { sellerOrderAttributes?: { sellerOrderId?: string } }, conversation: number) {
    const reference = payload.authorizeAttributes.authorizationReferenceId;
    const before = this.decided.get(reference);
    if (before) {
      const captured = this.captures.some((capture) => capture.reference === reference);
      return captured && this.random() < 0.5
        ? asConnectionAnswer(amazonPayError('DuplicateRequest', { name: 'Charge' }))
        : before;
    }
    const draw = this.random();
    const failure: AmazonFaultKind | undefined =
      draw < this.rate
        ? pick(this.random, ['captured-answer-lost', 'captured-then-error', 'error-not-captured', 'declined'] as const)
        : undefined;
    if (failure) this.tally.add('amazon-pay-voice', failure);
    const captured = failure === undefined || failure === 'captured-answer-lost' || failure === 'captured-then-error';
    const reason = pick(this.random, DECLINE_REASON_CODES);
    const { amount: decimal, currencyCode } = payload.authorizeAttributes.authorizationAmount;
    const amount = isCurrency(currencyCode) ? parseDecimal(decimal, currencyCode) : undefined;
    // Amazon's record of the authorization, where a rail's GetAuthorizationDetails finds it (when the stand-in has one).
    const recorded =
      (captured || failure === 'declined') && amount
        ? this.recordCharge?.({
            authorizationReferenceId: reference,
            billingAgreementId: payload.billingAgreementId ?? '',
            sellerOrderId: payload.sellerOrderAttributes?.sellerOrderId,
            amount,
            state: captured ? 'Closed' : 'Declined',
            reasonCode: captured ? 'MaxCapturesProcessed' : reason,
          })
        : undefined;
    const order = `S02-${String(++this.counter).padStart(7, '0')}-${String(this.counter).padStart(7, '0')}`;
    const ids = {
      amazonOrderReferenceId: order,
      amazonAuthorizationId: recorded?.amazonAuthorizationId ?? `${order}-A000001`,
    };
    let answer: ChargeAnswer;
    if (failure === 'declined') answer = asConnectionAnswer(chargeDeclined(payload, reason, ids));
    else if (failure === 'error-not-captured')
      answer = asConnectionAnswer(amazonPayError('ServiceUnavailable', { name: 'Charge' }));
    else if (failure === 'captured-then-error')
      answer = asConnectionAnswer(amazonPayError('InternalServerError', { name: 'Charge', withoutPayload: true }));
    else answer = asConnectionAnswer(chargeApproved({ request: payload, ...ids }));
    if (captured) {
      this.captures.push({
        sellerOrderId: payload.sellerOrderAttributes?.sellerOrderId ?? '?',
        reference,
        amount: payload.authorizeAttributes.authorizationAmount.amount,
        conversation,
      });
    }
    this.decided.set(reference, answer);
    return failure === 'captured-answer-lost' ? undefined : answer;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The worlds

interface World {
  readonly rail: 'linked-card' | 'amazon-pay';
  readonly alexa: DialogDriver;
  readonly proxy: FaultProxy;
  readonly tableName: string;
  readonly reader: DynamoDBClient;
  stop(): Promise<void>;
}

interface CardCustomer {
  readonly userId: string;
  readonly accountId: string;
  hasPlan: boolean;
  /** Has disabled the skill (no more conversations). */
  disabled: boolean;
}

const PASSWORD = 'correct horse battery';

/** What the customer says for an estimate (every one leads to "offset it" or the plan). */
const TRIPS = [
  'a flight from seattle to j. f. k.',
  'a 50 mile drive',
  'a flight from seattle to boston',
  'a 200 mile drive',
  'a 100 mile drive',
];
const ELECTRICITY = 'my electricity bill was 500 kilowatt hours';

/** A yes/no question about an order or a plan: the customer answers it. */
const CONFIRM = /Shall I place the order\?|Shall I set it up\?|continue it\?|try (it )?again\?|Shall I try/i;
/** What the customer must never hear about an order that was charged. */
const NOTHING_CHARGED = /nothing (was|has been|is|will be) charged|(haven't|have not|wasn't|weren't) (been )?charged/i;

interface Conversation {
  readonly number: number;
  readonly kind: string;
  /** The order the conversation is about (the last one the skill named). */
  orderId: string | undefined;
  /** Whether the customer has said yes to a charge (or Amazon answered one) in it. */
  charging: boolean;
}

interface Disabled {
  readonly planId: string;
  readonly userId: string;
  readonly rail: World['rail'];
  readonly conversation: number;
  /** The plan's charges taken before the customer disabled the skill. */
  readonly before: readonly string[];
}

/** How far the clock moves between the job's runs once the faults stop: 10 min, 10 min, 70 min, 3 h, 20 h (a day). */
const SETTLE_STEPS_MS = [10 * 60_000, 10 * 60_000, 70 * 60_000, 3 * 3_600_000, 20 * 3_600_000];

/** How often a customer who has just set up a plan disables the skill, asking for their data to be deleted. */
const DISABLE_RATE = 0.25;

interface Heard {
  readonly orderId: string;
  readonly conversation: number;
  readonly speech: string;
  readonly rail: 'linked-card' | 'amazon-pay';
}

// ---------------------------------------------------------------------------------------------------------------
// The run

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const seed = options.seed >>> 0;
  const conversationsRandom = seededRandom(seed);
  const tally = new FaultTally();
  const faults: FaultSwitch = { on: false };
  const maxDelayMs = options.maxDelayMs ?? 1500;
  const dynamoRate = options.dynamoDbFaultRate ?? 0.04;
  const paymentRate = options.paymentFaultRate ?? 0.15;
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const products = await InSkillProductsApi.start();
    stops.push(() => products.close());
    const env = { LOG_LEVEL: 'ERROR', ...options.env };

    // The card rail: the account service on its own dynalite; the skill reaches that dynalite and Stripe through
    // proxies (the account service itself talks to both directly, as it is not what is under test here).
    const accounts = await startAccountsLocally({ passwordHashLog2N: 10, logLevel: 'SILENT' });
    stops.push(() => accounts.stop());
    const cardProxy = await FaultProxy.start({ target: accounts.dynamoDbEndpoint });
    stops.push(() => cardProxy.stop());
    const stripeProxy = await FaultProxy.start({ target: accounts.stripe.url });
    stops.push(() => stripeProxy.stop());
    cardProxy.inject(randomFaults('dynamodb', seededRandom(seed + 1), dynamoRate, maxDelayMs, tally, faults));
    stripeProxy.inject(randomFaults('stripe', seededRandom(seed + 2), paymentRate, maxDelayMs, tally, faults));
    const card = await startWorld('linked-card', `chaos-card-${seed}`, accounts.dynamoDbEndpoint, cardProxy, {
      linkedCard: accounts,
      products,
      overrides: { clock },
      captureLogs: true,
      env: { ...env, STRIPE_API_URL: stripeProxy.url },
    });
    stops.push(() => card.stop());

    // Amazon Pay: its own dynalite; the job's calls to the Amazon Pay API through a proxy.
    const payDynamo: LocalDynamoDb = await startLocalDynamoDb();
    stops.push(() => payDynamo.close());
    const payProxy = await FaultProxy.start({ target: payDynamo.url });
    stops.push(() => payProxy.stop());
    const amazonPayApi = await AmazonPayApiStandIn.start({ sellerId: 'A2SANDBOXSELLER01' });
    stops.push(() => amazonPayApi.close());
    const amazonPayProxy = await FaultProxy.start({ target: amazonPayApi.url });
    stops.push(() => amazonPayProxy.stop());
    payProxy.inject(randomFaults('dynamodb', seededRandom(seed + 3), dynamoRate, maxDelayMs, tally, faults));
    amazonPayProxy.inject(
      randomFaults('amazon-pay-api', seededRandom(seed + 4), paymentRate, maxDelayMs, tally, faults),
    );
    const pay = await startWorld('amazon-pay', `chaos-pay-${seed}`, payDynamo.url, payProxy, {
      products,
      amazonPayApi,
      overrides: { clock },
      captureLogs: true,
      env: { ...env, AMAZON_PAY_API_URL: amazonPayProxy.url },
    });
    stops.push(() => pay.stop());
    const voice = new AmazonVoiceCharges(seededRandom(seed + 5), options.amazonFaultRate ?? 0.2, tally, amazonPayApi);

    // Card customers: signed up, linked and with a card, before any fault.
    const cardCount = options.cardCustomers ?? Math.max(2, Math.min(25, Math.ceil(options.conversations / 6)));
    const cardCustomers: CardCustomer[] = [];
    for (let i = 1; i <= cardCount; i++) cardCustomers.push(await newCardCustomer(accounts, card.alexa, seed, i));
    log(`${cardCount} card customers ready`);

    // ---- the conversations
    const counts: Record<string, number> = {};
    const heard: Heard[] = [];
    const handedOut = new Map<string, number>();
    let turns = 0;
    let skillErrors = 0;
    const problems: Imbalance[] = [];
    let payCustomers = 0;
    const agreements = new Map<string, string>();
    let ispCustomers = 0;

    const disabled: Disabled[] = [];
    /** The charges of a plan taken so far, at either payment service (its months' references start with its ID). */
    const planCharges = (planId: string): string[] => [
      ...accounts.stripe
        .paymentIntents()
        .filter(
          (intent) =>
            intent.status === 'succeeded' &&
            String((intent.metadata as Record<string, string> | undefined)?.reference ?? '').startsWith(planId),
        )
        .map((intent) => intent.id),
      ...amazonPayApi.captures
        .filter((capture) => capture.authorizationReferenceId.startsWith(planId))
        .map((capture) => capture.amazonAuthorizationId),
    ];

    const chargedNow = (rail: World['rail'], orderId: string): boolean => {
      if (rail === 'amazon-pay') return voice.captures.some((capture) => capture.sellerOrderId === orderId);
      const refunded = new Set(accounts.stripe.refunds().map((refund) => String(refund.payment_intent)));
      return accounts.stripe
        .paymentIntents()
        .some(
          (intent) =>
            intent.status === 'succeeded' &&
            (intent.metadata as Record<string, string> | undefined)?.orderId === orderId &&
            !refunded.has(intent.id),
        );
    };

    const turn = async (
      world: World,
      conversation: Conversation,
      said: string,
      send: () => Promise<TurnResult>,
    ): Promise<TurnResult | undefined> => {
      turns += 1;
      let result: TurnResult;
      try {
        result = await send();
      } catch (error) {
        if (!(error instanceof SkillInvocationError)) throw error;
        skillErrors += 1;
        problems.push({
          invariant: 'every-turn-answered',
          rail: world.rail,
          subject: world.alexa.userId,
          conversation: conversation.number,
          detail: `the skill failed "${said}" (${conversation.kind}): ${error.message}`,
        });
        return undefined;
      }
      if (options.trace) {
        const handOff = sendRequestOf(result.directives);
        const extra = handOff ? ` [${handOff.name}]` : result.sessionOpen ? '' : ' [session ends]';
        log(
          `#${conversation.number} ${world.rail} ${world.alexa.userId.slice(-12)} > ${said}\n    < ${result.speech}${extra}`,
        );
      }
      const invalid = responseProblems(result.response);
      if (invalid.length > 0) {
        problems.push({
          invariant: 'every-turn-answered',
          rail: world.rail,
          subject: world.alexa.userId,
          conversation: conversation.number,
          detail: `invalid response (${conversation.kind}): ${invalid.join('; ')}`,
        });
      }
      const asked = (result.response.sessionAttributes?.question as { orderId?: unknown } | undefined)?.orderId;
      if (typeof asked === 'string') conversation.orderId = asked;
      // "Nothing was charged" while a charge of that order stands at the payment service (taken, not refunded).
      const orderId = conversation.orderId;
      if (conversation.charging && orderId && NOTHING_CHARGED.test(result.speech) && chargedNow(world.rail, orderId)) {
        heard.push({ orderId, conversation: conversation.number, speech: result.speech, rail: world.rail });
      }
      return result;
    };

    /** Plays what follows a turn: Amazon's side of a hand-off, the customer's yes or no to an order or plan question. */
    const follow = async (
      world: World,
      conversation: Conversation,
      first: TurnResult | undefined,
    ): Promise<TurnResult | undefined> => {
      let current = first;
      for (let step = 0; step < 6 && current; step++) {
        const handOff = sendRequestOf(current.directives);
        if (handOff) {
          current = await amazonSide(world, conversation, handOff);
          continue;
        }
        if (current.sessionOpen && CONFIRM.test(current.speech)) {
          const yes = conversationsRandom() < 0.9;
          if (yes && /place the order|try/i.test(current.speech)) conversation.charging = true;
          current = await turn(world, conversation, yes ? 'yes' : 'no', () => world.alexa.say(yes ? 'yes' : 'no'));
          continue;
        }
        return current;
      }
      return current;
    };

    const amazonSide = async (
      world: World,
      conversation: Conversation,
      handOff: SendRequestDirective,
    ): Promise<TurnResult | undefined> => {
      const payload = handOff.payload as Record<string, unknown>;
      switch (handOff.name) {
        case 'Setup': {
          const agreement =
            agreements.get(world.alexa.userId) ?? `C01-${seed}-${String(agreements.size + 1).padStart(7, '0')}`;
          agreements.set(world.alexa.userId, agreement);
          return turn(world, conversation, '(Amazon: Setup approved)', () =>
            world.alexa.answerConnection(asConnectionAnswer(setupApproved({ billingAgreementId: agreement }))),
          );
        }
        case 'Charge': {
          const request = payload as unknown as ChargeRequestLike & {
            sellerOrderAttributes?: { sellerOrderId?: string };
          };
          conversation.orderId = request.sellerOrderAttributes?.sellerOrderId ?? conversation.orderId;
          conversation.charging = true;
          const answer = voice.answer(request, conversation.number);
          if (!answer) return undefined; // Amazon took the money; its answer never reached the skill
          const label = `(Amazon: Charge ${answer.status?.message ?? ''} ${JSON.stringify(answer.payload ?? {}).includes('Declined') ? 'declined' : ''})`;
          return turn(world, conversation, label, () => world.alexa.answerConnection(answer));
        }
        case 'Buy':
        case 'Upsell': {
          const product = (payload.InSkillProduct as { productId?: string } | undefined)?.productId ?? '';
          const ref = products.product(product)?.referenceName;
          const accept = conversationsRandom() < 0.9;
          if (accept && ref) products.purchase(world.alexa.userId, ref);
          return turn(world, conversation, `(Amazon: ${handOff.name} ${accept ? 'ACCEPTED' : 'DECLINED'})`, () =>
            world.alexa.answerConnection({
              payload: { purchaseResult: accept ? 'ACCEPTED' : 'DECLINED', productId: product },
            }),
          );
        }
        default:
          return turn(world, conversation, `(Amazon: ${handOff.name} DECLINED)`, () =>
            world.alexa.answerConnection({ payload: { purchaseResult: 'DECLINED' } }),
          );
      }
    };

    /** Says each line (opening a session when the last one closed), following each turn. */
    const play = async (world: World, conversation: Conversation, lines: readonly string[]): Promise<void> => {
      for (const line of lines) {
        const said = await turn(world, conversation, line, () => world.alexa.say(line, { newSessionIfClosed: true }));
        const last = await follow(world, conversation, said);
        if (last && /Here's your Reduction Plan/.test(last.speech)) {
          handedOut.set(world.alexa.userId, (handedOut.get(world.alexa.userId) ?? 0) + 1);
        }
      }
      await world.alexa.endSession().catch(() => undefined);
    };

    /**
     * The customer disables the skill and asks for their data to go (NOT_PERSISTED): from then on, no charge of
     * their monthly plan may be taken (the charges taken so far are remembered).
     */
    const disable = async (world: World, conversation: Conversation): Promise<void> => {
      const userId = world.alexa.userId;
      const planId = monthlyPlanIdFor(userId);
      disabled.push({
        planId,
        userId,
        rail: world.rail,
        conversation: conversation.number,
        before: planCharges(planId),
      });
      turns += 1;
      try {
        await world.alexa.send(
          { type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: 'NOT_PERSISTED' } },
          { session: 'none' },
        );
        if (options.trace) log(`#${conversation.number} ${world.rail} ${userId.slice(-12)} (disables the skill)`);
      } catch (error) {
        if (!(error instanceof SkillInvocationError)) throw error;
        skillErrors += 1;
        if (options.trace) log(`#${conversation.number} SkillDisabled failed: ${error.message}`);
      }
    };

    let jobRuns = 0;
    let jobErrors = 0;
    const runJobs = async () => {
      for (const world of [card, pay]) {
        jobRuns += 1;
        const jobStarted = Date.now();
        try {
          await world.alexa.runMonthlyJob();
        } catch {
          jobErrors += 1;
        }
        if (options.trace && Date.now() - jobStarted > 2000) {
          log(
            `${world.rail} job: ${Date.now() - jobStarted} ms\n${world.alexa.jobLogs.map((entry) => JSON.stringify(entry)).join('\n')}`,
          );
        }
      }
    };

    const kinds = ['card-order', 'card-order', 'pay-order', 'pay-order', 'card-plan', 'pay-plan', 'reduction-plans'];
    const jobEvery = options.jobEvery ?? 6;
    faults.on = true;
    for (let number = 1; number <= options.conversations; number++) {
      let kind = pick(conversationsRandom, kinds);
      const enabledCard = cardCustomers.filter((customer) => !customer.disabled);
      const freeCard = enabledCard.filter((customer) => !customer.hasPlan);
      if (kind === 'card-plan' && freeCard.length === 0) kind = 'card-order';
      counts[kind] = (counts[kind] ?? 0) + 1;
      const conversation: Conversation = { number, kind, orderId: undefined, charging: false };
      const trip = pick(conversationsRandom, TRIPS);
      const conversationStarted = Date.now();
      switch (kind) {
        case 'card-order': {
          const customer = pick(conversationsRandom, enabledCard);
          await card.alexa.switchUser(customer.userId);
          const lines = ['open green horizons', trip, 'offset it'];
          if (conversationsRandom() < 0.4) lines.push('where is my order');
          await play(card, conversation, lines);
          break;
        }
        case 'card-plan': {
          const customer = pick(conversationsRandom, freeCard);
          customer.hasPlan = true;
          await card.alexa.switchUser(customer.userId);
          await play(card, conversation, ['open green horizons', ELECTRICITY, 'set up a monthly offset plan']);
          if (conversationsRandom() < DISABLE_RATE) {
            customer.disabled = true;
            await disable(card, conversation);
          }
          break;
        }
        case 'pay-order':
        case 'pay-plan': {
          // A new Amazon customer most times; sometimes one who has bought before (their agreement is saved).
          // One who has disabled the skill does not come back (their plan's ID would be the same).
          const returning = payCustomers > 0 && conversationsRandom() < 0.3;
          const drawn = returning ? 1 + Math.floor(conversationsRandom() * payCustomers) : ++payCustomers;
          const payUser = (n: number) => `amzn1.ask.account.CHAOS${seed}PAY${kind === 'pay-plan' ? 'PLAN' : ''}${n}`;
          const gone = disabled.some((entry) => entry.userId === payUser(drawn));
          await pay.alexa.switchUser(payUser(gone ? ++payCustomers : drawn));
          pay.alexa.setPermission(AMAZON_PAY_SCOPE, 'GRANTED');
          const lines =
            kind === 'pay-plan'
              ? ['open green horizons', ELECTRICITY, 'set up a monthly offset plan']
              : ['open green horizons', trip, 'offset it'];
          if (kind === 'pay-order' && conversationsRandom() < 0.4) lines.push('where is my order');
          await play(pay, conversation, lines);
          if (kind === 'pay-plan' && conversationsRandom() < DISABLE_RATE) await disable(pay, conversation);
          break;
        }
        default: {
          const world = conversationsRandom() < 0.5 ? card : pay;
          const userId = `amzn1.ask.account.CHAOS${seed}ISP${++ispCustomers}`;
          await world.alexa.switchUser(userId);
          const uses = 1 + Math.floor(conversationsRandom() * 4);
          await play(world, conversation, [
            'open green horizons',
            trip,
            ...Array.from({ length: uses }, () => 'give me a reduction plan'),
            'how many plans do I have left',
          ]);
          break;
        }
      }
      const tookMs = Date.now() - conversationStarted;
      if (tookMs > 2000) log(`conversation ${number} (${kind}) took ${tookMs} ms`);
      if (number % jobEvery === 0) {
        const jobStarted = Date.now();
        await runJobs();
        if (Date.now() - jobStarted > 2000)
          log(`the job after conversation ${number} took ${Date.now() - jobStarted} ms`);
      }
      if (number % 10 === 0) log(`${number} conversations, ${Date.now() - started} ms`);
    }

    // ---- settle: no more faults; the job runs with the clock moved on past every deadline it keeps (grace periods of
    // a minute, leases of five, an Amazon Pay charge not found released after an hour, a day in all), then every ten
    // minutes until nothing changes.
    faults.on = false;
    for (const stepMs of SETTLE_STEPS_MS) {
      offsetMs += stepMs;
      await runJobs();
    }
    let before = await fingerprint([card, pay]);
    for (let round = 0; round < 6; round++) {
      offsetMs += 10 * 60_000;
      await runJobs();
      const now = await fingerprint([card, pay]);
      if (now === before) break;
      before = now;
    }
    log(`settled after ${jobRuns} job runs, ${Date.now() - started} ms`);

    // ---- the books
    for (const gone of disabled) {
      const after = planCharges(gone.planId).filter((id) => !gone.before.includes(id));
      if (after.length === 0) continue;
      problems.push({
        invariant: 'no-charge-after-disable',
        rail: gone.rail,
        subject: gone.planId,
        conversation: gone.conversation,
        detail: `the customer disabled the skill (NOT_PERSISTED), then the plan was charged: ${after.join(', ')}`,
      });
    }
    const books = await checkBooks({
      card,
      pay,
      accounts,
      amazonPayApi,
      voice,
      products,
      heard,
      handedOut,
    });
    const imbalances = [...problems, ...books.imbalances];
    const byInvariant = Object.fromEntries(INVARIANTS.map((name) => [name, 0])) as Record<Invariant, number>;
    for (const imbalance of imbalances) byInvariant[imbalance.invariant] += 1;
    return {
      seed,
      elapsedMs: Date.now() - started,
      conversations: counts,
      faults: tally.counts,
      totals: { turns, skillErrors, jobRuns, jobErrors, ...books.totals },
      statuses: books.statuses,
      imbalances,
      byInvariant,
    };
  } finally {
    faults.on = false;
    await stopAll();
  }
}

async function startWorld(
  rail: World['rail'],
  tableName: string,
  directEndpoint: string,
  proxy: FaultProxy,
  options: Omit<Parameters<typeof DialogDriver.start>[0] & object, 'tableName' | 'dynamoDbEndpoint'>,
): Promise<World> {
  const reader = new DynamoDBClient({
    endpoint: directEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureLocalTable(reader, tableName);
  const alexa = await DialogDriver.start({ ...options, tableName, dynamoDbEndpoint: proxy.url });
  return {
    rail,
    alexa,
    proxy,
    tableName,
    reader,
    stop: async () => {
      await alexa.stop();
      reader.destroy();
    },
  };
}

async function newCardCustomer(
  accounts: LocalAccounts,
  alexa: DialogDriver,
  seed: number,
  index: number,
): Promise<CardCustomer> {
  const userId = `amzn1.ask.account.CHAOS${seed}CARD${index}`;
  const email = `chaos.${seed}.${index}@example.test`;
  const browser = await signUpCustomer(accounts, { email, password: PASSWORD });
  await linkAlexaUser(accounts, userId, { email, password: PASSWORD });
  await addCardOnPage(accounts, browser, SIMULATOR_CARDS.visa);
  await alexa.switchUser(userId);
  return { userId, accountId: await accountIdFor(accounts, email), hasPlan: false, disabled: false };
}

function sendRequestOf(directives: readonly Directive[]): SendRequestDirective | undefined {
  return directives.find(
    (directive): directive is SendRequestDirective => directive.type === 'Connections.SendRequest',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The books

type Item = Record<string, unknown>;

async function scanAll(world: World): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await world.reader.send(
      new ScanCommand({
        TableName: world.tableName,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) items.push(unmarshall(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Changes whenever any order, plan or month changes (the settle loop stops when it does not). */
async function fingerprint(worlds: readonly World[]): Promise<string> {
  const parts: string[] = [];
  for (const world of worlds) {
    for (const item of await scanAll(world)) {
      if (item.kind === 'order' || item.kind === 'plan' || item.kind === 'plan-charge') {
        parts.push(`${String(item.id)}:${String(item.status)}:${String(item.version)}`);
      }
    }
  }
  return parts.sort().join('|');
}

/** Statuses in which nothing more is owed: money taken has become credits or gone back, or none was taken. */
const FINAL = new Set(['fulfilled', 'refunded', 'declined', 'failed', 'cancelled', 'expired', 'rejected']);
/** Statuses that hold no money and are the customer's to move on (a quote, unconfirmed, expires by itself). */
const CUSTOMER_OWNED = new Set(['quoted']);

interface BooksInput {
  readonly card: World;
  readonly pay: World;
  readonly accounts: LocalAccounts;
  readonly amazonPayApi: AmazonPayApiStandIn;
  readonly voice: AmazonVoiceCharges;
  readonly products: InSkillProductsApi;
  readonly heard: readonly Heard[];
  readonly handedOut: ReadonlyMap<string, number>;
}

interface Charge {
  readonly rail: 'linked-card' | 'amazon-pay';
  /** The order ID, or a plan month's reference (`<planId>-<YYYYMM>`). */
  readonly subject: string;
  readonly paymentId: string;
  readonly conversation: number | undefined;
}

async function checkBooks(input: BooksInput) {
  const imbalances: Imbalance[] = [];
  const statuses: Record<string, Record<string, number>> = {};
  const records = new Map<string, Item>();
  let fulfilments = 0;
  let reviews = 0;
  const users = new Map<string, Item>();

  for (const world of [input.card, input.pay]) {
    for (const item of await scanAll(world)) {
      const kind = item.kind;
      if (kind !== 'order' && kind !== 'plan-charge') {
        if (typeof item.id === 'string' && item.id.startsWith('amzn1.ask.account.')) users.set(item.id, item);
        continue;
      }
      const status = String(item.status);
      bump(statuses, `${world.rail} ${kind}`, status);
      if (status === 'fulfilled') fulfilments += 1;
      if (/review/i.test(status)) reviews += 1;
      const subject = kind === 'order' ? String(item.orderId) : String(item.reference);
      records.set(`${world.rail} ${subject}`, item);
      if (!FINAL.has(status) && !CUSTOMER_OWNED.has(status)) {
        imbalances.push({
          invariant: 'nothing-stuck',
          rail: world.rail,
          subject,
          conversation: undefined,
          detail: `${kind} still ${status} after the job settled (updated ${String(item.updatedAt)})`,
        });
      }
    }
  }

  // Charges, from the payment services' own records.
  const charges: Charge[] = [];
  const stripeRefunds = input.accounts.stripe.refunds();
  const refundedIntents = new Set(stripeRefunds.map((refund) => String(refund.payment_intent)));
  for (const intent of input.accounts.stripe.paymentIntents()) {
    if (intent.status !== 'succeeded') continue;
    const metadata = (intent.metadata ?? {}) as Record<string, string>;
    const subject = metadata.orderId ?? metadata.reference ?? intent.id;
    charges.push({ rail: 'linked-card', subject, paymentId: intent.id, conversation: undefined });
  }
  // Amazon Pay: the voice Charges Amazon captured (the run played them), and the API stand-in's captures (the job's,
  // by a month's reference) that are not among them (a stand-in that keeps voice Charges has those too).
  const voiceReferences = new Set(input.voice.captures.map((capture) => capture.reference));
  for (const capture of input.voice.captures) {
    charges.push({
      rail: 'amazon-pay',
      subject: capture.sellerOrderId,
      paymentId: capture.reference,
      conversation: capture.conversation,
    });
  }
  for (const authorization of input.amazonPayApi.captures) {
    if (voiceReferences.has(authorization.authorizationReferenceId)) continue;
    charges.push({
      rail: 'amazon-pay',
      subject: authorization.authorizationReferenceId,
      paymentId: authorization.authorizationReferenceId,
      conversation: undefined,
    });
  }

  const perSubject = new Map<string, Charge[]>();
  for (const charge of charges) {
    const key = `${charge.rail} ${charge.subject}`;
    perSubject.set(key, [...(perSubject.get(key) ?? []), charge]);
  }
  for (const [key, taken] of perSubject) {
    const [first] = taken;
    if (!first) continue;
    if (taken.length > 1) {
      imbalances.push({
        invariant: 'one-charge-per-order',
        rail: first.rail,
        subject: first.subject,
        conversation: first.conversation,
        detail: `${taken.length} charges: ${taken.map((charge) => charge.paymentId).join(', ')}`,
      });
    }
    const record = records.get(key);
    const status = record ? String(record.status) : 'no record';
    const refunded = status === 'refunded' || taken.some((charge) => refundedIntents.has(charge.paymentId));
    if (status !== 'fulfilled' && !refunded) {
      imbalances.push({
        invariant: 'charged-is-fulfilled-or-refunded',
        rail: first.rail,
        subject: first.subject,
        conversation: first.conversation,
        detail: `charged (${taken.map((charge) => charge.paymentId).join(', ')}) but ${status}`,
      });
    }
  }

  // What the customer heard (checked when heard: a charge of that order stood at the payment service).
  for (const told of input.heard) {
    imbalances.push({
      invariant: 'truthful-about-charges',
      rail: told.rail,
      subject: told.orderId,
      conversation: told.conversation,
      detail: `told "${told.speech}" about an order that was charged`,
    });
  }

  // Reduction Plans: stored count = handed out, and within what Amazon says was bought.
  let bought = 0;
  let handed = 0;
  const ispUsers = new Set([...input.handedOut.keys(), ...[...users.keys()].filter((id) => id.includes('ISP'))]);
  for (const userId of ispUsers) {
    const purchases =
      input.products.entitlements(userId).find((entitlement) => entitlement.referenceName === 'reduction_plan')
        ?.activeEntitlementCount ?? 0;
    const given = input.handedOut.get(userId) ?? 0;
    const attributes = (users.get(userId)?.attributes ?? {}) as { plansUsed?: unknown };
    const stored = typeof attributes.plansUsed === 'number' ? attributes.plansUsed : 0;
    bought += purchases * REDUCTION_PLANS_PER_PURCHASE;
    handed += given;
    if (stored !== given || given > purchases * REDUCTION_PLANS_PER_PURCHASE) {
      imbalances.push({
        invariant: 'consumables-exact',
        rail: 'isp',
        subject: userId,
        conversation: undefined,
        detail: `${purchases * REDUCTION_PLANS_PER_PURCHASE} bought, ${given} handed out, ${stored} counted as used`,
      });
    }
  }

  return {
    imbalances,
    statuses,
    totals: {
      charges: charges.length,
      fulfilments,
      refunds: stripeRefunds.length + [...records.values()].filter((record) => record.status === 'refunded').length,
      reviews,
      reductionPlansBought: bought,
      reductionPlansHandedOut: handed,
    },
  };
}
