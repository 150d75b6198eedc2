import { byLocale } from '../shared/locales';
import type { Variants } from '../shared/variants';
import type { Topic } from './conversation-state';

/**
 * What the conversation itself says, per locale: greetings, help, fallback, goodbye, apologies, and the one way to
 * go on after an answer. Each feature keeps its own sentences in its speech module.
 */
export interface CoreMessages {
  readonly launch: {
    readonly firstVisit: Variants;
    readonly returning: Variants;
    /** Before a question about something unfinished. */
    readonly welcomeBack: Variants;
    readonly reprompt: Variants;
  };
  readonly help: Readonly<Record<Topic, Variants>> & {
    readonly reprompt: Variants;
    /** Help at a question whose feature has no words of its own for it. */
    readonly atQuestion: Variants;
  };
  readonly repeat: { readonly nothingYet: Variants };
  readonly home: { readonly prompt: Variants; readonly reprompt: Variants };
  readonly goodbye: Variants;
  readonly fallback: Readonly<Record<Topic, Variants>> & {
    readonly reprompt: Variants;
    /** Before a question asked again: one after the other, so a second miss does not sound like the first. */
    readonly atQuestion: Variants;
  };
  readonly error: { readonly apology: Variants; readonly reprompt: Variants };
  readonly conflict: { readonly retry: Variants };
  /** The turn ran out of time (shared/deadline.ts): say so and ask the same again; nothing was lost. */
  readonly deadline: { readonly apology: Variants; readonly reprompt: Variants };
  /** Requests the skill will not read (conversation/edge.ts). */
  readonly edge: {
    /** No valid user ID or locale: nothing can be done for it. */
    readonly malformed: Variants;
    /** A slot value or a payload far longer than anyone says. */
    readonly tooLong: Variants;
    readonly tooLongReprompt: Variants;
    /** The session state came back too big to be ours: it is dropped. */
    readonly lostTrack: Variants;
  };
  /** After an answer that asks nothing itself: what next (`Reply.goOn`), and its reprompt. */
  readonly next: Variants;
  readonly nextReprompt: Variants;
}

const whatYouCanSay = 'You can ask about a flight, a drive, a train or bus trip, or your home electricity.';

const enUS: CoreMessages = {
  launch: {
    firstVisit: [
      `Welcome to Green Horizons. I can tell you what a trip or a month of electricity costs the climate. Try: what's the footprint of a flight from Seattle to Boston?`,
      `Welcome to Green Horizons, where you can find out the climate cost of everyday things. For example, ask: how much carbon is a hundred mile drive?`,
    ],
    returning: [
      'Welcome back to Green Horizons. What trip or bill shall we look at?',
      'Good to hear from you again. What would you like to estimate?',
      'Welcome back. Shall we look at a flight, a drive, or your electricity?',
    ],
    welcomeBack: ['Welcome back to Green Horizons.', 'Welcome back.'],
    reprompt: [`${whatYouCanSay} What would you like to estimate?`],
  },
  help: {
    start: [
      `${whatYouCanSay} For example: what's the footprint of a flight from Boston to Chicago? You can also ask for an eco tip. What would you like to do?`,
    ],
    estimate: [
      `Tell me the trip and I'll estimate it. For a flight, name the two airports or cities. For a drive, say the distance, like two hundred miles. For electricity, say the kilowatt hours from your bill. What would you like to estimate?`,
    ],
    tip: [`I can give you another eco tip, or estimate a trip or a bill. Which would you like?`],
    shopping: [
      `You can ask what you can buy, ask about a product by name, or say buy and the product's name. Or go back to estimating trips. What would you like?`,
    ],
    offset: [
      `You can offset your last estimate by saying offset it, check an order by saying where is my order, or ask about another trip. What would you like?`,
    ],
    reprompt: [`${whatYouCanSay} What would you like to do?`],
    atQuestion: [`I'm waiting for your answer to my question.`],
  },
  repeat: { nothingYet: [`I haven't said anything yet. ${whatYouCanSay} What would you like to estimate?`] },
  home: {
    prompt: ['Back to the start. What would you like to estimate?'],
    reprompt: [`${whatYouCanSay} What would you like to estimate?`],
  },
  goodbye: [
    'Goodbye, and thanks for thinking about the planet.',
    'Goodbye. Every trip counted is a start.',
    'Bye for now.',
  ],
  fallback: {
    start: [
      `Sorry, I didn't catch that. ${whatYouCanSay} What would you like?`,
      `Hmm, I'm not sure what you meant. ${whatYouCanSay} What shall we estimate?`,
    ],
    estimate: [
      `Sorry, I didn't get that. For a flight, name two airports or cities; for a drive, give the distance. What would you like to estimate?`,
    ],
    tip: [`Sorry, I didn't get that. Would you like another tip, or an estimate?`],
    shopping: [
      `Sorry, I didn't get that. You can ask what you can buy, or go back to estimating trips. Which would you like?`,
    ],
    offset: [`Sorry, I didn't get that. You can say offset it, or ask about another trip. Which would you like?`],
    reprompt: [`${whatYouCanSay} What would you like to do?`],
    atQuestion: [`Sorry, I didn't catch that.`, `Sorry, I still didn't get that.`, `Let me ask that once more.`],
  },
  error: {
    apology: [
      `Sorry, something went wrong on my side. Could you say that again?`,
      `Sorry, I had trouble with that one. Could you say it again?`,
    ],
    reprompt: [`${whatYouCanSay} What would you like to do?`],
  },
  conflict: {
    retry: [`Sorry, your account was busy on another device just then. Could you say that again?`],
  },
  deadline: {
    apology: [
      `Sorry, that took me longer than it should have. Could you say that again?`,
      `Sorry, I couldn't finish that in time. Could you say it again?`,
    ],
    reprompt: [`Could you say that again, or ask me something else?`],
  },
  edge: {
    malformed: [`Sorry, that request reached me incomplete, so I can't help with it.`],
    tooLong: [`That was more than I can take in at once. Could you say it in a few words?`],
    tooLongReprompt: [`Could you say that again, in a few words?`],
    lostTrack: [`Sorry, I lost track of where we were.`],
  },
  next: ['What would you like to do next?', 'What shall we look at now?', 'What next: a trip, a bill, or an eco tip?'],
  nextReprompt: ['You can estimate a flight, a drive or your electricity, or ask for a tip. What would you like?'],
};

/** British English: the same words but for examples with UK places and kilometres. */
const enGB: CoreMessages = {
  ...enUS,
  launch: {
    ...enUS.launch,
    firstVisit: [
      `Welcome to Green Horizons. I can tell you what a trip or a month of electricity costs the climate. Try: what's the footprint of a flight from Glasgow to Dublin?`,
      `Welcome to Green Horizons, where you can find out the climate cost of everyday things. For example, ask: how much carbon is a hundred kilometre drive?`,
    ],
  },
};

const BY_LOCALE: Readonly<Record<string, CoreMessages>> = { 'en-US': enUS, 'en-GB': enGB };

/** The skill is published in en-US, which is also the fallback for any other locale (`constructor` included). */
export function coreMessagesFor(locale: string | undefined): CoreMessages {
  return byLocale(BY_LOCALE, locale, enUS);
}
