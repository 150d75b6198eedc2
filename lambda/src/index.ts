/**
 * The Lambda entry points. Configuration is read from the environment once, at cold start (app/config.ts), and the
 * skill is built from it once (app/create-skill.ts, the composition root).
 */
import { loadConfig } from './app/config';
import { createSkill } from './app/create-skill';
import type { AlexaHandler } from './app/lambda-handler';

const app = createSkill(loadConfig(process.env));

/** Alexa requests: `index.handler`. */
export const handler: AlexaHandler = app.handler;

/** The daily scheduled job (EventBridge): `index.monthlyChargesHandler`. */
export const monthlyChargesHandler = app.monthlyCharges;
