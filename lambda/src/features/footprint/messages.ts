import { listOf } from '../../shared/english';
import { byLocale } from '../../shared/locales';
import type { Variants } from '../../shared/variants';
import type { Airport, Cabin, Comparison, DatasetId, DistanceUnit, SpokenAmount, ValidationError } from './domain';
import type { ElectricityDetail, FlightDetail, FlightFootprint, TravelMode, TripDetail } from './domain/footprints';

/** How footprints are said in English; en-US and en-GB differ in units and a few words. */
export interface FootprintMessages {
  readonly amount: (amount: SpokenAmount) => string;
  readonly distance: (value: number, unit: DistanceUnit) => string;
  readonly comparison: (comparison: Comparison) => string;
  readonly basis: (dataset: DatasetId, flight: boolean) => string;
  readonly flight: (flight: FlightFootprint, spokenDistance: number) => string;
  readonly trip: (mode: TravelMode, distance: number, unit: DistanceUnit, roundTrip: boolean) => string;
  readonly electricity: (kwh: number) => string;
  /** "{activity} comes to about {amount} of CO2{who}." */
  readonly result: (activity: string, amount: string, who: string) => Variants;
  readonly forTravellers: (passengers: number) => string;
  readonly carShare: (people: number) => string;
  readonly followUp: Variants;
  readonly ask: Readonly<Record<FlightDetail | TripDetail | ElectricityDetail, Variants>>;
  readonly reprompt: Readonly<Record<FlightDetail | TripDetail | ElectricityDetail, Variants>>;
  readonly invalid: (error: ValidationError) => string;
  readonly unknownAirport: (spoken: string) => string;
  readonly ambiguousAirport: (spoken: string, candidates: readonly string[]) => string;
  readonly airport: (airport: Airport) => string;
  readonly nonCo2: (kind: 'with-effects' | 'co2-only', amount: string) => string;
  readonly tips: ReadonlyArray<{ readonly id: string; readonly text: string }>;
  readonly tipFollowUp: Variants;
}

export interface EnglishUnits {
  readonly tonnes: string;
  readonly distanceUnit: DistanceUnit;
  readonly petrol: string;
  readonly kilometres: string;
}

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

/** "an 80 mile drive", "an 11 mile ride", "a 100 mile drive": the article follows how the number is said. */
export function articleFor(count: number): 'a' | 'an' {
  const digits = String(Math.trunc(Math.abs(count)));
  return digits.startsWith('8') || /^1[18](\d{3})*$/.test(digits) ? 'an' : 'a';
}

const CABIN_WORDS: Record<Cabin, string> = {
  economy: '',
  'premium-economy': 'premium economy ',
  business: 'business class ',
  first: 'first class ',
};

const MODE_NOUN: Record<TravelMode, string> = {
  car: 'drive',
  suv: 'drive in an SUV',
  electric_car: 'drive in an electric car',
  hybrid_car: 'drive in a hybrid car',
  train: 'train trip',
  commuter_train: 'commuter train ride',
  subway: 'subway ride',
  bus: 'bus ride',
  motorcycle: 'motorcycle ride',
};

