import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spokenNumber } from '../../../tools/simulator/number-words';
import { parseSpokenInput } from '../../../tools/simulator/spoken-input';
import { UtteranceResolver, words } from '../../../tools/simulator/utterance-resolver';
import { findProjectRoot } from '../../../tools/stand-ins/project-root';

const MODEL = {
  interactionModel: {
    languageModel: {
      invocationName: 'green horizons',
      intents: [
        { name: 'AMAZON.FallbackIntent', samples: [] },
        { name: 'AMAZON.HelpIntent', samples: ['what can you do'] },
        { name: 'AMAZON.StopIntent', samples: [] },
        {
          name: 'FlightIntent',
          slots: [
            { name: 'from', type: 'AMAZON.City' },
            { name: 'to', type: 'AMAZON.City' },
          ],
          samples: ["what's the footprint of a flight from {from} to {to}", 'a flight from {from} to {to}'],
        },
        {
          name: 'DriveIntent',
          slots: [
            { name: 'distance', type: 'AMAZON.NUMBER' },
            { name: 'unit', type: 'DistanceUnit' },
          ],
          samples: ['how much carbon is a {distance} {unit} drive', 'a {distance} {unit} drive'],
        },
        { name: 'BuyIntent', slots: [{ name: 'product', type: 'ProductName' }], samples: ['buy {product}'] },
      ],
      types: [
        {
          name: 'DistanceUnit',
          values: [
            { id: 'MILE', name: { value: 'mile', synonyms: ['miles'] } },
            { id: 'KM', name: { value: 'kilometer', synonyms: ['kilometers', 'km'] } },
          ],
        },
        { name: 'ProductName', values: [{ id: 'green_plus', name: { value: 'green plus', synonyms: ['premium'] } }] },
      ],
    },
  },
};

describe('UtteranceResolver', () => {
  const resolver = new UtteranceResolver(MODEL);

  it('fills slots from samples, keeping what was said', () => {
    expect(resolver.resolve("What's the footprint of a flight from Boston to New York?")).toEqual({
      intent: 'FlightIntent',
      slots: { from: 'Boston', to: 'New York' },
      sample: "what's the footprint of a flight from {from} to {to}",
    });
  });

  it('splits adjacent slots and sends numbers as digits', () => {
    expect(resolver.resolve('how much carbon is a hundred mile drive')?.slots).toEqual({
      distance: '100',
      unit: 'mile',
    });
    expect(resolver.resolve('a 250 km drive')?.slots).toEqual({ distance: '250', unit: 'km' });
    expect(resolver.resolve('a two thousand and five miles drive')?.slots).toEqual({ distance: '2005', unit: 'miles' });
  });

  it('lets a custom slot hold a value its type does not list (entity resolution then says NO_MATCH)', () => {
    expect(resolver.resolve('buy the moon')).toMatchObject({ intent: 'BuyIntent', slots: { product: 'the moon' } });
  });

  it("understands the built-in intents' usual phrases, but only the intents the model declares", () => {
    expect(resolver.resolve('help me')?.intent).toBe('AMAZON.HelpIntent');
    expect(resolver.resolve('what can you do')?.intent).toBe('AMAZON.HelpIntent');
    expect(resolver.resolve('stop')?.intent).toBe('AMAZON.StopIntent');
    expect(resolver.resolve('yes')).toBeUndefined();
    expect(resolver.resolve('tell me a joke')).toBeUndefined();
  });

  it("takes a bare answer through the elicited slot's own samples, unless another intent says more", () => {
    const elicited = { intent: 'FlightIntent', slot: 'to' };
    const model = structuredClone(MODEL);
    const flight = model.interactionModel.languageModel.intents.find((intent) => intent.name === 'FlightIntent');
    if (!flight?.slots?.[1]) throw new Error('no FlightIntent');
    Object.assign(flight.slots[1], { samples: ['{to}', 'to {to}'] });
    const eliciting = new UtteranceResolver(model);

    expect(eliciting.resolve('heathrow', elicited)).toEqual({
      intent: 'FlightIntent',
      slots: { to: 'heathrow' },
      sample: '{to}',
    });
    expect(eliciting.resolve('heathrow')).toBeUndefined();
    expect(eliciting.resolve('help', elicited)?.intent).toBe('AMAZON.HelpIntent');
  });

  it('reads CO2 as Alexa hears it: letters and a number, as samples spell it', () => {
    expect(words('how much CO2 is it')).toEqual(['how', 'much', 'c', 'o', 'two', 'is', 'it']);
  });

  it('reads the checked-in interaction model', () => {
    const path = join(findProjectRoot(), 'skill-package/interactionModels/custom/en-US.json');
    const checkedIn = new UtteranceResolver(JSON.parse(readFileSync(path, 'utf8')));
    expect(checkedIn.intents).toContain('AMAZON.FallbackIntent');
    expect(checkedIn.resolve('help')?.intent).toBe('AMAZON.HelpIntent');
  });
});

describe('spokenNumber', () => {
  it.each([
    ['42', '42'],
    ['1,200', '1200'],
    ['a hundred', '100'],
    ['twenty-five', '25'],
    ['three hundred and twelve', '312'],
    ['two thousand twenty four', '2024'],
    ['one million', '1000000'],
  ])('reads %s as %s', (spoken, digits) => {
    expect(spokenNumber(spoken)).toBe(digits);
  });

  it.each(['a', 'mile', 'a five', ''])('does not read %p as a number', (spoken) => {
    expect(spokenNumber(spoken)).toBeUndefined();
  });
});

describe('parseSpokenInput', () => {
  const parse = (text: string) => parseSpokenInput(text, 'green horizons');

  it('reads invocations, one-shots, exit and in-session speech', () => {
    expect(parse('open green horizons')).toEqual({ kind: 'launch' });
    expect(parse('Alexa, launch Green Horizons.')).toEqual({ kind: 'launch' });
    expect(parse('talk to green horizons')).toEqual({ kind: 'launch' });
    expect(parse('ask green horizons for help')).toEqual({ kind: 'one-shot', utterance: 'help' });
    expect(parse('ask green horizons what a flight from Boston to Denver costs')).toEqual({
      kind: 'one-shot',
      utterance: 'what a flight from Boston to Denver costs',
    });
    expect(parse('a hundred mile drive using green horizons')).toEqual({
      kind: 'one-shot',
      utterance: 'a hundred mile drive',
    });
    expect(parse('exit')).toEqual({ kind: 'exit' });
    expect(parse('what can I tell you')).toEqual({ kind: 'utterance', utterance: 'what can I tell you' });
  });
});
