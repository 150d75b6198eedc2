import { listOf } from '../../shared/english';
import { byLocale } from '../../shared/locales';
import type { Variants } from '../../shared/variants';
import type {
  Cabin,
  CarFuel,
  CarSize,
  Comparison,
  DatasetId,
  DistanceUnit,
  Seat,
  SpokenAmount,
  ValidationError,
} from './domain';
import type { ElectricityDetail, FlightDetail, FlightFootprint, TravelMode, TripDetail } from './domain/footprints';

export type Detail = FlightDetail | TripDetail | ElectricityDetail;
export type EstimateKind = 'flight' | 'trip' | 'electricity' | 'zero-carbon';

/** The airports of a flight as the estimate names them ("Seattle", "New York JFK"). */
export interface FlightNames {
  readonly from: string;
  readonly to: string;
  readonly via: string | undefined;
}

/** How footprints are said in English; en-US and en-GB differ in units and a few words. */
export interface FootprintMessages {
  readonly amount: (amount: SpokenAmount) => string;
  readonly distance: (value: number, unit: DistanceUnit) => string;
  /** `amount` says a number of grams the way estimates are said. */
  readonly comparison: (comparison: Comparison, amount: (grams: number) => string) => string;
  /** The factors an answer used, said once a session, briefly. */
  readonly basis: (dataset: DatasetId, flight: boolean) => string;
  readonly flight: (flight: FlightFootprint, spokenDistance: number, names: FlightNames) => string;
  /** When the seat the figure is for is not the cabin asked for (the factors do not tell them apart). */
  readonly seatNote: (asked: Cabin, seat: Seat) => string;
  readonly trip: (
    mode: TravelMode,
    distance: number,
    unit: DistanceUnit,
    roundTrip: boolean,
    car?: { readonly size?: CarSize | undefined; readonly fuel?: CarFuel | undefined },
  ) => string;
  /** A walk or a bike ride: no fuel, no CO2. */
  readonly zeroCarbon: (activity: string) => Variants;
  readonly electricity: (kwh: number) => string;
  /** "{activity} comes to about {amount} of CO2{who}." */
  readonly result: (activity: string, amount: string, who: string) => Variants;
  readonly forTravellers: (passengers: number) => string;
  readonly carShare: (people: number) => string;
  /** The question after an estimate that nothing else follows: it fits what was just estimated. */
  readonly followUp: Readonly<Record<EstimateKind, Variants>>;
  readonly followUpReprompt: Variants;
  readonly ask: Readonly<Record<Detail, Variants>>;
  readonly reprompt: Readonly<Record<Detail, Variants>>;
  /** Help at the question for each detail (the question follows). */
  readonly help: Readonly<Record<Detail, string>>;
  readonly whichUnit: (distance: number) => string;
  readonly invalid: (error: ValidationError) => string;
  /** An airport that did not resolve: never said back (it may be anything Alexa heard). */
  readonly unknownAirport: string;
  /** `times`: how often this "which one?" was asked already; each time is worded anew. */
  readonly ambiguousAirport: (spoken: string, choices: readonly string[], firstCode: string, times: number) => string;
  /** A trip between places, distance not said: the straight line to go by, then "how far?". */
  readonly distanceBetween: (mode: TravelMode, from: string, to: string, straight: number) => string;
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

const SEAT_WORDS: Record<Seat, string> = {
  average: '',
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
  walk: 'walk',
  bike: 'bike ride',
};

const titleCase = (text: string) => text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
const spelled = (code: string) => code.split('').join(' ');

export function englishFootprint(units: EnglishUnits): FootprintMessages {
  const kilometre = units.kilometres.replace(/s$/, '');
  const distanceWord = (value: number, unit: DistanceUnit) =>
    unit === 'mi' ? plural(value, 'mile', 'miles') : plural(value, kilometre, units.kilometres);
  const localUnit = units.distanceUnit === 'mi' ? 'miles' : units.kilometres;
  const otherUnit = units.distanceUnit === 'mi' ? units.kilometres : 'miles';
  const fuelWord = (fuel: CarFuel) => (fuel === 'petrol' ? units.petrol : fuel);
  const carWords = (mode: TravelMode, car?: { size?: CarSize | undefined; fuel?: CarFuel | undefined }) => {
    const size = car?.size && car.size !== 'suv' ? `${car.size} ` : '';
    if (mode === 'car' && (size || car?.fuel))
      return `drive in a ${size}${car?.fuel ? `${fuelWord(car.fuel)} ` : ''}car`;
    if ((mode === 'hybrid_car' || mode === 'electric_car') && size) {
      return `drive in a ${size}${mode === 'hybrid_car' ? 'hybrid' : 'electric'} car`;
    }
    return MODE_NOUN[mode];
  };
  return {
    amount: ({ unit, value }) =>
      unit === 't'
        ? `${value} ${value === 1 ? units.tonnes.replace(/s$/, '') : units.tonnes}`
        : `${value} ${plural(value, 'kilogram', 'kilograms')}`,
    distance: (value, unit) => `${value} ${distanceWord(value, unit)}`,
    comparison: ({ kind, count, unit }, amount) => {
      switch (kind) {
        case 'car-distance':
          return `That's like driving an average car ${count} ${distanceWord(count, unit)}.`;
        case 'by-train':
          return `By train it would be about ${amount(count)}.`;
        case 'led-hours':
          return `That's like lighting an LED bulb for ${count} ${plural(count, 'hour', 'hours')}.`;
        case 'around-the-world':
          return count === 1
            ? `That's like driving an average car once around the world.`
            : `That's like driving an average car around the world ${count} times.`;
      }
    },
    basis: (dataset, flight) =>
      dataset === 'epa-2025'
        ? `From US EPA 2025 factors${flight ? ', CO2 only' : ''}.`
        : `From UK government 2025 factors${flight ? ', contrails included' : ''}.`,
    flight: (flight, spokenDistance, names) => {
      const { estimate } = flight;
      const seat = SEAT_WORDS[estimate.seat];
      const kind = estimate.legs === 2 ? `A ${seat}round trip` : `A ${seat}flight`;
      const stop = names.via ? ` via ${names.via}` : '';
      const each = estimate.legs === 2 ? ' each way' : '';
      return `${kind} from ${names.from} to ${names.to}${stop}, about ${spokenDistance} ${distanceWord(spokenDistance, units.distanceUnit)}${each},`;
    },
    seatNote: (asked, seat) =>
      seat === 'average'
        ? `Flights this short have one figure for every seat.`
        : `Flights this short have no separate ${SEAT_WORDS[asked].trim()} figure, so this is ${SEAT_WORDS[seat].trim() || 'economy'}.`,
    trip: (mode, distance, unit, roundTrip, car) =>
      `${articleFor(distance) === 'an' ? 'An' : 'A'} ${distance} ${unit === 'mi' ? 'mile' : kilometre} ${carWords(mode, car)}${roundTrip ? ' each way, there and back,' : ''}`,
    zeroCarbon: (activity) => [
      `${activity} burns no fuel, so it adds no CO2 at all.`,
      `${activity} gives off no CO2 from fuel: nice choice.`,
    ],
    electricity: (kwh) => `${kwh} ${plural(kwh, 'kilowatt hour', 'kilowatt hours')} of electricity`,
    result: (activity, amount, who) => [
      `${activity} comes to about ${amount} of CO2${who}.`,
      `${activity} adds up to roughly ${amount} of CO2${who}.`,
      `${activity} works out at about ${amount} of CO2${who}.`,
    ],
    forTravellers: (passengers) => (passengers === 1 ? '' : ` for ${passengers} travellers together`),
    carShare: (people) => (people === 1 ? '' : `, your share with ${people} people in the car`),
    followUp: {
      flight: ['What other trip shall we look at?', 'Shall we look at another trip?'],
      trip: ['What other trip shall we look at?', 'Shall we look at another trip, or a flight?'],
      electricity: ['Shall we look at a trip next, or another bill?', 'What else shall we estimate?'],
      'zero-carbon': ['What other trip shall we look at?', 'Shall we look at another trip?'],
    },
    followUpReprompt: ['You can ask about a flight, a drive, or your electricity. What shall we estimate?'],
    ask: {
      from: ['Where does the flight leave from?', 'Which airport or city are you flying from?'],
      to: ['And where did it fly to?', 'And where to?'],
      via: ['Where is the stop on the way?'],
      passengers: ['How many people are travelling?'],
      mode: ['How did you travel: by car, train, bus, subway or motorcycle?'],
      distance: [`How far was it, in ${localUnit}?`, `How long was the trip, in ${localUnit}?`],
      unit: [`Was that in ${localUnit} or ${otherUnit}?`],
      kwh: ['How many kilowatt hours was it? It’s on your bill or meter.', 'How many kilowatt hours did you use?'],
    },
    reprompt: {
      from: ['For example, Seattle, or an airport code like S E A. Where does the flight leave from?'],
      to: ['For example, Boston. Which airport or city does the flight land at?'],
      via: ['For example, Chicago. Where is the stopover?'],
      passengers: ['For example, two people. How many are travelling?'],
      mode: ['Was it by car, train, bus, subway, motorcycle, bike, or on foot?'],
      distance: [`For example, ${units.distanceUnit === 'mi' ? 'fifty miles' : 'eighty kilometres'}. How far was it?`],
      unit: [`Was it ${localUnit} or ${otherUnit}?`],
      kwh: ['For example, five hundred kilowatt hours. How many was it?'],
    },
    help: {
      from: 'I need the airport or city the flight left from. You can say a city, an airport name, or its three-letter code.',
      to: 'I need the airport or city the flight went to. You can say a city, an airport name, or its three-letter code.',
      via: 'I need the airport or city where the flight stopped on the way.',
      passengers: 'I need the number of people on the trip, counting you.',
      mode: 'I need how you travelled: by car, train, bus, subway or motorcycle, or by bike or on foot.',
      distance: `I need the distance of the trip, one way, in ${localUnit} or ${otherUnit}.`,
      unit: `I didn't catch the unit of the distance, so I'd rather ask than guess.`,
      kwh: 'I need the electricity used, in kilowatt hours: it is on your bill or your meter.',
    },
    whichUnit: (distance) => `Was that ${distance} ${localUnit} or ${distance} ${otherUnit}?`,
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
    unknownAirport: `Sorry, I didn't catch that airport.`,
    ambiguousAirport: (spoken, choices, firstCode, times) => {
      const city = titleCase(spoken);
      const options = listOf(choices, 'or');
      if (times === 0) return `Which ${city} airport: ${options}?`;
      if (times === 1) return `Sorry, which ${city} airport was it: ${options}?`;
      return `You can also say its code, like ${spelled(firstCode)}. Is it ${options}?`;
    },
    distanceBetween: (mode, from, to, straight) =>
      `In a straight line, ${titleCase(from)} to ${titleCase(to)} is about ${straight} ${distanceWord(straight, units.distanceUnit)}. How far was the ${MODE_NOUN[mode].replace(/^drive.*/, 'drive')}?`,
    nonCo2: (kind, amount) =>
      kind === 'with-effects'
        ? `Counting contrails and flying's other warming effects, it's closer to ${amount}.`
        : `That includes flying's other warming effects; the CO2 alone is about ${amount}.`,
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
    tipFollowUp: ['Want another tip, or shall we estimate a trip?', 'Would you like another tip, or an estimate?'],
  };
}

const enUS = englishFootprint({
  tonnes: 'metric tons',
  distanceUnit: 'mi',
  petrol: 'gas',
  kilometres: 'kilometers',
});
/** British English: UK government factors, kilometres and tonnes. */
const enGB = englishFootprint({ tonnes: 'tonnes', distanceUnit: 'km', petrol: 'petrol', kilometres: 'kilometres' });
const BY_LOCALE: Readonly<Record<string, FootprintMessages>> = { 'en-US': enUS, 'en-GB': enGB };

/** The skill is published in en-US, which is also the fallback for any other locale. */
export function footprintMessagesFor(locale: string | undefined): FootprintMessages {
  return byLocale(BY_LOCALE, locale, enUS);
}
