import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { loadConfig } from '../../lambda/src/app/config';
import { createSkill, type SkillOverrides } from '../../lambda/src/app/create-skill';

export type SkillHandler = (event: RequestEnvelope, context?: unknown) => Promise<ResponseEnvelope>;

/**
 * The skill built from source by its composition root, as Lambda builds it from the environment, but from these
 * variables only (process.env is neither read nor changed), with any ports injected. Quiet unless LOG_LEVEL is given.
 */
export function sourceHandler(env: Record<string, string | undefined>, overrides?: SkillOverrides): SkillHandler {
  return createSkill(loadConfig({ LOG_LEVEL: 'SILENT', ...env }), overrides).handler;
}
