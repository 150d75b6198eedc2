/**
 * The emails of the linked-card rail, as text and HTML: the order confirmation certification asks for with
 * account-linked purchases (seller of record, what was bought, the amount with tax, the certificate ID and link), and
 * the link to confirm a payment the bank holds for 3-D Secure. Pure: the mailer adapter sends them.
 */
import { formatDecimal, type Money } from './domain/money';
import type { MonthlyCharge } from './domain/monthly-charges';
import type { MonthlyPlan } from './domain/monthly-plan';
import type { OffsetOrder } from './domain/order';

export interface OrderEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Where the emails link to, on the account service. */
export interface EmailLinks {
  /** The order (and its certificate) on the account page. */
  readonly order: string;
  /** Confirming a payment held for 3-D Secure. */
  readonly confirm: string;
  /** The account page. */
  readonly account: string;
}

function amount(money: Money): string {
  const decimal = formatDecimal(money);
  return money.currency === 'JPY' ? `${decimal} JPY` : `${decimal} ${money.currency}`;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Lines of text, and the same as HTML paragraphs (URLs as links). Every value interpolated is escaped. */
function compose(subject: string, lines: readonly string[]): OrderEmail {
  const html = lines
    .map((line) => escapeHtml(line).replace(/(https?:\/\/[^\s<]+)/g, (url) => `<a href="${url}">${url}</a>`))
    .map((line) => `<p>${line}</p>`)
    .join('\n');
  return { subject, text: `${lines.join('\n\n')}\n`, html: `<!doctype html><html><body>${html}</body></html>` };
}

interface Purchase {
  readonly kilograms: number;
  readonly net: Money;
  readonly tax: Money;
  readonly total: Money;
  readonly reference: string;
  readonly certificateId: string | undefined;
}

function purchaseLines(seller: string, purchase: Purchase, links: EmailLinks, byVoice = true): string[] {
  return [
    `Seller of record: ${seller}`,
    `What you bought: ${purchase.kilograms} kg of CO2e of existing, verified carbon credits, retired in your name (a service, not a donation).`,
    `Amount: ${amount(purchase.net)} + tax ${amount(purchase.tax)} = ${amount(purchase.total)}, charged to the card saved in your Green Horizons account.`,
    `Order number: ${purchase.reference}`,
    purchase.certificateId
      ? `Certificate: ${purchase.certificateId} — ${links.order}`
      : `Certificate: the credits are being retired now; the certificate will be on your account page: ${links.order}`,
    `Refunds: within 14 days, ${byVoice ? 'ask Alexa "refund my offset" or ' : ''}use your account page (${links.account}). Credits already retired stay retired.`,
  ];
}

export function orderConfirmationEmail(order: OffsetOrder, seller: string, links: EmailLinks): OrderEmail {
  const { quote } = order;
  return compose(`Your carbon offset order ${order.orderId}`, [
    'Thank you: your carbon offset order is placed.',
    ...purchaseLines(seller, { ...quote, reference: order.orderId, certificateId: order.certificateId }, links),
  ]);
}

export function authenticationEmail(total: Money, reference: string, seller: string, links: EmailLinks): OrderEmail {
  return compose(`Please confirm your payment to ${seller}`, [
    `Your bank asks you to confirm the payment of ${amount(total)} for your carbon offset (order ${reference}).`,
    `Confirm it on your Green Horizons account page: ${links.confirm}`,
    'Nothing is charged until you do. If you did not ask for this offset, you can ignore this email or cancel it there.',
  ]);
}

export function monthlyChargeEmail(plan: MonthlyPlan, charge: MonthlyCharge, seller: string, links: EmailLinks) {
  return compose(`Your monthly carbon offset for ${charge.month}`, [
    `Your monthly offset plan retired carbon credits for you for ${charge.month}.`,
    ...purchaseLines(
      seller,
      {
        kilograms: charge.kilograms,
        net: plan.quote.net,
        tax: plan.quote.tax,
        total: charge.amount,
        reference: charge.reference,
        certificateId: charge.certificateId,
      },
      links,
      false,
    ),
    'To stop the plan, say "cancel my offset plan" to Alexa, or cancel it on your account page.',
  ]);
}
