/** The emails the account service sends, as plain text (every client shows it) and nothing personal beyond the address. */
import type { Email } from './contract/email-sender';
import type { AccountOrder } from './contract/records';
import { formatMoney as formatAmount } from './web/html';

export function signUpCodeEmail(to: string, code: string): Email {
  return {
    to,
    subject: `Your Green Horizons code: ${code}`,
    text: [
      `Your code to finish creating your Green Horizons account is ${code}.`,
      '',
      'Type it on the page that asked for it. It works for 30 minutes.',
      'If you did not try to create an account, ignore this email: nothing happens without the code.',
    ].join('\n'),
  };
}

export function alreadyRegisteredEmail(to: string, publicUrl: string): Email {
  return {
    to,
    subject: 'You already have a Green Horizons account',
    text: [
      'Someone (probably you) tried to create a Green Horizons account with this email address, which already has one.',
      '',
      `Sign in: ${publicUrl}/sign-in`,
      `Forgot your password? Reset it: ${publicUrl}/password-reset`,
      '',
      'If it was not you, you can ignore this email: your account has not changed.',
    ].join('\n'),
  };
}

export function passwordResetEmail(to: string, link: string): Email {
  return {
    to,
    subject: 'Reset your Green Horizons password',
    text: [
      'To choose a new password for your Green Horizons account, open this link. It works once, for one hour:',
      '',
      link,
      '',
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ].join('\n'),
  };
}

export function refundEmail(
  to: string,
  order: Pick<AccountOrder, 'orderId' | 'description' | 'total'>,
  publicUrl: string,
): Email {
  return {
    to,
    subject: `Your refund for order ${order.orderId}`,
    text: [
      `We have refunded ${formatAmount(order.total.minor, order.total.currency)} for your order ${order.orderId} (${order.description}) to your card. It should show within five to ten days.`,
      '',
      'Credits already retired for you stay retired: a retirement cannot be undone.',
      '',
      `Your orders: ${publicUrl}/account`,
    ].join('\n'),
  };
}
