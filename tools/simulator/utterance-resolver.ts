/**
 * Maps what the customer says to an intent and slot values through the interaction model's sample utterances, the
 * way Alexa's language understanding would for a developer's purposes. virtual-alexa's matcher is not used for this:
 * it cannot split adjacent slots ("a {distance} {unit} drive"), knows spoken numbers only up to twenty, and sends
 * them as words, where Alexa sends digits.
 *
 * After the skill asks for a slot (Dialog.ElicitSlot), Alexa also listens for that slot's own samples (the "slot
 * filling" utterances of the model: "{to}", "to {to}"), so a bare answer ("heathrow", "car", "nine hundred") fills
 * it. `resolve(utterance, elicited)` does the same: the elicited slot's samples compete with every intent's samples
 * and win unless another intent matches more of the words literally ("help", "stop", "yes").
 */
import { spokenDigits, spokenNumber } from './number-words';

export interface ResolvedIntent {
  readonly intent: string;
  /** Filled slots only, as Alexa would put them in `slot.value` (numbers as digits). */
  readonly slots: Readonly<Record<string, string>>;
  /** The sample utterance that matched (undefined for the fallback). */
  readonly sample: string | undefined;
}

/** The slot the skill asked for with Dialog.ElicitSlot. */
export interface ElicitedSlot {
  readonly intent: string;
  readonly slot: string;
}

/**
 * How much an answer through the elicited slot's samples counts over the same match through an intent's samples:
 * less than one literal word (1000), so "help" still reaches AMAZON.HelpIntent while a slot is being asked for.
 */
const ELICITATION_BONUS = 500;

type Part =
  | { readonly kind: 'word'; readonly word: string }
  | { readonly kind: 'slot'; readonly name: string; readonly type: string };

interface Template {
  readonly intent: string;
  readonly sample: string;
  readonly parts: readonly Part[];
}

interface Candidate {
  readonly slots: Record<string, string>;
  readonly literals: number;
  readonly typedSlots: number;
  readonly freeWords: number;
}

/** Phrases Alexa's built-in intents understand without samples (virtual-alexa's list, for the declared ones). */
const BUILT_IN_PHRASES: Readonly<Record<string, readonly string[]>> = {
  'AMAZON.CancelIntent': ['cancel', 'never mind', 'forget it'],
  'AMAZON.HelpIntent': ['help', 'help me'],
  'AMAZON.StopIntent': ['stop', 'off', 'shut up', 'quit'],
  'AMAZON.NavigateHomeIntent': ['home', 'go home'],
  'AMAZON.YesIntent': ['yes', 'yes please', 'sure', 'yeah'],
  'AMAZON.NoIntent': ['no', 'no thanks', 'nope'],
  'AMAZON.RepeatIntent': ['repeat', 'say that again', 'repeat that'],
  'AMAZON.StartOverIntent': ['start over', 'restart', 'start again'],
  'AMAZON.PauseIntent': ['pause', 'pause that'],
  'AMAZON.ResumeIntent': ['resume', 'continue', 'keep going'],
  'AMAZON.NextIntent': ['next', 'skip'],
  'AMAZON.PreviousIntent': ['go back', 'previous'],
  'AMAZON.MoreIntent': ['more'],
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Words as Alexa would transcribe them: no punctuation except apostrophes, hyphens and decimal points. */
export function words(spoken: string): string[] {
  return (
    spoken
      // "CO2" is heard as the letters and a number, which is how samples spell it (they may not contain digits).
      .replace(/\bco2\b/gi, 'c. o. two')
      .replace(/[^\p{L}\p{N}'.\-\s]/gu, ' ')
      .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
      .split(/\s+/)
      .filter((word) => word !== '' && word !== '-')
  );
}

function languageModel(model: unknown): Json {
  const language = isObject(model) ? (model.interactionModel as Json | undefined)?.languageModel : undefined;
  if (!isObject(language)) throw new Error('The interaction model has no interactionModel.languageModel');
  return language;
}

function customTypeValues(language: Json): Map<string, Set<string>> {
  const types = new Map<string, Set<string>>();
  for (const type of array(language.types)) {
    const name = text(isObject(type) ? type.name : undefined);
    if (!name || !isObject(type)) continue;
    const spoken = new Set<string>();
    for (const value of array(type.values)) {
      const entry = isObject(value) && isObject(value.name) ? value.name : undefined;
      for (const form of [entry?.value, ...array(entry?.synonyms)]) {
        if (typeof form === 'string') spoken.add(words(form).join(' ').toLowerCase());
      }
    }
    types.set(name, spoken);
  }
  return types;
}

function parseSample(intent: string, sample: string, slotTypes: ReadonlyMap<string, string>): Template {
  const parts: Part[] = [];
  for (const piece of sample.split(/(\{[^}]+\})/)) {
    const slot = /^\{(?:[^|}]*\|)?([^}]+)\}$/.exec(piece)?.[1]?.trim();
    if (slot) {
      const type = slotTypes.get(slot);
      if (!type)
        throw new Error(`Sample "${sample}" of ${intent} uses slot {${slot}}, which the intent does not declare`);
      parts.push({ kind: 'slot', name: slot, type });
    } else {
      for (const word of words(piece)) parts.push({ kind: 'word', word: word.toLowerCase() });
    }
  }
  return { intent, sample, parts };
}

