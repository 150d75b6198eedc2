import type { DialogDriver, TurnResult } from '../../tools/simulator/dialog-driver';
import { responseProblems } from './response-checks';

/**
 * Dialog tests that read like a transcript: what the customer says, then what Alexa must (and must not) say. Every
 * turn is checked as a listener would hear it: a valid response; a real question at the end of every turn that keeps
 * the session open; and an estimate in one breath (at most about 35 words before its question).
 */
export interface Expect {
  /** What Alexa's speech must match. */
  readonly says?: RegExp;
  /** What it must not. */
  readonly never?: RegExp;
  /** The slot asked for with Dialog.ElicitSlot. */
  readonly elicits?: string;
  /** The purchase or payment hand-off sent (Connections.SendRequest name), which ends the session. */
  readonly handsOff?: string;
}

export type Line = readonly [said: string, expected?: RegExp | Expect];

/** The most words an estimate may take before the question that ends the turn (issue 9, "one breath"). */
export const ONE_BREATH = 35;

/** The text before the last question of a turn's speech. */
export function beforeQuestion(speech: string): string {
  const sentences = speech.match(/[^.?!]+(?:[.?!]+|$)/g) ?? [speech];
  const last = sentences.length - 1;
  return sentences
    .slice(0, sentences[last]?.trim().endsWith('?') ? last : undefined)
    .join('')
    .trim();
}

export const wordCount = (text: string): number => text.split(/\s+/).filter((word) => /\w/.test(word)).length;

/** The checks every turn gets, whatever the test expects of it. */
export function heardWell(turn: TurnResult): void {
  expect(responseProblems(turn.response)).toEqual([]);
  if (!turn.sessionOpen) return;
  expect(`${turn.speech}`).toMatch(/\?$/);
  if (/ of CO2\b/.test(turn.speech)) {
    const words = wordCount(beforeQuestion(turn.speech));
    if (words > ONE_BREATH) throw new Error(`${words} words before the question: ${turn.speech}`);
  }
}

function check(turn: TurnResult, expected: RegExp | Expect | undefined): void {
  if (expected === undefined) return;
  const { says, never, elicits, handsOff } = expected instanceof RegExp ? { says: expected } : expected;
  if (says) expect(turn.speech).toMatch(says);
  if (never) expect(turn.speech).not.toMatch(never);
  if (elicits) {
    expect(turn.directives).toEqual([expect.objectContaining({ type: 'Dialog.ElicitSlot', slotToElicit: elicits })]);
  }
  if (handsOff) {
    expect(turn.directives).toEqual([expect.objectContaining({ type: 'Connections.SendRequest', name: handsOff })]);
  }
}

/** Plays the lines in the open session (or a new one for "open green horizons") and returns every turn. */
export async function converse(alexa: DialogDriver, lines: readonly Line[]): Promise<TurnResult[]> {
  const turns: TurnResult[] = [];
  for (const [said, expected] of lines) {
    const turn = await alexa.say(said);
    heardWell(turn);
    check(turn, expected);
    turns.push(turn);
  }
  return turns;
}
