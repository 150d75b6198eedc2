import type { Skill as CustomSkill } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { type AppLogger, describeError } from '../shared/logger';

export type AlexaHandler = (event: RequestEnvelope, context?: unknown) => Promise<ResponseEnvelope>;

/**
 * The Lambda entry: an async function around `skill.invoke` (current Node.js runtimes reject the SDK's
 * callback-style `.lambda()`), logging one line per request with what is safe to log.
 */
export function createAlexaHandler(skill: CustomSkill, logger: AppLogger, now: () => number = Date.now): AlexaHandler {
  return async (event, context) => {
    const started = now();
    const request = event?.request;
    const fields = {
      requestType: request?.type,
      intent: request?.type === 'IntentRequest' ? request.intent?.name : undefined,
      locale: request?.locale,
    };
    try {
      const response = await skill.invoke(event, context);
      logger.info('Request handled', { ...fields, latencyMs: now() - started });
      return response;
    } catch (error) {
      // Only reached for requests the skill refuses outright (another skill's ID, an envelope without a request).
      logger.error('Request rejected', { ...fields, latencyMs: now() - started, ...describeError(error) });
      throw error;
    }
  };
}
