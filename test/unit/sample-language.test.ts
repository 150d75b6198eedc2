import { SampleLanguage } from '../support/sample-language';

const model = {
  interactionModel: {
    languageModel: {
      intents: [
        {
          name: 'A',
          samples: ['buy {product}', 'a {distance} {mode}'],
          slots: [
            { name: 'product', type: 'PRODUCT' },
            { name: 'distance', type: 'AMAZON.NUMBER' },
            { name: 'mode', type: 'MODE' },
          ],
        },
        {
          name: 'B',
          samples: ['buy the {product}', 'a one {mode}', 'a {distance} one way drive', 'buy travel'],
          slots: [
            { name: 'product', type: 'PRODUCT' },
            { name: 'mode', type: 'MODE' },
            { name: 'distance', type: 'AMAZON.NUMBER' },
          ],
        },
      ],
      types: [
        { name: 'PRODUCT', values: [{ name: { value: 'travel pack', synonyms: ['the travel pack', 'plus'] } }] },
        { name: 'MODE', values: [{ name: { value: 'drive', synonyms: ['one way drive'] } }] },
      ],
    },
  },
};

const language = new SampleLanguage(model);
const sample = (text: string) => {
  const found = language.samples.find((candidate) => candidate.text === text);
  if (!found) throw new Error(`no sample "${text}"`);
  return found;
};

describe('SampleLanguage', () => {
  it('finds a phrase two samples share through slot values on both sides', () => {
    expect(language.commonPhrase(sample('buy {product}'), sample('buy the {product}'))).toBe('buy the travel pack');
  });

  it('lets a number slot stand for a number word, and a number slot for another', () => {
    expect(language.commonPhrase(sample('a {distance} {mode}'), sample('a one {mode}'))).toBe('a one drive');
    expect(language.commonPhrase(sample('a {distance} {mode}'), sample('a {distance} one way drive'))).toBe(
      'a N one way drive',
    );
  });

  it('finds nothing where no filling makes the samples meet', () => {
    expect(language.commonPhrase(sample('buy {product}'), sample('buy travel'))).toBeUndefined();
  });

  it('matches a phrase only with values the slot types define, and spoken numbers', () => {
    expect(language.matches('a twenty five drive').map((match) => match.text)).toEqual(['a {distance} {mode}']);
    expect(language.matches('Buy the travel pack.').map((match) => match.text)).toEqual([
      'buy {product}',
      'buy the {product}',
    ]);
    expect(language.matches('buy a pony')).toEqual([]);
  });
});
