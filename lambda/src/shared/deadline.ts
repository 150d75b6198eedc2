/**
 * The turn's deadline: one point in time by which everything a turn waits for must have answered, so that Alexa
 * (which gives up after 8 seconds) always hears something from us. Every outbound call of a turn is given it:
 *
 * - `signal`, an AbortSignal that aborts at the deadline: hand it to clients that take one (node:http's `signal`,
 *   fetch's `signal`), so the call stops and frees its socket. Not to the AWS SDK v3 clients: a per-call option turns
 *   off their middleware cache; `race` them instead and let their request timeout end an attempt in flight;
 * - `timeoutFor(ms)`: a call's own timeout, shortened to the time the turn has left (for clients that take a timeout
 *   rather than a signal: Stripe's `timeout` request option, jose's `timeoutDuration`);
 * - `run(call)`: runs the call with the signal and rejects with DeadlineExceededError at the deadline even if the call
 *   ignores the signal; `race(call)` the same without a signal.
 *
 * The Lambda entry (app/lambda-handler.ts) starts one deadline per request; handlers reach it as `turn.deadline`,
 * and adapters that the ASK SDK calls with the request envelope only (the persistence adapter) as
 * `turnDeadline(envelope)`. When it passes, the error handler apologises and asks again (nothing is lost), and a
 * backstop in the Lambda entry answers the same way if the turn is still not done shortly after.
 */
import { GreenHorizonsError } from './errors';

/** The turn ran out of time before an outbound call answered. */
export class DeadlineExceededError extends GreenHorizonsError {
  override readonly name = 'DeadlineExceededError';
}

export interface Deadline {
  /** When it passes (epoch milliseconds; Infinity for no deadline). */
  readonly at: number;
  /** Milliseconds left, never below 0. */
  remainingMs(): number;
  passed(): boolean;
  /** Aborts when the deadline passes. */
  readonly signal: AbortSignal;
  /** `ownTimeoutMs`, or the time left when that is shorter (at least 1 ms, so that a timeout is never "none"). */
  timeoutFor(ownTimeoutMs: number): number;
  /** Runs `call` with the signal; rejects with DeadlineExceededError when the deadline passes first. */
  run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /**
   * Runs `call` (not started once the deadline has passed) and stops waiting for it at the deadline, with no signal:
   * for clients that must not be given one (the AWS SDK v3 clients, see above). Cheaper than `run`.
   */
  race<T>(call: () => Promise<T>): Promise<T>;
}

/** A deadline its owner ends when the turn is over (the timer behind the signal is cleared). */
export interface OwnedDeadline extends Deadline {
  dispose(): void;
}

/** No deadline: for work outside a turn (the monthly job, tests of one adapter). */
export const NO_DEADLINE: Deadline = {
  at: Number.POSITIVE_INFINITY,
  remainingMs: () => Number.POSITIVE_INFINITY,
  passed: () => false,
  // A fresh signal that never aborts, each time: one shared signal would collect every caller's listeners.
  get signal() {
    return new AbortController().signal;
  },
  timeoutFor: (ownTimeoutMs) => ownTimeoutMs,
  run: (call) => call(new AbortController().signal),
  race: (call) => call(),
};

class TurnDeadline implements OwnedDeadline {
  private controller: AbortController | undefined;
  private expiry: Promise<never> | undefined;
  private expire: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly at: number,
    private readonly now: () => number,
  ) {}

  remainingMs(): number {
    return Math.max(0, this.at - this.now());
  }

  passed(): boolean {
    return this.now() >= this.at;
  }

  /** Made on first use: a turn that calls nothing costs no timer, one that only races costs no signal. */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.passed()) controller.abort(new DeadlineExceededError("The turn's deadline passed"));
      else this.arm();
    }
    return this.controller.signal;
  }

  timeoutFor(ownTimeoutMs: number): number {
    return Math.max(1, Math.min(ownTimeoutMs, this.remainingMs()));
  }

  async run<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = this.signal;
    try {
      return await this.race(() => call(signal));
    } catch (error) {
      // A client that saw the abort throws its own AbortError: it is the deadline all the same.
      if (signal.aborted && !(error instanceof DeadlineExceededError)) {
        throw new DeadlineExceededError("The turn's deadline passed during the call", { cause: error });
      }
      throw error;
    }
  }

  race<T>(call: () => Promise<T>): Promise<T> {
    if (this.passed())
      return Promise.reject(new DeadlineExceededError("The turn's deadline had passed before the call"));
    this.arm();
    return Promise.race([call(), this.expiry as Promise<never>]);
  }

  /** One timer a turn: it rejects the expiry every race waits on, and aborts the signal if one was made. */
  private arm(): void {
    if (this.expiry) return;
    this.expiry = new Promise<never>((_resolve, reject) => {
      this.expire = () => {
        this.controller?.abort(new DeadlineExceededError("The turn's deadline passed"));
        reject(new DeadlineExceededError("The turn's deadline passed during the call"));
      };
    });
    // Nobody may be racing when it passes: that is no unhandled rejection.
    this.expiry.catch(() => undefined);
    this.timer = setTimeout(() => this.expire?.(), this.remainingMs());
    this.timer.unref?.();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}

/** A deadline `budgetMs` from now. */
export function createDeadline(budgetMs: number, now: () => number = Date.now): OwnedDeadline {
  return new TurnDeadline(now() + Math.max(0, budgetMs), now);
}

const TURN_DEADLINES = new WeakMap<object, Deadline>();

/** Registers the deadline of the turn that `envelope` (the request envelope) starts. */
export function setTurnDeadline(envelope: object, deadline: Deadline): void {
  TURN_DEADLINES.set(envelope, deadline);
}

/** The deadline of the turn of this request envelope (NO_DEADLINE when it was not started by the Lambda entry). */
export function turnDeadline(envelope: object | undefined): Deadline {
  return (envelope && TURN_DEADLINES.get(envelope)) ?? NO_DEADLINE;
}

/** Whether the turn failed for want of time: the deadline error anywhere in the cause chain, or a passed deadline. */
export function isDeadlineError(error: unknown, deadline: Deadline): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 8; cause = cause.cause, depth++) {
    if (cause instanceof DeadlineExceededError) return true;
  }
  return deadline.passed();
}
