import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SampleLanguage } from '../support/sample-language';

const root = join(__dirname, '../..');

interface Intent {
  name: string;
  slots?: { name: string; type: string; samples?: string[] }[];
  samples: string[];
}
interface Model {
  interactionModel: {
    languageModel: {
      invocationName: string;
      intents: Intent[];
      types: { name: string; values: { id: string; name: { value: string; synonyms?: string[] } }[] }[];
    };
    dialog?: { intents: { name: string }[] };
  };
}

/** What Amazon's built-in intents understand without samples (the ones this model declares), for the overlap check. */
const BUILT_IN_PHRASES = {
  'AMAZON.CancelIntent': ['cancel', 'never mind', 'forget it'],
  'AMAZON.HelpIntent': ['help', 'help me'],
  'AMAZON.StopIntent': ['stop', 'quit', 'shut up'],
  'AMAZON.NavigateHomeIntent': ['home', 'go home'],
  'AMAZON.YesIntent': ['yes', 'yes please', 'sure', 'yeah'],
  'AMAZON.NoIntent': ['no', 'no thanks', 'nope'],
};

/** The slots the skill asks for with Dialog.ElicitSlot (footprint details, the product name, a distance's unit). */
const ELICITED: Record<string, string[]> = {
  EstimateFlightIntent: ['from', 'to', 'via', 'passengers'],
  EstimateTripIntent: ['mode', 'distance', 'unit', 'passengers'],
  EstimateElectricityIntent: ['kwh'],
  DescribeProductIntent: ['product'],
  BuyProductIntent: ['product'],
  CancelSubscriptionIntent: ['product'],
  RefundProductIntent: ['product'],
};

/**
 * Alexa's limits on an interaction model, as published and as the tools report them: SMAPI refuses a model definition
 * longer than 1,000,000 characters (the constraint in ask-cli's error, alexa/ask-cli#9); a skill may have 250 intents
 * and 50,000 custom slot values and synonyms in all; a slot value may be 140 characters (the developer console's
 * error); a sample utterance 200 characters, and all of a locale's sample utterances 200,000. The figures without a
 * quoted source are the commonly cited ones of Amazon's "Interaction model limits" (not reachable from here): the
 * model stays far inside each.
 */
const LIMITS = {
  modelCharacters: 1_000_000,
  intents: 250,
  slotValuesAndSynonyms: 50_000,
  slotValueCharacters: 140,
  sampleCharacters: 200,
  allSampleCharacters: 200_000,
};

const load = (locale: string): Model =>
  JSON.parse(readFileSync(join(root, `skill-package/interactionModels/custom/${locale}.json`), 'utf8'));

describe.each(['en-US', 'en-GB'])('the %s interaction model', (locale) => {
  const { languageModel, dialog } = load(locale).interactionModel;
  const custom = languageModel.intents.filter((intent) => !intent.name.startsWith('AMAZON.'));
  const typeNames = new Set(languageModel.types.map((type) => type.name));

  it('opens with "green horizons"', () => {
    expect(languageModel.invocationName).toBe('green horizons');
  });

  it('declares every slot its samples use, with a known type', () => {
    for (const intent of custom) {
      const declared = new Set((intent.slots ?? []).map((slot) => slot.name));
      for (const sample of [...intent.samples, ...(intent.slots ?? []).flatMap((slot) => slot.samples ?? [])]) {
        for (const [, slot] of sample.matchAll(/\{(\w+)\}/g))
          expect(`${intent.name}: ${slot}`).toBe(
            `${intent.name}: ${[...declared].find((d) => d === slot) ?? '(undeclared)'}`,
          );
      }
      for (const slot of intent.slots ?? [])
        expect(slot.type.startsWith('AMAZON.') || typeNames.has(slot.type)).toBe(true);
    }
  });

  it('has no digits in samples (Alexa rejects them)', () => {
    for (const intent of languageModel.intents) {
      for (const sample of intent.samples) expect(sample.replace(/\{\w+\}/g, '')).not.toMatch(/\d/);
    }
  });

  it('gives no phrase to two intents, with every slot filled with its values and synonyms', () => {
    const language = new SampleLanguage(load(locale), BUILT_IN_PHRASES);
    const claimedTwice: string[] = [];
    for (const [index, a] of language.samples.entries()) {
      for (const b of language.samples.slice(index + 1)) {
        if (a.intent === b.intent) continue;
        const phrase = language.commonPhrase(a, b);
        if (phrase !== undefined) claimedTwice.push(`"${phrase}": ${a.intent} "${a.text}", ${b.intent} "${b.text}"`);
      }
    }

    expect(claimedTwice).toEqual([]);
  });

  it('has what certification asks of a skill with a subscription: "what can I buy", and a cancel-subscription intent', () => {
    const samples = (name: string) => languageModel.intents.find((intent) => intent.name === name)?.samples ?? [];

    expect(samples('WhatCanIBuyIntent')).toContain('what can I buy');
    expect(samples('CancelSubscriptionIntent')).toContain('cancel my subscription');
  });

  it('has a dialog model for every intent whose slots the skill elicits', () => {
    const elicited = custom.filter((intent) => (intent.slots ?? []).some((slot) => slot.samples));
    expect((dialog?.intents ?? []).map((intent) => intent.name).sort()).toEqual(
      elicited.map((intent) => intent.name).sort(),
    );
  });

  it.each(Object.entries(ELICITED))(
    'gives every slot of %s the skill asks for its own samples, for bare answers, in the dialog model',
    (intentName, slots) => {
      const intent = languageModel.intents.find((candidate) => candidate.name === intentName);
      const inDialog = dialog?.intents.find((candidate) => candidate.name === intentName) as
        | { slots?: { name: string }[] }
        | undefined;
      for (const slot of slots) {
        const declared = intent?.slots?.find((candidate) => candidate.name === slot);
        expect(`${slot}: ${declared?.samples?.filter((sample) => sample === `{${slot}}`).length}`).toBe(`${slot}: 1`);
        expect(inDialog?.slots?.map((candidate) => candidate.name)).toContain(slot);
      }
    },
  );

  it("stays within Alexa's interaction model limits", () => {
    const text = JSON.stringify(load(locale));
    const samples = languageModel.intents.flatMap((intent) => [
      ...intent.samples,
      ...(intent.slots ?? []).flatMap((slot) => slot.samples ?? []),
    ]);
    const slotValues = languageModel.types.flatMap((type) =>
      type.values.flatMap((entry) => [entry.name.value, ...(entry.name.synonyms ?? [])]),
    );

    expect(text.length).toBeLessThanOrEqual(LIMITS.modelCharacters);
    expect(languageModel.intents.length).toBeLessThanOrEqual(LIMITS.intents);
    expect(slotValues.length).toBeLessThanOrEqual(LIMITS.slotValuesAndSynonyms);
    expect(Math.max(...slotValues.map((entry) => entry.length))).toBeLessThanOrEqual(LIMITS.slotValueCharacters);
    expect(Math.max(...samples.map((sample) => sample.length))).toBeLessThanOrEqual(LIMITS.sampleCharacters);
    expect(samples.reduce((sum, sample) => sum + sample.length, 0)).toBeLessThanOrEqual(LIMITS.allSampleCharacters);
    for (const intent of languageModel.intents) expect(new Set(intent.samples).size).toBe(intent.samples.length);
  });
});

it('matches its source, scripts/make-interaction-model.mjs (run npm run model after editing it)', () => {
  expect(() =>
    execFileSync(process.execPath, [join(root, 'scripts/make-interaction-model.mjs'), '--check'], { stdio: 'pipe' }),
  ).not.toThrow();
});
