/**
 * The phrases an interaction model's sample utterances stand for, for checks that string equality cannot make:
 * whether a phrase is an instance of a sample (its slots filled with values or synonyms of their slot types, or
 * spoken numbers), and whether two samples stand for a common phrase once their slots are filled that way.
 *
 * Words are read as the simulator reads them (`words` in tools/simulator/utterance-resolver.ts): lower case, no
 * punctuation but apostrophes, spelled letters ("j. f. k.") as single letters.
 */
import { spokenNumber } from '../../tools/simulator/number-words';
import { words } from '../../tools/simulator/utterance-resolver';

export type Part = { readonly kind: 'word'; readonly word: string } | { readonly kind: 'slot'; readonly type: string };

export interface Sample {
  readonly intent: string;
  readonly text: string;
  readonly parts: readonly Part[];
}

interface ModelJson {
  interactionModel: {
    languageModel: {
      intents: { name: string; samples?: string[]; slots?: { name: string; type: string }[] }[];
      types?: { name: string; values: { name: { value: string; synonyms?: string[] } }[] }[];
    };
  };
}

/** A trie of a slot type's spoken forms; `end` marks where a form is complete. */
interface TrieNode {
  readonly id: number;
  readonly next: Map<string, TrieNode>;
  end: boolean;
}

const NUMBER = '#number';
const NUMBER_TYPES = new Set(['AMAZON.NUMBER', 'AMAZON.FOUR_DIGIT_NUMBER']);
/** The longest spoken number a number slot is tried with ("two thousand and twenty five"). */
const MAX_NUMBER_WORDS = 6;

const lower = (text: string) => words(text).map((word) => word.toLowerCase());
const isNumberWord = (word: string) => spokenNumber(word) !== undefined;

export class SampleLanguage {
  readonly samples: readonly Sample[];
  private readonly tries = new Map<string, TrieNode>();
  private readonly forms = new Map<string, readonly (readonly string[])[]>();

  /** `extraPhrases`: phrases an intent understands beyond its samples (Amazon's training of built-in intents). */
  constructor(model: ModelJson, extraPhrases: Readonly<Record<string, readonly string[]>> = {}) {
    const language = model.interactionModel.languageModel;
    for (const type of language.types ?? []) {
      const forms = type.values.flatMap((value) => [value.name.value, ...(value.name.synonyms ?? [])]).map(lower);
      this.forms.set(type.name, forms);
      this.tries.set(type.name, trieOf(forms));
    }
    this.samples = language.intents.flatMap((intent) => {
      const slotTypes = new Map((intent.slots ?? []).map((slot) => [slot.name, slot.type]));
      const texts = [...(intent.samples ?? []), ...(extraPhrases[intent.name] ?? [])];
      return texts.map((text) => ({ intent: intent.name, text, parts: this.parse(text, slotTypes) }));
    });
  }

  /** The samples `phrase` is an instance of, every slot filled with a value its type defines. */
  matches(phrase: string): Sample[] {
    const spoken = lower(phrase);
    return this.samples.filter((sample) => this.covers(sample.parts, 0, spoken, 0));
  }

  /** A phrase both samples stand for (number slots shown as "N"), or undefined when they have none in common. */
  commonPhrase(a: Sample, b: Sample): string | undefined {
    const start: Pair = { a: { part: 0, node: undefined }, b: { part: 0, node: undefined } };
    const seen = new Map<string, Step>([[key(start), emptyStep]]);
    const queue: Pair[] = [start];
    for (let at = 0; at < queue.length; at += 1) {
      const pair = queue[at] as Pair;
      const here = key(pair);
      if (this.isEnd(a, pair.a) && this.isEnd(b, pair.b)) return witness(seen, here);
      const visit = (next: Pair, word: string | undefined) => {
        const id = key(next);
        if (seen.has(id)) return;
        seen.set(id, { from: here, word });
        queue.push(next);
      };
      for (const skip of this.silentMoves(a, pair.a)) visit({ a: skip, b: pair.b }, undefined);
      for (const skip of this.silentMoves(b, pair.b)) visit({ a: pair.a, b: skip }, undefined);
      const movesB = this.wordMoves(b, pair.b);
      for (const [wordA, nextA] of this.wordMoves(a, pair.a)) {
        for (const [wordB, nextB] of movesB) {
          const common =
            wordA === wordB
              ? wordA
              : wordA === NUMBER && isNumberWord(wordB)
                ? wordB
                : wordB === NUMBER && isNumberWord(wordA)
                  ? wordA
                  : undefined;
          if (common !== undefined) visit({ a: nextA, b: nextB }, common === NUMBER ? 'N' : common);
        }
      }
    }
    return undefined;
  }

