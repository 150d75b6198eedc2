/** Starting the account service for a test file, and walking its pages as a customer would. */
import { type LocalAccounts, startAccountsLocally } from '../../../accounts/local/start-locally';
import { type Page, WebClient } from './web-client';

/** The account service with its stand-ins, a low password-hash cost (the tests hash often), no logs. */
export function startTestAccounts(
  options: { requirePkce?: boolean; dynamoDbEndpoint?: string } = {},
): Promise<LocalAccounts> {
  return startAccountsLocally({
    passwordHashLog2N: 12,
    logLevel: (process.env.TEST_ACCOUNTS_LOG_LEVEL as 'SILENT' | undefined) ?? 'SILENT',
    ...options,
  });
}

let counter = 0;

export function uniqueEmail(label = 'customer'): string {
  counter += 1;
  return `${label}.${process.pid}.${counter}.${Date.now().toString(36)}@example.test`;
}

export const PASSWORD = 'correct horse battery';

/** Signs up through the pages (form, emailed code) and returns the signed-in client and the account page. */
export async function signUp(
  accounts: LocalAccounts,
  email = uniqueEmail(),
  password = PASSWORD,
): Promise<{ client: WebClient; page: Page; email: string }> {
  const client = new WebClient(accounts.url);
  const before = accounts.ses.sentTo(email).length;
  const form = await client.get('/sign-up');
  const codePage = await client.submit(form, '/sign-up', { email, password });
  const mail = await accounts.ses.waitForEmail(email, before);
  const code = /is (\d{6})\./.exec(mail.text ?? '')?.[1];
  if (!code) throw new Error(`No code in the email: ${mail.text}`);
  const page = await client.submit(codePage, '/sign-up/verify', { code });
  return { client, page, email };
}

export async function accountIdOf(accounts: LocalAccounts, email: string): Promise<string> {
  const id = await accounts.parts.accounts.findAccountId(email);
  if (!id) throw new Error('no such account');
  return id;
}
