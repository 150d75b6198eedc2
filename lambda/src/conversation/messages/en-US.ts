import { englishFootprint } from '../../features/footprint/speech/english';
import { englishOffset } from '../../features/offsets/speech/english';
import { englishPurchases } from '../../features/purchases/speech/english';
import type { Messages } from './messages';

const whatYouCanSay = 'You can ask about a flight, a drive, a train or bus trip, or your home electricity.';

export const enUS: Messages = {
  launch: {
    firstVisit: [
      `Welcome to Green Horizons. I can tell you what a trip or a month of electricity costs the climate. Try: what's the footprint of a flight from Seattle to New York?`,
      `Welcome to Green Horizons, where you can find out the climate cost of everyday things. For example, ask: how much carbon is a hundred mile drive?`,
    ],
    returning: [
      'Welcome back to Green Horizons. What trip or bill shall we look at?',
      'Good to hear from you again. What would you like to estimate?',
      'Welcome back. Ask me about a flight, a drive, or your electricity.',
    ],
    welcomeBack: ['Welcome back to Green Horizons.', 'Welcome back.'],
    reprompt: [`What would you like to estimate? ${whatYouCanSay}`],
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
    reprompt: [`What would you like to do? ${whatYouCanSay}`],
  },
  home: {
    prompt: ['Back to the start. What would you like to estimate?'],
    reprompt: [`What would you like to estimate? ${whatYouCanSay}`],
  },
  goodbye: [
    'Goodbye, and thanks for thinking about the planet.',
    'Goodbye. Every trip counted is a start.',
    'Bye for now.',
  ],
  fallback: {
    start: [`Sorry, I didn't catch that. ${whatYouCanSay}`, `Hmm, I'm not sure what you meant. ${whatYouCanSay}`],
    estimate: [
      `Sorry, I didn't get that. For a flight, name two airports or cities; for a drive, give the distance. What would you like to estimate?`,
    ],
    tip: [`Sorry, I didn't get that. Say another tip, or ask about a trip.`],
    shopping: [`Sorry, I didn't get that. You can ask what you can buy, or go back to estimating trips.`],
    offset: [`Sorry, I didn't get that. You can say offset it, or ask about another trip.`],
    reprompt: [`What would you like to do? ${whatYouCanSay}`],
  },
  error: {
    apology: [
      `Sorry, something went wrong on my side. Let's try that again.`,
      `Sorry, I had trouble with that one. Could you say it again?`,
    ],
    reprompt: [`What would you like to do? ${whatYouCanSay}`],
  },
  conflict: {
    retry: [`Sorry, your account was busy on another device just then. Please say that again.`],
  },
  footprint: englishFootprint({
    tonnes: 'metric tons',
    distanceUnit: 'mi',
    petrol: 'gasoline',
    kilometres: 'kilometers',
  }),
  purchases: englishPurchases,
  offset: englishOffset,
};