const strings = (value: unknown): string[] => array(value).filter((s): s is string => typeof s === 'string');
const slotKey = (intent: string, slot: string) => `${intent}/${slot}`;

interface Templates {
  readonly intents: Template[];
  /** The slot filling samples, by intent and slot. */
  readonly slots: Map<string, Template[]>;
}

function templatesOf(language: Json): Templates {
  const templates: Templates = { intents: [], slots: new Map() };
  for (const intent of array(language.intents)) {
    if (!isObject(intent)) continue;
    const name = text(intent.name);
    if (!name) continue;
    const slotTypes = new Map<string, string>();
    for (const slot of array(intent.slots)) {
      const slotName = text(isObject(slot) ? slot.name : undefined);
      const type = text(isObject(slot) ? slot.type : undefined);
      if (slotName && type) slotTypes.set(slotName, type);
    }
    const samples = [...strings(intent.samples), ...(BUILT_IN_PHRASES[name] ?? [])];
    for (const sample of samples) templates.intents.push(parseSample(name, sample, slotTypes));
    for (const slot of array(intent.slots)) {
      const slotName = text(isObject(slot) ? slot.name : undefined);
      if (!slotName || !isObject(slot)) continue;
      const parsed = strings(slot.samples).map((sample) => parseSample(name, sample, slotTypes));
      if (parsed.length > 0) templates.slots.set(slotKey(name, slotName), parsed);
    }
  }
  return templates;
}

export class UtteranceResolver {
  private readonly templates: Templates;
  private readonly customTypes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Intents the model declares, in its order. */
  readonly intents: readonly string[];

  constructor(model: unknown) {
    const language = languageModel(model);
    this.templates = templatesOf(language);
    this.customTypes = customTypeValues(language);
    this.intents = array(language.intents)
      .map((intent) => text(isObject(intent) ? intent.name : undefined))
      .filter((name): name is string => name !== undefined);
  }

  /**
   * The best-matching intent, or undefined when no sample fits. With `elicited`, that slot's own samples are
   * candidates too (a bare answer to the skill's question).
   */
  resolve(utterance: string, elicited?: ElicitedSlot): ResolvedIntent | undefined {
    const spoken = words(utterance);
    let best: { template: Template; candidate: Candidate; score: number } | undefined;
    const consider = (templates: readonly Template[], bonus: number) => {
      for (const template of templates) {
        for (const candidate of this.match(template.parts, spoken, 0, 0)) {
          const value = score(candidate) + bonus;
          if (!best || value > best.score) best = { template, candidate, score: value };
        }
      }
    };
    consider(this.templates.intents, 0);
    if (elicited) consider(this.templates.slots.get(slotKey(elicited.intent, elicited.slot)) ?? [], ELICITATION_BONUS);
    return best && { intent: best.template.intent, slots: best.candidate.slots, sample: best.template.sample };
  }

  /** Every way the parts from `part` on can cover the words from `word` on. */
  private match(parts: readonly Part[], spoken: readonly string[], part: number, word: number): Candidate[] {
    const current = parts[part];
    if (!current) return word === spoken.length ? [{ slots: {}, literals: 0, typedSlots: 0, freeWords: 0 }] : [];
    if (current.kind === 'word') {
      if (spoken[word]?.toLowerCase() !== current.word) return [];
      return this.match(parts, spoken, part + 1, word + 1).map((rest) => ({ ...rest, literals: rest.literals + 1 }));
    }
    const candidates: Candidate[] = [];
    for (let end = word + 1; end <= spoken.length; end += 1) {
      const filled = this.fill(current.type, spoken.slice(word, end));
      if (!filled) continue;
      for (const rest of this.match(parts, spoken, part + 1, end)) {
        candidates.push({
          slots: { [current.name]: filled.value, ...rest.slots },
          literals: rest.literals,
          typedSlots: rest.typedSlots + (filled.typed ? 1 : 0),
          freeWords: rest.freeWords + (filled.typed ? 0 : end - word),
        });
      }
    }
    return candidates;
  }

  /** The slot value for these words, and whether the type recognised them; undefined when it cannot hold them. */
  private fill(type: string, slotWords: readonly string[]): { value: string; typed: boolean } | undefined {
    const value = slotWords.join(' ');
    if (type === 'AMAZON.NUMBER') {
      const digits = spokenNumber(value);
      return digits === undefined ? undefined : { value: digits, typed: true };
    }
    if (type === 'AMAZON.FOUR_DIGIT_NUMBER') {
      // Said digit by digit ("one two three four", "oh four eight two"), as codes are, or as one number.
      const digits = spokenDigits(slotWords) ?? spokenNumber(value);
      return digits !== undefined && /^\d{4}$/.test(digits) ? { value: digits, typed: true } : undefined;
    }
    const known = this.customTypes.get(type);
    // Custom slot types are not strict: an unknown value still fills the slot (entity resolution says NO_MATCH).
    return { value, typed: known?.has(value.toLowerCase()) ?? false };
  }
}

/**
 * Literal words count most; each word a custom slot holds without its type knowing it counts against a match more
 * than a literal for it ("two hundred and sixty" is a number, not "two hundred" and a fraction called "sixty").
 */
function score(candidate: Candidate): number {
  return candidate.literals * 1000 + candidate.typedSlots * 10 - candidate.freeWords * 1200;
}
