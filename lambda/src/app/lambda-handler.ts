import type { Skill as CustomSkill } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { createDeadline, setTurnDeadline } from '../shared/deadline';
import { type AppLogger, describeError } from '../shared/logger';

export type AlexaHandler = (event: RequestEnvelope, context?: unknown) => Promise<ResponseEnvelope>;

export interface TurnTiming {
  /** The turn's deadline, from when the request arrives (TURN_DEADLINE_MS). */
  readonly deadlineMs: number;
  /** Answers a turn still running this long after its deadline (conversation/late-answer.ts). */
  readonly lateAnswer: (event: RequestEnvelope) => ResponseEnvelope;
}

/** Kept back from the Lambda's own remaining time: the deadline never comes later than that minus this. */
export const LAMBDA_RESERVE_MS = 500;
/** How long after the deadline a turn still running is answered by `lateAnswer` instead. */
export const LATE_ANSWER_GRACE_MS = 250;

/** The turn's budget: the configured deadline, or less when the Lambda itself has less time left. */
export function turnBudgetMs(deadlineMs: number, context: unknown): number {
  const remaining = (context as { getRemainingTimeInMillis?: unknown } | undefined)?.getRemainingTimeInMillis;
  if (typeof remaining !== 'function') return deadlineMs;
  const left = Number(remaining.call(context));
  return Number.isFinite(left) ? Math.max(0, Math.min(deadlineMs, left - LAMBDA_RESERVE_MS)) : deadlineMs;
}

/**
 * The Lambda entry: an async function around `skill.invoke` (current Node.js runtimes reject the SDK's
 * callback-style `.lambda()`), logging one line per request with what is safe to log.
 *
 * It starts the turn's deadline (shared/deadline.ts), which handlers and adapters read for this request. If the turn
 * is still running LATE_ANSWER_GRACE_MS after it, whatever it waits on, Alexa gets `lateAnswer` rather than nothing.
 */
export function createAlexaHandler(
  skill: CustomSkill,
  logger: AppLogger,
  timing: TurnTiming,
  now: () => number = Date.now,
): AlexaHandler {
  return async (event, context) => {
    const started = now();
    const request = event?.request;
    const fields = {
      requestType: request?.type,
      intent: request?.type === 'IntentRequest' ? request.intent?.name : undefined,
      locale: request?.locale,
    };
    const deadline = createDeadline(turnBudgetMs(timing.deadlineMs, context));
    if (typeof event === 'object' && event !== null) setTurnDeadline(event, deadline);
    let backstop: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      backstop = setTimeout(() => resolve('late'), deadline.remainingMs() + LATE_ANSWER_GRACE_MS);
      backstop.unref?.();
    });
    const invoked = skill.invoke(event, context);
    try {
      const response = await Promise.race([invoked, late]);
      if (response === 'late') {
        invoked.catch(() => undefined);
        logger.error('Request answered late', { ...fields, latencyMs: now() - started });
        return timing.lateAnswer(event);
      }
      logger.info('Request handled', { ...fields, latencyMs: now() - started });
      return response;
    } catch (error) {
      // Only reached for requests the skill refuses outright (another skill's ID, an envelope without a request).
      logger.error('Request rejected', { ...fields, latencyMs: now() - started, ...describeError(error) });
      throw error;
    } finally {
      clearTimeout(backstop);
      deadline.dispose();
    }
  };
}
