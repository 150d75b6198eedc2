import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DialogDriver, type TurnResult } from '../../tools/simulator/dialog-driver';
import { responseProblems } from '../support/response-checks';

/**
 * Issue 3 as a customer says it: every activity in several phrasings, every elicitation and every bad-value path,
 * resolved through skill-package/interactionModels/custom/en-US.json against the skill built from source.
 */
const TABLE = 'footprint-dialogs';
let alexa: DialogDriver;

beforeAll(async () => {
  alexa = await DialogDriver.start({ userId: 'amzn1.ask.account.FOOTPRINT', tableName: TABLE });
});

afterAll(async () => {
  await alexa.stop();
});

beforeEach(async () => {
  if (alexa.sessionOpen) await alexa.endSession();
  await alexa.launch();
});

function valid(turn: TurnResult): TurnResult {
  expect(responseProblems(turn.response)).toEqual([]);
  return turn;
}

async function say(utterance: string): Promise<TurnResult> {
  return valid(await alexa.say(utterance));
}

function elicits(turn: TurnResult, slot: string): void {
  expect(turn.directives).toEqual([expect.objectContaining({ type: 'Dialog.ElicitSlot', slotToElicit: slot })]);
  expect(turn.sessionOpen).toBe(true);
}

describe('flights', () => {
  it.each([
    'what is the footprint of a flight from seattle to new york j. f. k.',
    'how much carbon is a flight from seattle to j. f. k.',
    'I flew from s. e. a. to j. f. k.',
    'flying from seattle tacoma international airport to john f kennedy international airport',
  ])('"%s" gives the SEA to JFK estimate with its basis and a follow-up', async (utterance) => {
    const turn = await say(utterance);

    expect(turn.speech).toMatch(/A flight from Seattle to New York JFK, about 2400 miles/);
    expect(turn.speech).toMatch(/(about|roughly) 397 kilograms of CO2\./);
    expect(turn.speech).toMatch(/US EPA 2025/);
    expect(turn.sessionOpen).toBe(true);
  });

  it('names the basis once per session', async () => {
    await say('a flight from seattle to boston');
    const second = await say('a flight from boston to seattle');

    expect(second.speech).not.toMatch(/EPA/);
  });

  it('doubles a round trip', async () => {
    const turn = await say('a round trip flight from seattle to j. f. k.');

    expect(turn.speech).toMatch(/round trip from Seattle to New York JFK, about 2400 miles each way/);
    expect(turn.speech).toMatch(/794 kilograms/);
  });

  it('asks where the flight lands, then estimates', async () => {
    elicits(await say('a flight from seattle'), 'to');

    const turn = await say('to boston');

    expect(turn.speech).toMatch(/from Seattle to Boston/);
  });

  it('asks where the flight leaves from when only the destination is given', async () => {
    const asked = await say('a flight to boston');
    elicits(asked, 'from');

    expect(asked.speech).toMatch(/leave from|flying from/);
    expect((await say('from seattle')).speech).toMatch(/from Seattle to Boston/);
  });

  it('confirms an ambiguous city by naming its airports', async () => {
    const asked = await say('a flight from london to j. f. k.');
    elicits(asked, 'from');

    expect(asked.speech).toMatch(/Which London airport: Heathrow, Gatwick or Stansted\?/);
    expect((await say('from heathrow')).speech).toMatch(/from London Heathrow to New York JFK/);
  });

  it('says it did not catch an airport, never its name, and asks again, losing nothing', async () => {
    const asked = await say('a flight from seattle to narnia');
    elicits(asked, 'to');

    expect(asked.speech).toMatch(/didn't catch that airport/);
    expect(asked.speech).not.toMatch(/narnia/i);
    expect((await say('to boston')).speech).toMatch(/from Seattle to Boston/);
  });

  it('refuses a flight to the airport it leaves from', async () => {
    const turn = await say('a flight from seattle to s. e. a.');

    elicits(turn, 'to');
    expect(turn.speech).toMatch(/same airport/);
  });
});

describe('trips over land', () => {
  it.each([
    [
      'how much carbon is a hundred mile drive',
      /A 100 mile drive comes to|A 100 mile drive adds up|A 100 mile drive works out/,
      /30 kilograms/,
    ],
    ['I drove 100 miles', /100 mile drive/, /30 kilograms/],
    ['a 50 mile bus ride', /A 50 mile bus ride/, /3\.6 kilograms|3\.5 kilograms|3\.3 kilograms/],
    ['80 kilometers by train', /An 80 kilometer train trip/, /kilograms/],
    ['a 20 mile subway ride', /20 mile subway ride/, /kilograms/],
    ['a 30 mile motorcycle ride', /30 mile motorcycle ride/, /kilograms/],
    ['a 100 mile drive in an electric car', /100 mile drive in an electric car/, /kilograms/],
  ])('"%s" is estimated', async (utterance, activity, amount) => {
    const turn = await say(utterance);

    expect(turn.speech).toMatch(activity);
    expect(turn.speech).toMatch(amount);
  });

  it('shares a car between the people in it', async () => {
    const turn = await say('a 100 mile drive with 2 people');

    expect(turn.speech).toMatch(/15 kilograms of CO2, your share with 2 people in the car/);
  });

  it('asks how far, then estimates', async () => {
    elicits(await say('a train trip'), 'distance');

    expect((await say('80 miles')).speech).toMatch(/An 80 mile train trip/);
  });

  it('asks how the customer travelled', async () => {
    const asked = await say('50 miles');
    elicits(asked, 'mode');

    expect(asked.speech).toMatch(/car, train, bus/);
    expect((await say('by bus')).speech).toMatch(/A 50 mile bus ride/);
  });

  it.each([
    ['a 0 mile drive', /more than zero/],
    ['a 90000 mile drive', /longer than any trip on Earth/],
  ])('"%s" gets a spoken correction and the question again', async (utterance, correction) => {
    const turn = await say(utterance);

    elicits(turn, 'distance');
    expect(turn.speech).toMatch(correction);
    expect((await say('40 miles')).speech).toMatch(/A 40 mile drive/);
  });
});

describe('home electricity', () => {
  it.each([
    'my electricity bill was 500 kilowatt hours',
    'I used 500 kilowatt hours',
    '500 kilowatt hours of electricity',
  ])('"%s" is estimated with eGRID: 500 kWh is about 175 kg', async (utterance) => {
    expect((await say(utterance)).speech).toMatch(/500 kilowatt hours of electricity .* 175 kilograms of CO2/);
  });

  it('asks for the kilowatt hours', async () => {
    elicits(await say('my electricity'), 'kwh');

    expect((await say('450 kilowatt hours')).speech).toMatch(/450 kilowatt hours of electricity/);
  });

  it('refuses a billion kilowatt hours without a silly number', async () => {
    const turn = await say('1000000000 kilowatt hours');

    elicits(turn, 'kwh');
    expect(turn.speech).toMatch(/more electricity than a home uses in many years/);
    expect(turn.speech).not.toMatch(/tons|tonnes/);
  });
});

describe('eco tips', () => {
  it('never gives the same tip twice in a row', async () => {
    const tips: string[] = [];
    for (const utterance of ['give me an eco tip', 'another tip', 'another tip', 'one more tip', 'next tip']) {
      tips.push((await say(utterance)).speech.split('.')[0] ?? '');
    }

    for (let i = 1; i < tips.length; i++) expect(tips[i]).not.toBe(tips[i - 1]);
  });
});

describe('help while estimating', () => {
  it('explains the question being asked, and asks it again', async () => {
    await say('a flight from seattle');

    const help = await say('help');
    expect(help.speech).toMatch(/I need the airport or city the flight went to\..*\?$/);
    elicits(help, 'to');
  });
});

describe('the last estimate is kept for offsetting', () => {
  it('is stored with the customer, with its factors and dataset, and survives the session', async () => {
    await say('a 50 mile bus ride');
    await alexa.endSession();

    const client = new DynamoDBClient({
      endpoint: alexa.dynamoDbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Item } = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { id: { S: alexa.userId } }, ConsistentRead: true }),
    );
    client.destroy();

    expect(Item && unmarshall(Item).attributes.lastEstimate).toMatchObject({
      activity: { kind: 'trip', mode: 'bus', distance: 50, unit: 'mi' },
      dataset: 'epa-2025',
      factorIds: [expect.stringMatching(/bus/)],
    });
  });
});
