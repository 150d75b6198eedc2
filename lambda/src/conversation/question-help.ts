/**
 * Help at a question: when the customer says "help" (or is not understood twice) while the skill waits for an
 * answer, the feature that asked explains its question, and the question is asked again. Each feature keeps its own
 * words: yes/no questions through their answers (`YesNoAnswer.help`, which the compiler asks for with every new
 * question), slot questions through `SlotHelp`, by intent. The composition root joins them; this module names none.
 */
import type { SpeechPart } from '../shared/ssml';
import { isYesNoQuestion, type PendingQuestion } from './conversation-state';
import type { Turn } from './turn';
import { answerTo, type YesNoAnswers } from './yes-no';

/** A feature's help for the slots it asks for, by intent name: what to say, and how (undefined: no help of its own). */
export type SlotHelp = Readonly<Record<string, (turn: Turn, slot: string) => SpeechPart | undefined>>;

/** The explanation of a pending question, from the feature that asked it. */
export type QuestionHelp = (turn: Turn, question: PendingQuestion) => SpeechPart | undefined;

export function questionHelp(answers: YesNoAnswers, slots: SlotHelp): QuestionHelp {
  return (turn, question) => {
    if (isYesNoQuestion(question)) return answerTo(answers, question).help(turn, question);
    return slots[question.intent]?.(turn, question.slot);
  };
}