/** "Seattle Tacoma" rather than "Seattle–Tacoma International Airport": short enough for one breath. */
function shortAirportName(airport: Airport): string {
  const short = airport.name
    .replace(/[–—-]/g, ' ')
    .replace(/\b(International|Intercontinental|Regional|Municipal)?\s*(Airport|Airfield|Aerodrome)\b/gi, '')
    .replace(/\bInternational\b/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (short === '') return airport.city;
  return short.toLowerCase().includes(airport.city.toLowerCase()) ? short : `${airport.city} ${short}`;
}

export function englishFootprint(units: EnglishUnits): FootprintMessages {
  const distanceWord = (value: number, unit: DistanceUnit) =>
    unit === 'mi'
      ? plural(value, 'mile', 'miles')
      : plural(value, units.kilometres.replace(/s$/, ''), units.kilometres);
  return {
    amount: ({ unit, value }) =>
      unit === 't'
        ? `${value} ${value === 1 ? units.tonnes.replace(/s$/, '') : units.tonnes}`
        : `${value} ${plural(value, 'kilogram', 'kilograms')}`,
    distance: (value, unit) => `${value} ${distanceWord(value, unit)}`,
    comparison: ({ kind, count }) => {
      switch (kind) {
        case 'smartphone-charges':
          return count === 1
            ? `That's like charging a smartphone once.`
            : `That's like charging a smartphone ${count} times.`;
        case 'car-miles':
          return `That's like driving an average ${units.petrol} car ${count} ${plural(count, 'mile', 'miles')}.`;
        case 'car-km':
          return `That's like driving an average ${units.petrol} car ${count} ${distanceWord(count, 'km')}.`;
        case 'tree-seedlings-10-years':
          return count === 1
            ? `That's what one tree seedling takes in over ten years of growing.`
            : `That's what ${count} tree seedlings take in over ten years of growing.`;
        case 'car-years':
          return count === 1
            ? `That's about what one car gives off in a whole year of driving.`
            : `That's about what ${count} cars give off in a whole year of driving.`;
      }
    },
    basis: (dataset, flight) =>
      dataset === 'epa-2025'
        ? `I used US EPA 2025 emission factors${flight ? ', which leave out the extra warming from contrails' : ''}.`
        : `I used UK government 2025 conversion factors${flight ? ', including the extra warming effects of flying' : ''}.`,
    flight: (flight, spokenDistance) => {
      const { estimate } = flight;
      const cabin = CABIN_WORDS[estimate.cabin];
      const kind = estimate.legs === 2 ? `A ${cabin}round trip` : `A one-way ${cabin}flight`;
      const stop = flight.via ? ` via ${shortAirportName(flight.via)}` : '';
      const unit = units.distanceUnit;
      const each = estimate.legs === 2 ? ' each way' : '';
      return `${kind} from ${shortAirportName(flight.from)} to ${shortAirportName(flight.to)}${stop}, about ${spokenDistance} ${distanceWord(spokenDistance, unit)}${each},`;
    },
    trip: (mode, distance, unit, roundTrip) =>
      `${articleFor(distance) === 'an' ? 'An' : 'A'} ${distance} ${unit === 'mi' ? 'mile' : units.kilometres.replace(/s$/, '')} ${MODE_NOUN[mode]}${roundTrip ? ' each way, there and back,' : ''}`,
    electricity: (kwh) => `${kwh} ${plural(kwh, 'kilowatt hour', 'kilowatt hours')} of electricity`,
    result: (activity, amount, who) => [
      `${activity} comes to about ${amount} of CO2${who}.`,
      `${activity} adds up to roughly ${amount} of CO2${who}.`,
      `${activity} works out at about ${amount} of CO2${who}.`,
    ],
    forTravellers: (passengers) => (passengers === 1 ? ' for one traveller' : ` for ${passengers} travellers together`),
    carShare: (people) => (people === 1 ? '' : `, your share with ${people} people in the car`),
    followUp: [
      'Ask about another trip, or for an eco tip.',
      'What else would you like to estimate?',
      'You can ask about another trip, or say give me a tip.',
    ],
    ask: {
      from: [
        'Where does the flight leave from? Name an airport or a city.',
        'Which airport or city are you flying from?',
      ],
      to: ['And where does it land?', 'Which airport or city are you flying to?'],
      via: ['Where is the stop on the way?'],
      passengers: ['How many people are travelling?'],
      mode: ['How did you travel: by car, train, bus, subway or motorcycle?'],
      distance: [
        `How far was it, in ${units.distanceUnit === 'mi' ? 'miles' : units.kilometres}?`,
        `How long was the trip, in ${units.distanceUnit === 'mi' ? 'miles' : units.kilometres}?`,
      ],
      kwh: [
        'How many kilowatt hours was it? It’s on your bill or meter.',
        'How many kilowatt hours of electricity did you use?',
      ],
    },
    reprompt: {
      from: ['Say the airport or city the flight leaves from, for example: from Seattle.'],
      to: ['Say the airport or city the flight lands at, for example: to Boston.'],
      via: ['Say the airport or city of the stopover, for example: via Chicago.'],
      passengers: ['Say a number of travellers, for example: two people.'],
      mode: ['Say car, train, bus, subway or motorcycle.'],
      distance: [`Say a distance, for example: ${units.distanceUnit === 'mi' ? 'fifty miles' : 'eighty kilometres'}.`],
      kwh: ['Say a number of kilowatt hours, for example: five hundred kilowatt hours.'],
    },
    invalid: (error) => {
      const limit = error.limit;
      switch (error.code) {
        case 'not-a-number':
          return `I didn't catch a number there.`;
        case 'not-positive':
          return error.field === 'kwh'
            ? 'The electricity used needs to be more than zero.'
            : error.field === 'passengers'
              ? 'There needs to be at least one traveller.'
              : 'A trip needs a distance of more than zero.';
        case 'not-whole-number':
          return 'Travellers come in whole numbers.';
        case 'too-far':
          return `That's longer than any trip on Earth: I can estimate up to ${limit ?? 20000} ${units.kilometres}${units.distanceUnit === 'mi' ? ', about 12400 miles' : ''}, one way.`;
        case 'too-much-energy':
          return `That's more electricity than a home uses in many years. I can estimate up to ${limit ?? 100000} kilowatt hours.`;
        case 'too-few-passengers':
          return 'There needs to be at least one traveller.';
        case 'too-many-passengers':
          return `That's more people than I can count for one trip: the most is ${limit ?? 500}.`;
        case 'same-airport':
          return 'Those are the same airport, so there is no flight to estimate.';
      }
    },
    unknownAirport: (spoken) => `Sorry, I don't know an airport called ${spoken}.`,
    ambiguousAirport: (spoken, candidates) =>
      `${spoken.charAt(0).toUpperCase()}${spoken.slice(1)} has more than one airport: ${listOf(candidates, 'or')}. Which one?`,
    airport: shortAirportName,
    nonCo2: (kind, amount) =>
      kind === 'with-effects'
        ? `Counting flying's other warming effects, such as contrails, the impact is closer to ${amount}.`
        : `That includes flying's other warming effects, such as contrails; the CO2 alone is about ${amount}.`,
    tips: [
      {
        id: 'cold-wash',
        text: 'Wash clothes on cold or at 30 degrees: most of a washing machine’s energy goes into heating water.',
      },
      {
        id: 'tyres',
        text: 'Keep your tyres at the pressure in your car’s manual: under-inflated tyres burn more fuel on every trip.',
      },
      {
        id: 'train-short-haul',
        text: 'For trips under about 500 miles, the train usually beats flying on both carbon and door-to-door time.',
      },
      {
        id: 'standby',
        text: 'Switch devices off at the wall: electronics on standby can add up to a tenth of a home’s electricity use.',
      },
      {
        id: 'led',
        text: 'Swap the bulbs you use most for LEDs: they use about a fifth of the electricity of old incandescent bulbs.',
      },
      {
        id: 'thermostat',
        text: 'Turning your heating down by one degree is barely noticeable, and cuts heating energy by several percent.',
      },
      {
        id: 'food-waste',
        text: 'Plan meals and use leftovers: food thrown away wastes all the emissions that went into growing and moving it.',
      },
      {
        id: 'direct-flights',
        text: 'If you fly, fly direct and economy: take-offs burn the most fuel, and a business seat takes up more of the plane.',
      },
      {
        id: 'gentle-driving',
        text: 'Drive smoothly: hard acceleration and braking can raise fuel use by a fifth or more at highway speeds.',
      },
      {
        id: 'line-dry',
        text: 'Dry laundry on a line or rack when you can: a tumble dryer is one of the hungriest appliances at home.',
      },
      { id: 'kettle', text: 'Boil only the water you need: filling the kettle for one cup wastes most of the energy.' },
      {
        id: 'green-tariff',
        text: 'Ask your energy supplier about a renewable tariff: it can cut the footprint of your electricity without changing a habit.',
      },
    ],
    tipFollowUp: ['Want another tip, or shall we estimate a trip?', 'Say another tip, or ask about a trip.'],
  };
}

const enUS = englishFootprint({
  tonnes: 'metric tons',
  distanceUnit: 'mi',
  petrol: 'gasoline',
  kilometres: 'kilometers',
});
/** British English: UK government factors, kilometres and tonnes. */
const enGB = englishFootprint({ tonnes: 'tonnes', distanceUnit: 'km', petrol: 'petrol', kilometres: 'kilometres' });
const BY_LOCALE: Readonly<Record<string, FootprintMessages>> = { 'en-US': enUS, 'en-GB': enGB };

/** The skill is published in en-US, which is also the fallback for any other locale. */
export function footprintMessagesFor(locale: string | undefined): FootprintMessages {
  return byLocale(BY_LOCALE, locale, enUS);
}
