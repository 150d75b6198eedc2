/**
 * The linked-card rail's emails through Amazon SES v2 (accounts/src/contract's SES sender), to the linked account's
 * address, which this adapter reads from the accounts table when it sends: the address never passes through the
 * skill's use cases, logs or items.
 */
import type { AccountDirectory, EmailSender } from '../../../../../accounts/src/contract';
import { GreenHorizonsError } from '../../../shared/errors';
import type { PaymentSource } from '../domain/payment';
import { authenticationEmail, type EmailLinks, monthlyChargeEmail, orderConfirmationEmail } from '../emails';
import type { OrderMailer } from '../ports';

export interface OrderMailerOptions {
  readonly sender: EmailSender;
  readonly directory: Pick<AccountDirectory, 'getAccount'>;
  readonly accountsUrl: string;
  readonly sellerName: string;
}

/** An account that is gone has no one to write to. */
export class NoRecipientError extends GreenHorizonsError {
  override readonly name = 'NoRecipientError';
}

export function createOrderMailer(options: OrderMailerOptions): OrderMailer {
  const links = (reference: string): EmailLinks => {
    const order = `${options.accountsUrl}/account/orders/${encodeURIComponent(reference)}`;
    return { order, confirm: `${order}/pay`, account: `${options.accountsUrl}/account` };
  };
  const send = async (source: PaymentSource | undefined, email: { subject: string; text: string; html: string }) => {
    if (source?.kind !== 'card') return;
    const account = await options.directory.getAccount(source.accountId);
    if (!account) throw new NoRecipientError('The account is gone');
    await options.sender.send({ to: account.email, ...email });
  };
  return {
    orderConfirmation: (order) =>
      send(order.source, orderConfirmationEmail(order, options.sellerName, links(order.orderId))),
    authenticationNeeded: (order) =>
      send(
        order.source,
        authenticationEmail(order.quote.total, order.orderId, options.sellerName, links(order.orderId)),
      ),
    monthlyChargeConfirmation: (plan, charge) =>
      send(plan.source, monthlyChargeEmail(plan, charge, options.sellerName, links(charge.reference))),
    monthlyAuthenticationNeeded: (plan, charge) =>
      send(
        plan.source,
        authenticationEmail(charge.amount, charge.reference, options.sellerName, links(charge.reference)),
      ),
  };
}
