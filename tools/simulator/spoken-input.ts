/**
 * How Alexa reads what the customer says before the skill's interaction model is consulted: invoking the skill
 * ("open green horizons"), a one-shot request ("ask green horizons for help"), "exit", or an utterance inside
 * the session.
 */

export type SpokenInput =
  | { readonly kind: 'launch' }
  | { readonly kind: 'one-shot'; readonly utterance: string }
  | { readonly kind: 'exit' }
  | { readonly kind: 'utterance'; readonly utterance: string };

const LAUNCH_VERBS = ['open', 'launch', 'start', 'begin', 'load', 'run', 'use', 'play', 'talk to', 'ask', 'tell'];
const ONE_SHOT_VERBS = ['ask', 'tell', 'open', 'launch', 'start', 'use', 'load', 'run', 'talk to'];
/** Words Alexa drops between the invocation name and the request ("ask X to…", "ask X for…"). */
const CONNECTORS = ['to', 'for', 'about', 'if', 'whether', 'that', 'and'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function alternatives(words: readonly string[]): string {
  return words.map((word) => word.split(' ').map(escapeRegExp).join('\\s+')).join('|');
}

/** No wake word, no trailing punctuation, single spaces (the case is kept: slot values carry it). */
export function normalizeSpeech(text: string): string {
  return text
    .trim()
    .replace(/^alexa\b[\s,]*/i, '')
    .replace(/[.!?]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseSpokenInput(text: string, invocationName: string): SpokenInput {
  const spoken = normalizeSpeech(text);
  if (spoken.toLowerCase() === 'exit') return { kind: 'exit' };
  const invocation = invocationName.trim().toLowerCase().split(/\s+/).map(escapeRegExp).join('\\s+');
  const launch = new RegExp(
    `^(?:${alternatives(LAUNCH_VERBS)})\\s+(?:the\\s+)?${invocation}(?:\\s+(?:skill|app))?$`,
    'i',
  );
  if (launch.test(spoken)) return { kind: 'launch' };
  const oneShot = new RegExp(
    `^(?:${alternatives(ONE_SHOT_VERBS)})\\s+${invocation}\\s+(?:(?:${alternatives(CONNECTORS)})\\s+)?(.+)$`,
    'i',
  ).exec(spoken);
  if (oneShot?.[1]) return { kind: 'one-shot', utterance: oneShot[1] };
  const trailing = new RegExp(`^(.+?)\\s+(?:using|with|from|on)\\s+${invocation}$`, 'i').exec(spoken);
  if (trailing?.[1]) return { kind: 'one-shot', utterance: trailing[1] };
  return { kind: 'utterance', utterance: spoken };
}
