import { monthlyPlanIdFor } from '../../lambda/src/features/offsets/domain/monthly-plan';
import type { DialogDriver, TurnResult } from '../../tools/simulator/dialog-driver';
import { setupApproved } from '../../tools/stand-ins/amazon-pay-responses';
import { responseProblems } from './response-checks';

const PERMISSION = 'payments:autopay_consent';
let agreements = 0;

function valid(turn: TurnResult): TurnResult {
  expect(responseProblems(turn.response)).toEqual([]);
  return turn;
}

/**
 * A new customer sets up a monthly offset plan on Amazon Pay by voice, as in test/dialog/offsets.test.ts: an
 * estimate, "set up a monthly offset plan", yes, and Amazon's Setup answered with an OPEN agreement (which the driver
 * opens on the Amazon Pay API stand-in, so the job can charge it). Returns the customer's user and plan IDs.
 */
export async function amazonPayPlanSetUp(
  alexa: DialogDriver,
  name: string,
): Promise<{ readonly userId: string; readonly planId: string; readonly agreement: string }> {
  const userId = `amzn1.ask.account.${name}`;
  agreements += 1;
  const agreement = `C01-${String(process.pid % 10_000_000).padStart(7, '0')}-${String(agreements).padStart(7, '0')}`;
  await alexa.switchUser(userId);
  alexa.setPermission(PERMISSION, 'GRANTED');
  await alexa.launch();
  valid(await alexa.say('my electricity bill was 500 kilowatt hours'));
  expect(valid(await alexa.say('set up a monthly offset plan')).speech).toMatch(/Shall I set it up\?/);
  const setup = valid(await alexa.say('yes'));
  expect(setup.directives).toContainEqual(expect.objectContaining({ type: 'Connections.SendRequest', name: 'Setup' }));
  const answer = setupApproved({ billingAgreementId: agreement });
  const done = valid(
    await alexa.answerConnection({
      name: 'Setup',
      status: answer.status,
      payload: answer.payload as unknown as Record<string, unknown>,
    }),
  );
  expect(done.speech).toMatch(/monthly offset plan is set up/);
  await alexa.endSession();
  return { userId, planId: monthlyPlanIdFor(userId), agreement };
}
