/**
 * What the benchmarked requests must answer. The skill's error handler answers failures with speech too (an
 * apology), so "has outputSpeech" alone would pass a broken run: the speech is matched against the catalogue.
 */
import type { ResponseEnvelope } from 'ask-sdk-model';
import { coreMessagesFor } from '../../lambda/src/conversation/messages';
import { toSsml } from '../../lambda/src/shared/ssml';
import type { Variants } from '../../lambda/src/shared/variants';
import { SMALLEST_SKILL_SPEECH } from './smallest-skill-speech';

const enUS = coreMessagesFor('en-US');

export type Expected = 'first-visit' | 'returning' | 'help' | 'smallest';

function ssmlOf(variants: Variants): ReadonlySet<string> {
  return new Set(variants.map((variant) => `<speak>${toSsml(variant)}</speak>`));
}

const EXPECTED: Readonly<Record<Expected, ReadonlySet<string>>> = {
  'first-visit': ssmlOf(enUS.launch.firstVisit),
  returning: ssmlOf(enUS.launch.returning),
  help: ssmlOf(enUS.help.start),
  smallest: new Set([`<speak>${SMALLEST_SKILL_SPEECH}</speak>`]),
};

const APOLOGIES = new Set([...ssmlOf(enUS.error.apology), ...ssmlOf(enUS.conflict.retry)]);

export function speechOf(response: unknown): string | undefined {
  const speech = (response as Partial<ResponseEnvelope> | undefined)?.response?.outputSpeech;
  if (!speech) return undefined;
  return speech.type === 'SSML' ? speech.ssml : speech.text;
}

/** Undefined when the speech is one of the expected variants; otherwise why not. */
export function speechProblem(speech: string | undefined, expected: readonly Expected[]): string | undefined {
  if (speech === undefined) return 'the response has no outputSpeech';
  if (expected.some((kind) => EXPECTED[kind].has(speech))) return undefined;
  if (APOLOGIES.has(speech)) return `the skill answered with its error apology: ${speech}`;
  return `unexpected speech (wanted ${expected.join(' or ')}): ${speech.slice(0, 200)}`;
}
