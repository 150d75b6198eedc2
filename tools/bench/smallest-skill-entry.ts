/**
 * The smallest ASK skill, for the bench's floor: ask-sdk-core's custom skill with one LaunchRequest handler, no
 * persistence, no logger, behind the same async Lambda entry shape as ours. Bundled by scripts/build.mjs with the
 * Lambda bundle's esbuild options into .build/smallest/index.js.
 */
import { getRequestType, type RequestHandler, SkillBuilders } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { SMALLEST_SKILL_SPEECH } from './smallest-skill-speech';

const launch: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
  handle: (input) => input.responseBuilder.speak(SMALLEST_SKILL_SPEECH).reprompt('What would you like?').getResponse(),
};

const skill = SkillBuilders.custom().addRequestHandlers(launch).create();

export const handler = (event: RequestEnvelope, context?: unknown): Promise<ResponseEnvelope> =>
  skill.invoke(event, context);
