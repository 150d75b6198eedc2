/**
 * `npm run accounts`: the account service on http://localhost:PORT (default 3000) with its stand-ins, until Ctrl-C.
 */
import './quiet-warnings';
import { TEST_CARDS } from '../../tools/stand-ins/stripe';
import { startAccountsLocally } from './start-locally';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT must be a port number');
  const accounts = await startAccountsLocally({ port, logLevel: 'WARN' });
  const visa = TEST_CARDS[0]?.number.replace(/(\d{4})(?=\d)/g, '$1 ');
  console.log(`Green Horizons accounts: ${accounts.url}/account
  link as the Alexa app would: ${accounts.alexa.url}/start?user=developer
  emails sent (codes, links):  ${accounts.ses.url}/
  Stripe stand-in:             ${accounts.stripe.url} (test card ${visa}, any future expiry, any CVC)
Ctrl-C stops (all data is in memory).`);
  const stop = () => {
    accounts.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
