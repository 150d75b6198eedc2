import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

interface Intent {
  name: string;
  slots?: { name: string; type: string; samples?: string[] }[];
  samples: string[];
}
interface Model {
  interactionModel: {
    languageModel: { invocationName: string; intents: Intent[]; types: { name: string; values: { id: string }[] }[] };
    dialog?: { intents: { name: string }[] };
  };
}

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

  it('gives no sample to two intents, and no digits (Alexa rejects them in samples)', () => {
    const owner = new Map<string, string>();
    for (const intent of languageModel.intents) {
      for (const sample of intent.samples) {
        const key = sample.toLowerCase();
        expect(owner.get(key) ?? intent.name).toBe(intent.name);
        owner.set(key, intent.name);
        expect(sample.replace(/\{\w+\}/g, '')).not.toMatch(/\d/);
      }
    }
  });

  it('has a dialog model for every intent whose slots the skill elicits', () => {
    const elicited = custom.filter((intent) => (intent.slots ?? []).some((slot) => slot.samples));
    expect((dialog?.intents ?? []).map((intent) => intent.name).sort()).toEqual(
      elicited.map((intent) => intent.name).sort(),
    );
  });
});

it('matches its source, scripts/make-interaction-model.mjs (run npm run model after editing it)', () => {
  expect(() =>
    execFileSync(process.execPath, [join(root, 'scripts/make-interaction-model.mjs'), '--check'], { stdio: 'pipe' }),
  ).not.toThrow();
});
