// Writes skill-package/interactionModels/custom/{en-US,en-GB}.json. This script is the model's source: edit it, run
// `npm run model`, commit both. The AIRPORT slot type's values come from lambda/src/features/footprint/data/airports.json
// (large airports, and those of cities with several in metro-areas.json); the skill resolves what was said itself
// (lambda/src/features/footprint/domain/airports.ts), so these values only teach Alexa's recogniser the names. The
// everyday phrasings are generated from a small grammar (`expand`, ASKING). test/unit/interaction-model.test.ts fails
// when the JSON and this script differ, when a phrase belongs to two intents, or when the model passes Alexa's limits.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const spelled = (code) => `${code.toLowerCase().split('').join('. ')}.`;

/**
 * The AIRPORT values: every large airport by its name, with its city, its name without "International Airport", its
 * spelled code, and for a city served by several airports (data/metro-areas.json) the words the skill offers in its
 * "which one?" ("Heathrow", "JFK"), so that the answer is recognised.
 */
function airportValues() {
  const data = (file) => JSON.parse(readFileSync(join(root, 'lambda/src/features/footprint/data', file), 'utf8'));
  const metro = new Map(
    data('metro-areas.json').areas.flatMap((area) =>
      area.airports.map(([iata, choice, name]) => [iata, [choice, name]]),
    ),
  );
  const clean = (text) =>
    text
      .replace(/[^\p{L}\p{N}' .]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const core = (name) => clean(name.replace(/\b(International|Intercontinental|Airport|Airfield)\b/gi, ' '));
  return data('airports.json')
    .rows.filter((row) => row[6] === 'L' || metro.has(row[0]))
    .map(([iata, name, city]) => {
      const forms = [clean(city), core(name), ...(metro.get(iata) ?? []).map(clean), spelled(iata)];
      const synonyms = [...new Set(forms)].filter((s) => s && s !== clean(name));
      return { id: iata, name: { value: clean(name), synonyms } };
    });
}

const value = (id, text, synonyms = []) => ({ id, name: { value: text, synonyms } });

/**
 * The grammar the everyday phrasings are generated from: "(a|b|)" is a choice (an empty choice makes the part
 * optional), and a choice may hold a list given by name ("<ask>"). `expand` gives every sentence of the patterns,
 * with single spaces, each once, in order.
 */
function expand(patterns, lists = {}) {
  const sentences = new Set();
  const grow = (pattern) => {
    const list = /<(\w+)>/.exec(pattern);
    if (list) {
      const choices = lists[list[1]];
      if (!choices) throw new Error(`No list <${list[1]}>`);
      for (const choice of choices) grow(pattern.replace(list[0], choice));
      return;
    }
    const group = /\(([^()]*)\)/.exec(pattern);
    if (group) {
      for (const choice of group[1].split('|')) grow(pattern.replace(group[0], choice));
      return;
    }
    sentences.add(pattern.replace(/\s+/g, ' ').trim());
  };
  for (const pattern of patterns) grow(pattern);
  return [...sentences];
}

/**
 * Ways to ask about something (`<thing>`), as questions or statements; the main things are asked about in all of
 * them, the rest in a few (enough for Alexa's model to generalise). Samples may hold no digits: CO2 is spelled.
 */
const ASKING = [
  "(what's|what is) the (carbon|) footprint of <thing>",
  'the carbon footprint of <thing>',
  'how much (carbon|c. o. two) is <thing>',
  'how bad is <thing>',
  'how bad for the planet is <thing>',
  'how much (carbon|c. o. two) does <thing> (make|produce)',
  'what does <thing> cost the climate',
  '<thing>',
];
const ASKING_BRIEFLY = ["what's the footprint of <thing>", 'how much (carbon|c. o. two) is <thing>', '<thing>'];
const asking = (things, lists = {}) => expand(ASKING, { ...lists, thing: things });
const askingBriefly = (things, lists = {}) => expand(ASKING_BRIEFLY, { ...lists, thing: things });

function model(locale) {
  const gb = locale === 'en-GB';
  const types = [
    { name: 'AIRPORT', values: airportValues() },
    {
      name: 'TRIP_TYPE',
      values: [
        value('one_way', 'one way', ['single', 'one way only', 'just one way']),
        value('round_trip', 'round trip', [
          'return',
          'return trip',
          'there and back',
          'and back',
          'both ways',
          'return flight',
          gb ? 'return journey' : 'roundtrip',
        ]),
      ],
    },
    {
      name: 'TRAVEL_MODE',
      values: [
        value('car', 'drive', [
          'car',
          'driving',
          'drove',
          'car trip',
          'road trip',
          'car ride',
          'gas car',
          'petrol car',
          'diesel car',
          'taxi',
          'cab',
        ]),
        value('suv', 'SUV', ['s. u. v.', 'truck', 'pickup', 'pickup truck', 'van', 'minivan', 'four by four']),
        value('electric_car', 'electric car', ['e. v.', 'electric vehicle', 'tesla', 'electric drive', 'battery car']),
        value('hybrid_car', 'hybrid car', ['hybrid', 'plug in hybrid']),
        value('train', 'train', [
          'rail',
          'amtrak',
          'train ride',
          'train trip',
          'intercity train',
          'high speed train',
          'national rail',
        ]),
        value('commuter_train', 'commuter train', ['commuter rail', 'regional train', 'suburban train']),
        value('subway', 'subway', ['metro', 'tube', 'underground', 'tram', 'light rail', 'streetcar', 'subway ride']),
        value('bus', 'bus', ['coach', 'bus ride', 'city bus', 'bus trip']),
        value('motorcycle', 'motorcycle', ['motorbike', 'scooter', 'moped', 'motorcycle ride']),
        value('walk', 'walk', ['walking', 'walked', 'on foot', 'hike', 'hiking', 'stroll']),
        value('bike', 'bike ride', ['bike', 'bicycle', 'cycle', 'cycling', 'cycled', 'biked', 'biking', 'cycle ride']),
      ],
    },
    {
      // "two and a half miles", "half a mile", "a quarter mile": the part after the whole number.
      name: 'FRACTION',
      values: [
        value('half', 'a half', ['half']),
        value('quarter', 'a quarter', ['quarter']),
        value('three_quarters', 'three quarters', ['three quarter']),
      ],
    },
    {
      name: 'DISTANCE_UNIT',
      values: [
        value('mi', 'miles', ['mile', 'mi']),
        value('km', gb ? 'kilometres' : 'kilometers', [
          'kilometer',
          'kilometre',
          'kilometres',
          'kilometers',
          'k. m.',
          'km',
        ]),
      ],
    },
    {
      name: 'CAR_FUEL',
      values: [
        value('petrol', gb ? 'petrol' : 'gas', ['gasoline', 'petrol', 'gas', 'gas powered']),
        value('diesel', 'diesel'),
        value('hybrid', 'hybrid', ['plug in hybrid']),
        value('electric', 'electric', ['battery', 'battery electric']),
      ],
    },
    {
      name: 'CABIN',
      values: [
        value('economy', 'economy', ['coach', 'standard', 'economy class']),
        value('premium-economy', 'premium economy', ['premium economy class']),
        value('business', 'business', ['business class']),
        value('first', 'first', ['first class']),
      ],
    },
    {
      // IDs are the in-skill products' reference names.
      name: 'PRODUCT',
      values: [
        value('green_horizons_plus', 'Green Horizons Plus', [
          'plus',
          'green horizons plus subscription',
          'the subscription',
          'subscription',
          'monthly report',
          'the monthly report',
          'premium',
        ]),
        value('travel_pack', 'Travel Pack', ['the travel pack', 'travel', 'flight pack', 'travel extras']),
        // No synonym starts with "a": "I want {product}" would claim ReductionPlanIntent's "I want a reduction plan".
        value('reduction_plan', 'Reduction Plans', [
          'reduction plan',
          'the reduction plans',
          'plans',
          'reduction plans pack',
        ]),
      ],
    },
    {
      name: 'CAR_SIZE',
      values: [
        value('small', 'small', ['compact', 'little', 'mini', 'city']),
        value('medium', 'medium', ['mid size', 'midsize', 'family']),
        value('large', 'large', ['big', 'full size', 'executive']),
        value('suv', 'SUV', ['s. u. v.', 'four by four']),
      ],
    },
  ];

  // Flights. Round trips may be said anywhere ("a round trip flight", "a flight … round trip", "… and back").
  const mainFlights = [
    '(a|) flight from {from} to {to}',
    '(a|) {tripType} flight from {from} to {to}',
    'flying from {from} to {to}',
  ];
  const flightThings = [
    '(a|) flight from {from} to {to} {tripType}',
    'a {tripType} from {from} to {to}',
    'flying from {from} to {to} {tripType}',
    'a {cabin} (class|) flight from {from} to {to}',
    'flying {cabin} (class|) from {from} to {to}',
    'a flight from {from} to {to} via {via}',
    'a flight from {from} to {to} with a stop in {via}',
    'a flight from {from} to {to} for {passengers} people',
  ];
  const flight = {
    name: 'EstimateFlightIntent',
    slots: [
      {
        name: 'from',
        type: 'AIRPORT',
        samples: ['{from}', 'from {from}', 'leaving from {from}', 'the {from} airport', 'I flew from {from}'],
      },
      {
        name: 'to',
        type: 'AIRPORT',
        samples: ['{to}', 'to {to}', 'going to {to}', 'the {to} airport', 'I flew to {to}', 'landing in {to}'],
      },
      { name: 'tripType', type: 'TRIP_TYPE' },
      {
        name: 'passengers',
        type: 'AMAZON.NUMBER',
        samples: ['{passengers}', '{passengers} people', '{passengers} passengers', 'there were {passengers} of us'],
      },
      { name: 'via', type: 'AIRPORT', samples: ['{via}', 'via {via}', 'with a stop in {via}', 'in {via}'] },
      { name: 'cabin', type: 'CABIN' },
    ],
    samples: [
      ...asking(mainFlights),
      ...askingBriefly(flightThings),
      ...expand([
        '(I|we) (flew|took a flight|took a {tripType} flight) from {from} to {to}',
        "(I'm|we're) flying from {from} to {to}",
        '(I|we) flew from {from} to {to} {tripType}',
        '(I|we) flew {cabin} (class|) from {from} to {to}',
        '(I|we) flew from {from}',
        '(I|we) flew to {to}',
        '{passengers} (people|of us) (flew|flying) from {from} to {to}',
        '{passengers} people flying {cabin} class from {from} to {to}',
        'a {cabin} class flight from {from} to {to} for {passengers} people',
        'a {cabin} class flight from {from} to {to} via {via}',
        'flying from {from} to {to} via {via}',
        'a flight to {to}',
        'a flight from {from}',
        'flying to {to}',
        'a flight',
        'estimate a flight',
        'the footprint of a flight',
        'from {from} to {to}',
        'from {from}',
        'to {to}',
        '{passengers} passengers',
      ]),
    ],
  };

  // Trips over land, walking and cycling. A distance is a number, a decimal ("one point five"), a fraction ("two and
  // a half", "half a"), in a unit; a trip between two places ("a train from New York to Boston") names no distance.
  const distances = ['{distance} {unit}', '{distance} point {decimal} {unit}', '{distance} and {fraction} {unit}'];
  const lengths = [
    '{distance} {unit}',
    '{distance} point {decimal} {unit}',
    '{distance} and {fraction} {unit}',
    '{fraction} {unit}',
  ];
  const mainTrips = ['a <length> {mode}', '{mode} <distance>'];
  const tripThings = [
    'a <length> {mode} trip',
    'a {mode} of <distance>',
    'a {distance} {unit} {mode} in (a|an) {fuel} car',
    'a {distance} {unit} {mode} in a {size} (car|{fuel} car)',
    'a {distance} {unit} {mode} (with|shared by) {passengers} people',
    'a {tripType} {mode} of {distance} {unit}',
    'a {distance} {unit} ({tripType} {mode}|{mode} {tripType})',
    'a ({tripType}|) {mode} (trip|) from {from} to {to}',
  ];
  const trip = {
    name: 'EstimateTripIntent',
    slots: [
      {
        name: 'mode',
        type: 'TRAVEL_MODE',
        samples: ['{mode}', 'by {mode}', 'on the {mode}', 'in a {mode}', 'I took the {mode}', 'I went by {mode}'],
      },
      {
        name: 'distance',
        type: 'AMAZON.NUMBER',
        samples: expand(
          ['{distance}', '(about|around|roughly|it was) {distance}', '(about|around|roughly|it was|) <distance>'],
          {
            distance: distances,
          },
        ),
      },
      { name: 'decimal', type: 'AMAZON.NUMBER' },
      { name: 'fraction', type: 'FRACTION' },
      { name: 'unit', type: 'DISTANCE_UNIT', samples: ['{unit}', 'in {unit}'] },
      { name: 'fuel', type: 'CAR_FUEL' },
      { name: 'size', type: 'CAR_SIZE' },
      { name: 'passengers', type: 'AMAZON.NUMBER', samples: ['{passengers}', '{passengers} people'] },
      { name: 'tripType', type: 'TRIP_TYPE' },
      { name: 'from', type: 'AIRPORT' },
      { name: 'to', type: 'AIRPORT' },
    ],
    samples: expand(
      [
        ...asking(mainTrips, { distance: distances, length: lengths }),
        ...askingBriefly(tripThings, { distance: distances, length: lengths }),
        '<distance> (by|on the|in a) {mode}',
        '(I|we) {mode} <distance>',
        '(I|we) {mode} (to work|to school|into town) (about|) <distance>',
        '(I|we) {mode} about <distance>',
        '(I|we) took the {mode} for <distance>',
        '(I|we) (took the|) {mode} from {from} to {to}',
        'taking the {mode} from {from} to {to}',
        '{fraction} a {unit} (by|on the) {mode}',
        '{passengers} people in a car for <distance>',
        '<distance>',
        'about <distance>',
        'by {mode}',
        'a {mode} trip',
        'a {mode}',
        '{passengers} people in the car',
      ],
      { distance: distances, length: lengths },
    ),
  };

  const mainElectricity = ['{kwh} kilowatt hours', 'my electricity'];
  const electricityThings = ['{kwh} kilowatt hours of electricity', 'my home electricity', 'my electricity bill'];
  const electricity = {
    name: 'EstimateElectricityIntent',
    slots: [
      { name: 'kwh', type: 'AMAZON.NUMBER', samples: ['{kwh}', '{kwh} kilowatt hours', 'about {kwh} kilowatt hours'] },
    ],
    samples: [
      ...asking(mainElectricity),
      ...askingBriefly(electricityThings),
      ...expand([
        '(I|we) used {kwh} kilowatt hours (last month|this month|)',
        'my (electricity|electric) bill (was|says) {kwh} kilowatt hours',
        'my home used {kwh} kilowatt hours',
        'electricity',
      ]),
    ],
  };

  const tip = {
    name: 'EcoTipIntent',
    slots: [],
    samples: [
      'give me an eco tip',
      'an eco tip',
      'give me a tip',
      'tell me a tip',
      'another tip',
      'a tip',
      'eco tip',
      'tip',
      'next tip',
      'one more tip',
      'how can I reduce my footprint',
      'how can I cut my emissions',
      'what can I do to help the planet',
    ],
  };

  const product = { name: 'product', type: 'PRODUCT', samples: ['{product}', 'the {product}'] };
  const shopping = [
    {
      name: 'WhatCanIBuyIntent',
      slots: [],
      samples: [
        'what can I buy',
        'what can I buy here',
        'what do you sell',
        "what's for sale",
        'what can I purchase',
        'what products do you have',
        'what else can I get',
        'shop',
      ],
    },
    {
      name: 'DescribeProductIntent',
      slots: [product],
      samples: [
        'tell me about {product}',
        'tell me about the {product}',
        'what is {product}',
        'what is the {product}',
        'what does {product} do',
        'what does the {product} do',
        'more about {product}',
        'describe {product}',
      ],
    },
    {
      name: 'BuyProductIntent',
      slots: [product],
      samples: [
        'buy {product}',
        'buy the {product}',
        'buy a {product}',
        'get a {product}',
        'buy more {product}',
        'I want to buy {product}',
        'I want to buy the {product}',
        'purchase {product}',
        'get {product}',
        'subscribe to {product}',
        'sign up for {product}',
        'I want {product}',
      ],
    },
    {
      name: 'PurchaseHistoryIntent',
      slots: [],
      samples: ['what have I bought', 'what did I buy', 'what do I own', 'my purchases', 'what have I purchased'],
    },
    {
      name: 'CancelSubscriptionIntent',
      slots: [product],
      samples: [
        'cancel my subscription',
        'cancel {product}',
        'cancel the {product}',
        'cancel my {product} subscription',
        'unsubscribe',
        'unsubscribe from {product}',
        'stop my subscription',
        'end my subscription',
      ],
    },
    {
      name: 'RefundProductIntent',
      slots: [product],
      samples: [
        'refund {product}',
        'refund the {product}',
        'refund my {product}',
        'I want a refund',
        'I want a refund for {product}',
        'return {product}',
        'I want my money back for {product}',
        'refund',
      ],
    },
    {
      name: 'MonthlyFootprintIntent',
      slots: [],
      samples: [
        "what's my footprint this month",
        'what is my footprint this month',
        'my monthly footprint',
        'monthly report',
        'give me my monthly report',
        'how am I doing this month',
        "what's my total this month",
      ],
    },
    {
      name: 'ReductionPlanIntent',
      slots: [],
      samples: [
        'give me a reduction plan',
        'use a reduction plan',
        'a reduction plan',
        'I want a reduction plan',
        'my reduction plan',
        'make me a reduction plan',
        'give me a plan to cut my footprint',
      ],
    },
    {
      name: 'PlansLeftIntent',
      slots: [],
      samples: [
        'how many plans do I have left',
        'how many reduction plans do I have',
        'how many plans are left',
        'how many reduction plans are left',
        'plans left',
      ],
    },
  ];

  // The offset itself: a real-world service, paid through the payment rail (the linked card or Amazon Pay), never an
  // in-skill product.
  const offsets = [
    {
      name: 'OffsetIntent',
      slots: [],
      samples: [
        'offset it',
        'offset that',
        'offset this',
        'offset my last estimate',
        'offset my last trip',
        'buy an offset',
        'buy a carbon offset',
        'I want to offset it',
        'offset my footprint',
        'offset that trip',
      ],
    },
    {
      name: 'StartOffsetPlanIntent',
      slots: [],
      samples: [
        'set up a monthly offset plan',
        'start a monthly offset plan',
        'offset every month',
        'I want a monthly offset plan',
        'sign me up for monthly offsets',
        'monthly offsets',
        'start an offset plan',
      ],
    },
    {
      name: 'OffsetPlanStatusIntent',
      slots: [],
      samples: [
        "what's my offset plan status",
        'how is my offset plan',
        'tell me about my offset plan',
        'my monthly offset plan',
        'offset plan status',
      ],
    },
    {
      name: 'CancelOffsetPlanIntent',
      slots: [],
      samples: [
        'cancel my offset plan',
        'stop my monthly offset plan',
        'cancel my monthly offsets',
        'end my offset plan',
        'stop my monthly offsets',
      ],
    },
    {
      name: 'OrderStatusIntent',
      slots: [],
      samples: [
        'where is my order',
        "what's my order status",
        'did my order go through',
        "where's my certificate",
        'order status',
        'what did I order',
      ],
    },
    {
      name: 'CancelOrderIntent',
      slots: [],
      samples: ['cancel my order', 'cancel my offset order', 'I want to cancel my order', 'cancel my offset'],
    },
    // The linked account's four-digit voice code, asked before a card is charged (a bare code answers the question).
    {
      name: 'VoiceCodeIntent',
      slots: [
        { name: 'code', type: 'AMAZON.FOUR_DIGIT_NUMBER', samples: ['{code}', 'it is {code}', 'my code is {code}'] },
      ],
      samples: ['{code}', 'my code is {code}', 'my voice code is {code}', 'the code is {code}', 'voice code {code}'],
    },
    {
      name: 'RefundOrderIntent',
      slots: [],
      samples: [
        'refund my offset',
        'refund my offset order',
        'I want my money back for my offset',
        'how do I get a refund for my order',
        'refund my order',
      ],
    },
  ];

  const builtIns = [
    { name: 'AMAZON.CancelIntent', samples: [] },
    { name: 'AMAZON.HelpIntent', samples: ['what can you do', 'how does this work', 'what can I say'] },
    { name: 'AMAZON.StopIntent', samples: [] },
    { name: 'AMAZON.NavigateHomeIntent', samples: [] },
    { name: 'AMAZON.FallbackIntent', samples: [] },
    { name: 'AMAZON.YesIntent', samples: [] },
    { name: 'AMAZON.NoIntent', samples: [] },
    { name: 'AMAZON.RepeatIntent', samples: [] },
  ];

  const estimateIntents = [flight, trip, electricity];
  return {
    interactionModel: {
      languageModel: {
        invocationName: 'green horizons',
        intents: [...builtIns, ...estimateIntents, tip, ...shopping, ...offsets],
        types,
      },
      // The skill elicits missing details itself (Dialog.ElicitSlot); Alexa needs the dialog model for that.
      dialog: {
        delegationStrategy: 'SKILL_RESPONSE',
        intents: [
          ...estimateIntents,
          ...shopping.filter((intent) => intent.slots.length > 0),
          ...offsets.filter((intent) => intent.slots.length > 0),
        ].map((intent) => ({
          name: intent.name,
          delegationStrategy: 'SKILL_RESPONSE',
          confirmationRequired: false,
          prompts: {},
          slots: intent.slots.map((slot) => ({
            name: slot.name,
            type: slot.type,
            elicitationRequired: false,
            confirmationRequired: false,
            prompts: {},
          })),
        })),
      },
      prompts: [],
    },
  };
}

const stale = [];
for (const locale of ['en-US', 'en-GB']) {
  const file = join(root, `skill-package/interactionModels/custom/${locale}.json`);
  const text = `${JSON.stringify(model(locale), null, 2)}\n`;
  if (check) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {}
    if (current !== text) stale.push(file);
  } else {
    writeFileSync(file, text);
  }
}
if (stale.length > 0) {
  console.error(`Out of date (run npm run model): ${stale.join(', ')}`);
  process.exit(1);
}
