// Writes skill-package/interactionModels/custom/{en-US,en-GB}.json. This script is the model's source: edit it, run
// `npm run model`, commit both. The AIRPORT slot type's values come from lambda/src/features/footprint/data/airports.json (large
// airports); the skill resolves what was said itself (lambda/src/features/footprint/domain/airports.ts), so these values only
// teach Alexa's recogniser the names. test/unit/interaction-model.test.ts fails when the JSON and this script differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const spelled = (code) => `${code.toLowerCase().split('').join('. ')}.`;

function airportValues() {
  const { rows } = JSON.parse(readFileSync(join(root, 'lambda/src/features/footprint/data/airports.json'), 'utf8'));
  return rows
    .filter((row) => row[6] === 'L')
    .map(([iata, name, city]) => {
      const clean = (text) =>
        text
          .replace(/[^\p{L}\p{N}' .]/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim();
      const synonyms = [...new Set([clean(city), spelled(iata)])].filter((s) => s && s !== clean(name));
      return { id: iata, name: { value: clean(name), synonyms } };
    });
}

const value = (id, text, synonyms = []) => ({ id, name: { value: text, synonyms } });

function model(locale) {
  const gb = locale === 'en-GB';
  const types = [
    { name: 'AIRPORT', values: airportValues() },
    {
      name: 'TRIP_TYPE',
      values: [
        value('one_way', 'one way', ['single', 'one way only', 'just one way']),
        value('round_trip', 'round trip', ['return', 'return trip', 'there and back', 'both ways', 'return flight']),
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

  const flight = {
    name: 'EstimateFlightIntent',
    slots: [
      { name: 'from', type: 'AIRPORT', samples: ['{from}', 'from {from}', 'leaving from {from}'] },
      { name: 'to', type: 'AIRPORT', samples: ['{to}', 'to {to}', 'going to {to}'] },
      { name: 'tripType', type: 'TRIP_TYPE' },
      {
        name: 'passengers',
        type: 'AMAZON.NUMBER',
        samples: ['{passengers}', '{passengers} people', '{passengers} passengers'],
      },
      { name: 'via', type: 'AIRPORT', samples: ['{via}', 'via {via}', 'with a stop in {via}'] },
      { name: 'cabin', type: 'CABIN' },
    ],
    samples: [
      "what's the footprint of a flight from {from} to {to}",
      'what is the carbon footprint of a flight from {from} to {to}',
      "what's the carbon footprint of flying from {from} to {to}",
      'how much carbon is a flight from {from} to {to}',
      'how bad is a flight from {from} to {to}',
      'what does a flight from {from} to {to} cost the climate',
      'a flight from {from} to {to}',
      'flight from {from} to {to}',
      'flying from {from} to {to}',
      "I'm flying from {from} to {to}",
      'I flew from {from} to {to}',
      'a {tripType} flight from {from} to {to}',
      '{tripType} flight from {from} to {to}',
      'a {tripType} from {from} to {to}',
      'a flight from {from} to {to} {tripType}',
      'a flight from {from} to {to} for {passengers} people',
      'a {tripType} flight from {from} to {to} for {passengers} people',
      '{passengers} people flying from {from} to {to}',
      'a {cabin} class flight from {from} to {to}',
      'a {cabin} flight from {from} to {to}',
      'flying {cabin} class from {from} to {to}',
      'flying {cabin} from {from} to {to}',
      'a {cabin} class flight from {from} to {to} for {passengers} people',
      '{passengers} people flying {cabin} class from {from} to {to}',
      'a flight from {from} to {to} via {via}',
      'a flight from {from} to {to} with a stop in {via}',
      'flying from {from} to {to} via {via}',
      'a {cabin} class flight from {from} to {to} via {via}',
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
    ],
  };

  const trip = {
    name: 'EstimateTripIntent',
    slots: [
      { name: 'mode', type: 'TRAVEL_MODE', samples: ['{mode}', 'by {mode}', 'on the {mode}', 'in a {mode}'] },
      {
        name: 'distance',
        type: 'AMAZON.NUMBER',
        samples: ['{distance}', '{distance} {unit}', 'about {distance} {unit}'],
      },
      { name: 'unit', type: 'DISTANCE_UNIT' },
      { name: 'fuel', type: 'CAR_FUEL' },
      { name: 'size', type: 'CAR_SIZE' },
      { name: 'passengers', type: 'AMAZON.NUMBER', samples: ['{passengers}', '{passengers} people'] },
      { name: 'tripType', type: 'TRIP_TYPE' },
    ],
    samples: [
      "what's the footprint of a {distance} {unit} {mode}",
      "what's the carbon footprint of a {distance} {unit} {mode}",
      'how much carbon is a {distance} {unit} {mode}',
      'how much carbon is {distance} {unit} by {mode}',
      'a {distance} {unit} {mode}',
      'a {distance} {unit} {mode} trip',
      'a {mode} of {distance} {unit}',
      '{distance} {unit} by {mode}',
      '{distance} {unit} on the {mode}',
      '{distance} {unit} in a {mode}',
      'I {mode} {distance} {unit}',
      '{mode} {distance} {unit}',
      'a {distance} {unit} {mode} in a {fuel} car',
      'a {distance} {unit} {mode} in an {fuel} car',
      'a {distance} {unit} {mode} in a {size} car',
      'a {distance} {unit} {mode} in a {size} {fuel} car',
      'a {distance} {unit} {mode} with {passengers} people',
      'a {distance} {unit} {mode} shared by {passengers} people',
      '{passengers} people in a car for {distance} {unit}',
      'a {tripType} {mode} of {distance} {unit}',
      'a {distance} {unit} {tripType} {mode}',
      'a {distance} {unit} {mode} {tripType}',
      '{distance} {unit}',
      'about {distance} {unit}',
      'by {mode}',
      'a {mode} trip',
      'a {mode}',
      '{passengers} people in the car',
    ],
  };

  const electricity = {
    name: 'EstimateElectricityIntent',
    slots: [
      { name: 'kwh', type: 'AMAZON.NUMBER', samples: ['{kwh}', '{kwh} kilowatt hours', 'about {kwh} kilowatt hours'] },
    ],
    samples: [
      "what's the footprint of {kwh} kilowatt hours",
      'what is the carbon footprint of {kwh} kilowatt hours',
      'how much carbon is {kwh} kilowatt hours',
      '{kwh} kilowatt hours',
      '{kwh} kilowatt hours of electricity',
      'I used {kwh} kilowatt hours',
      'we used {kwh} kilowatt hours last month',
      'my electricity bill was {kwh} kilowatt hours',
      'my electric bill says {kwh} kilowatt hours',
      'my home used {kwh} kilowatt hours',
      "what's the footprint of my electricity",
      'my home electricity',
      'my electricity',
      'electricity',
      'my electricity bill',
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

  // The offset itself: a real-world service, paid through the payment rail (Amazon Pay), never an in-skill product.
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
        intents: [...estimateIntents, ...shopping.filter((intent) => intent.slots.length > 0)].map((intent) => ({
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
