/**
 * Sending email through Amazon SES v2 (`SendEmail`, simple content). The account service sends its sign-up codes
 * and password-reset links with it; the card rail sends the order confirmation with the same module. Point
 * `SES_ENDPOINT` at the local SES stand-in (tools/stand-ins/ses-api.ts) in tests and in the simulator.
 *
 * Addresses are personal data: the sender never logs them, and errors it throws carry no address.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface Email {
  readonly to: string;
  readonly subject: string;
  /** The plain-text body (always sent; many clients show only it). */
  readonly text: string;
  /** An optional HTML body: escape whatever you interpolate into it. */
  readonly html?: string;
}

export interface EmailSender {
  /** Sends one email; resolves with SES's message ID. */
  send(email: Email): Promise<string>;
}

export class EmailNotSentError extends Error {
  override readonly name = 'EmailNotSentError';
}

export interface SesEmailSenderOptions {
  readonly client: SESv2Client;
  /** The verified sender, e.g. `Green Horizons <orders@example.com>`. */
  readonly from: string;
  readonly configurationSetName?: string;
  /** Default 3000 ms. */
  readonly timeoutMs?: number;
}

export function createSesEmailSender(options: SesEmailSenderOptions): EmailSender {
  const timeoutMs = options.timeoutMs ?? 3000;
  return {
    async send(email) {
      const command = new SendEmailCommand({
        FromEmailAddress: options.from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: email.text, Charset: 'UTF-8' },
              ...(email.html ? { Html: { Data: email.html, Charset: 'UTF-8' } } : {}),
            },
          },
        },
        ...(options.configurationSetName ? { ConfigurationSetName: options.configurationSetName } : {}),
      });
      try {
        const result = await options.client.send(command, { abortSignal: AbortSignal.timeout(timeoutMs) });
        return result.MessageId ?? '';
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        throw new EmailNotSentError(`SES did not send the email (${name})`, { cause: error });
      }
    },
  };
}
