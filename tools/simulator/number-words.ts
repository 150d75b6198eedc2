/**
 * Spoken whole numbers to digits, as Alexa fills AMAZON.NUMBER slots ("a hundred" → "100",
 * "two thousand and twenty five" → "2025"). Digits pass through ("1,200" → "1200").
 */

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  oh: 0,
  one: 1,
  a: 1, // only before hundred, thousand…
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const SCALES: Readonly<Record<string, number>> = { thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 };

/** The digits for a spoken number, or undefined when the words are not one. */
export function spokenNumber(text: string): string | undefined {
  const compact = text.trim().replace(/,/g, '');
  if (/^-?\d+$/.test(compact)) return String(Number(compact));
  const words = compact
    .toLowerCase()
    .replace(/-/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== 'and');
  const value = wordsToNumber(words);
  return value === undefined ? undefined : String(value);
}

function wordsToNumber(words: readonly string[]): number | undefined {
  if (words.length === 0) return undefined;
  let total = 0;
  let group = 0;
  for (const [index, word] of words.entries()) {
    const next = words[index + 1];
    const unit = UNITS[word];
    const scale = SCALES[word];
    if (word === 'a' && !(next === 'hundred' || (next !== undefined && SCALES[next] !== undefined))) return undefined;
    if (unit !== undefined) group += unit;
    else if (word === 'hundred') group = (group === 0 ? 1 : group) * 100;
    else if (scale !== undefined) {
      total += (group === 0 ? 1 : group) * scale;
      group = 0;
    } else return undefined;
  }
  return total + group;
}

const DIGITS: Readonly<Record<string, string>> = {
  zero: '0',
  oh: '0',
  o: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

/** Digits said one at a time ("one two three four" → "1234", "0 4 8 2" → "0482"); undefined for anything else. */
export function spokenDigits(words: readonly string[]): string | undefined {
  if (words.length === 1 && /^\d+$/.test(words[0] ?? '')) return words[0];
  const digits = words.map((word) => (/^\d$/.test(word) ? word : DIGITS[word.toLowerCase()]));
  return words.length > 1 && digits.every((digit) => digit !== undefined) ? digits.join('') : undefined;
}
