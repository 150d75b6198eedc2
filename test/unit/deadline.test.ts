import { LAMBDA_RESERVE_MS, turnBudgetMs } from '../../lambda/src/app/lambda-handler';
import {
  createDeadline,
  DeadlineExceededError,
  isDeadlineError,
  NO_DEADLINE,
  setTurnDeadline,
  turnDeadline,
} from '../../lambda/src/shared/deadline';

/** The turn's deadline (shared/deadline.ts), on a clock the test moves: no waiting, no timed assertions. */
describe('a turn deadline', () => {
  it('counts down on its clock and shortens a call’s own timeout to the time left', () => {
    let now = 1_000;
    const deadline = createDeadline(500, () => now);

    expect(deadline.remainingMs()).toBe(500);
    expect(deadline.timeoutFor(800)).toBe(500);
    expect(deadline.timeoutFor(200)).toBe(200);
    now = 1_450;
    expect(deadline.timeoutFor(800)).toBe(50);
    now = 2_000;
    expect(deadline.passed()).toBe(true);
    expect(deadline.remainingMs()).toBe(0);
    // Never "no timeout": a client given 0 would wait for ever.
    expect(deadline.timeoutFor(800)).toBe(1);
    deadline.dispose();
  });

  it('refuses a call once it has passed, without making it', async () => {
    let now = 0;
    const deadline = createDeadline(10, () => now);
    now = 10;
    const call = jest.fn(async () => 'made');

    await expect(deadline.run(call)).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(call).not.toHaveBeenCalled();
    deadline.dispose();
  });

  it('rejects a call that ignores its signal when the deadline passes, and aborts the signal it gave', async () => {
    const deadline = createDeadline(20);
    let given: AbortSignal | undefined;

    const outcome = deadline.run((signal) => {
      given = signal;
      return new Promise<never>(() => undefined);
    });

    await expect(outcome).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(given?.aborted).toBe(true);
    deadline.dispose();
  });

  it('turns a client’s own abort error into the deadline error', async () => {
    const deadline = createDeadline(20);

    const outcome = deadline.run(
      (signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))),
        ),
    );

    await expect(outcome).rejects.toBeInstanceOf(DeadlineExceededError);
    deadline.dispose();
  });

  it('races a call without a signal the same way, and starts none once it has passed', async () => {
    let now = 0;
    const deadline = createDeadline(20, () => now);
    const never = deadline.race(() => new Promise<never>(() => undefined));
    now = 20;
    const call = jest.fn(async () => 'made');

    await expect(deadline.race(call)).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(call).not.toHaveBeenCalled();
    deadline.dispose();
    void never.catch(() => undefined);
  });

  it('rejects a raced call that never settles when the deadline passes', async () => {
    const deadline = createDeadline(20);

    await expect(deadline.race(() => new Promise<never>(() => undefined))).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    expect(deadline.signal.aborted).toBe(true);
    deadline.dispose();
  });

  it('passes through what a call returns or throws in time', async () => {
    const deadline = createDeadline(5_000);

    await expect(deadline.run(async () => 42)).resolves.toBe(42);
    await expect(deadline.race(async () => 43)).resolves.toBe(43);
    await expect(NO_DEADLINE.race(async () => 44)).resolves.toBe(44);
    await expect(deadline.run(async () => Promise.reject(new RangeError('no')))).rejects.toBeInstanceOf(RangeError);
    deadline.dispose();
  });

  it('is found for its request envelope; a request the Lambda entry did not start has none', () => {
    const envelope = {};
    const deadline = createDeadline(1_000);
    setTurnDeadline(envelope, deadline);

    expect(turnDeadline(envelope)).toBe(deadline);
    expect(turnDeadline({})).toBe(NO_DEADLINE);
    expect(NO_DEADLINE.timeoutFor(800)).toBe(800);
    expect(NO_DEADLINE.signal).not.toBe(NO_DEADLINE.signal);
    deadline.dispose();
  });

  it('recognises the deadline anywhere in an error’s causes', () => {
    const wrapped = new Error('outer', { cause: new Error('middle', { cause: new DeadlineExceededError('late') }) });

    expect(isDeadlineError(wrapped, NO_DEADLINE)).toBe(true);
    expect(isDeadlineError(new Error('other'), NO_DEADLINE)).toBe(false);
  });
});

describe("the turn's budget", () => {
  it("is the configured deadline, or the Lambda's remaining time less a reserve when that is shorter", () => {
    expect(turnBudgetMs(6000, undefined)).toBe(6000);
    expect(turnBudgetMs(6000, { getRemainingTimeInMillis: () => 6990 })).toBe(6000);
    expect(turnBudgetMs(6000, { getRemainingTimeInMillis: () => 3000 })).toBe(3000 - LAMBDA_RESERVE_MS);
    expect(turnBudgetMs(6000, { getRemainingTimeInMillis: () => 100 })).toBe(0);
    expect(turnBudgetMs(6000, { getRemainingTimeInMillis: () => Number.NaN })).toBe(6000);
  });
});