  private parse(text: string, slotTypes: ReadonlyMap<string, string>): Part[] {
    const parts: Part[] = [];
    for (const piece of text.split(/(\{[^}]+\})/)) {
      const slot = /^\{([^}]+)\}$/.exec(piece)?.[1];
      if (slot === undefined) {
        for (const word of lower(piece)) parts.push({ kind: 'word', word });
        continue;
      }
      const type = slotTypes.get(slot);
      if (!type) throw new Error(`"${text}" uses {${slot}}, which its intent does not declare`);
      if (!NUMBER_TYPES.has(type) && !this.tries.has(type)) {
        throw new Error(`"${text}": slot type ${type} is neither a number nor a custom type of the model`);
      }
      parts.push({ kind: 'slot', type });
    }
    return parts;
  }

  private covers(parts: readonly Part[], part: number, spoken: readonly string[], at: number): boolean {
    const current = parts[part];
    if (!current) return at === spoken.length;
    if (current.kind === 'word') return spoken[at] === current.word && this.covers(parts, part + 1, spoken, at + 1);
    if (NUMBER_TYPES.has(current.type)) {
      for (let end = at + 1; end <= Math.min(spoken.length, at + MAX_NUMBER_WORDS); end += 1) {
        if (spokenNumber(spoken.slice(at, end).join(' ')) && this.covers(parts, part + 1, spoken, end)) return true;
      }
      return false;
    }
    return (this.forms.get(current.type) ?? []).some(
      (form) =>
        form.length > 0 &&
        form.every((word, index) => spoken[at + index] === word) &&
        this.covers(parts, part + 1, spoken, at + form.length),
    );
  }

  private isEnd(sample: Sample, state: State): boolean {
    return state.part === sample.parts.length && state.node === undefined;
  }

  /** Moves that consume no word: into a custom slot's trie, and out of it where a form ends. */
  private silentMoves(sample: Sample, state: State): State[] {
    const part = sample.parts[state.part];
    if (part?.kind !== 'slot' || NUMBER_TYPES.has(part.type)) return [];
    if (state.node === undefined) return [{ part: state.part, node: this.tries.get(part.type) }];
    return state.node.end ? [{ part: state.part + 1, node: undefined }] : [];
  }

  private wordMoves(sample: Sample, state: State): [string, State][] {
    if (state.node) return [...state.node.next].map(([word, node]) => [word, { part: state.part, node }]);
    const part = sample.parts[state.part];
    if (!part) return [];
    if (part.kind === 'word') return [[part.word, { part: state.part + 1, node: undefined }]];
    return NUMBER_TYPES.has(part.type) ? [[NUMBER, { part: state.part + 1, node: undefined }]] : [];
  }
}

interface State {
  readonly part: number;
  /** Inside a custom slot: where in its type's trie; undefined between parts. */
  readonly node: TrieNode | undefined;
}
interface Pair {
  readonly a: State;
  readonly b: State;
}

const emptyStep: Step = { from: undefined, word: undefined };
const stateKey = (state: State) => `${state.part}.${state.node?.id ?? '-'}`;
const key = (pair: Pair) => `${stateKey(pair.a)}|${stateKey(pair.b)}`;

interface Step {
  readonly from: string | undefined;
  readonly word: string | undefined;
}

function witness(seen: ReadonlyMap<string, Step>, last: string) {
  const spoken: string[] = [];
  for (let at: string | undefined = last; at !== undefined; ) {
    const step: Step = seen.get(at) ?? emptyStep;
    if (step.word !== undefined) spoken.unshift(step.word);
    at = step.from;
  }
  return spoken.join(' ');
}

function trieOf(forms: readonly (readonly string[])[]): TrieNode {
  let ids = 0;
  const node = (): TrieNode => ({ id: ids++, next: new Map(), end: false });
  const root = node();
  for (const form of forms) {
    let at = root;
    for (const word of form) {
      let next = at.next.get(word);
      if (!next) {
        next = node();
        at.next.set(word, next);
      }
      at = next;
    }
    if (form.length > 0) at.end = true;
  }
  return root;
}
