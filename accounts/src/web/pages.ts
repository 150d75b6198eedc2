/** Every page of the account service. Plain forms, labels on every field, no JavaScript. */
import type { AccountOrder, AccountOrderStatus } from '../contract/records';
import type { PaymentState } from '../payments/card-vault';
import type { AccountView } from '../service';
import { formatDate, formatMoney, html, type SafeHtml } from './html';
import { csrfField, field, layout, type PageContext } from './layout';

type Problems = Readonly<Record<string, string | undefined>>;

function nextField(next: string | undefined): SafeHtml | '' {
  return next ? html`<input type="hidden" name="next" value="${next}">` : '';
}

function withNext(path: string, next: string | undefined): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

export function homePage(page: PageContext): SafeHtml {
  return layout(
    'Your Green Horizons account',
    page,
    html`<section>
<p>With a Green Horizons account you can buy carbon offsets by voice: link it to the Green Horizons Alexa skill, save a card, and say yes when Alexa reads you the price.</p>
<p><a class="button" href="/sign-in">Sign in</a><a class="button secondary" href="/sign-up">Create an account</a></p>
</section>`,
  );
}

export function signInPage(
  page: PageContext,
  options: {
    readonly action: string;
    readonly next?: string | undefined;
    readonly email?: string | undefined;
    readonly error?: string | undefined;
    readonly notice?: string | undefined;
    readonly title?: string;
    readonly intro?: string;
  },
): SafeHtml {
  return layout(
    options.title ?? 'Sign in',
    page,
    html`<section>
${options.intro ? html`<p>${options.intro}</p>` : ''}
<form method="post" action="${options.action}" novalidate>
${csrfField(page)}${nextField(options.next)}
${field({ name: 'email', label: 'Email', type: 'email', value: options.email, autocomplete: 'username', maxLength: 254 })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', maxLength: 200 })}
<button type="submit">Sign in</button>
</form>
<p><a href="${withNext('/sign-up', options.next)}">Create an account</a> · <a href="/password-reset">Forgot your password?</a></p>
</section>`,
    { error: options.error, notice: options.notice },
  );
}

export function signUpPage(
  page: PageContext,
  options: {
    readonly next?: string | undefined;
    readonly email?: string;
    readonly problems?: Problems;
    readonly error?: string;
  },
): SafeHtml {
  const problems = options.problems ?? {};
  return layout(
    'Create an account',
    page,
    html`<section>
<form method="post" action="/sign-up" novalidate>
${csrfField(page)}${nextField(options.next)}
${field({ name: 'email', label: 'Email', type: 'email', value: options.email, autocomplete: 'email', maxLength: 254, error: problems.email, hint: 'We send a code to this address to check it is yours.' })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', maxLength: 200, error: problems.password, hint: 'At least 10 characters.' })}
<button type="submit">Create account</button>
</form>
<p>Already have an account? <a href="${withNext('/sign-in', options.next)}">Sign in</a></p>
</section>`,
    { error: options.error },
  );
}

export function signUpCodePage(
  page: PageContext,
  options: { readonly email: string; readonly next?: string | undefined; readonly error?: string },
): SafeHtml {
  return layout(
    'Check your email',
    page,
    html`<section>
<p>We sent a six-digit code to <strong>${options.email}</strong>. Type it here to finish creating your account. It works for 30 minutes.</p>
<form method="post" action="/sign-up/verify" novalidate>
${csrfField(page)}${nextField(options.next)}
${field({ name: 'code', label: 'Code', type: 'digits', autocomplete: 'one-time-code', maxLength: 6 })}
<button type="submit">Continue</button>
</form>
<p>No email? Check your spam folder, or <a href="${withNext('/sign-up', options.next)}">start again</a>.</p>
</section>`,
    { error: options.error },
  );
}

export function passwordResetRequestPage(
  page: PageContext,
  options: { readonly notice?: string; readonly error?: string } = {},
): SafeHtml {
  return layout(
    'Reset your password',
    page,
    html`<section>
<form method="post" action="/password-reset" novalidate>
${csrfField(page)}
${field({ name: 'email', label: 'Email', type: 'email', autocomplete: 'username', maxLength: 254, hint: 'We email a link to choose a new password.' })}
<button type="submit">Email me a link</button>
</form>
<p><a href="/sign-in">Back to sign in</a></p>
</section>`,
    options,
  );
}

export function newPasswordPage(
  page: PageContext,
  options: { readonly token: string; readonly problem?: string },
): SafeHtml {
  return layout(
    'Choose a new password',
    page,
    html`<section>
<form method="post" action="/password-reset/${options.token}" novalidate>
${csrfField(page)}
${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', maxLength: 200, hint: 'At least 10 characters.', error: options.problem })}
<button type="submit">Save password</button>
</form>
</section>`,
  );
}

export function messagePage(
  page: PageContext,
  title: string,
  text: string,
  link: { readonly href: string; readonly label: string } = { href: '/', label: 'Go to your account' },
): SafeHtml {
  return layout(
    title,
    page,
    html`<section><p>${text}</p><p><a class="button" href="${link.href}">${link.label}</a></p></section>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Linking (the OAuth interaction pages the Alexa app shows)

export function continueAsPage(page: PageContext, options: { readonly uid: string; readonly email: string }): SafeHtml {
  return layout(
    'Link Alexa to Green Horizons',
    page,
    html`<section>
<p>You are signed in as <strong>${options.email}</strong>.</p>
<form method="post" action="/interaction/${options.uid}/continue">${csrfField(page)}<button type="submit">Continue as ${options.email}</button></form>
<form method="post" action="/interaction/${options.uid}/switch">${csrfField(page)}<button type="submit" class="secondary">Use another account</button></form>
</section>`,
  );
}

export function consentPage(page: PageContext, options: { readonly uid: string; readonly email: string }): SafeHtml {
  return layout(
    'Allow Alexa to use your account?',
    page,
    html`<section>
<p>Signed in as <strong>${options.email}</strong>.</p>
<p>If you allow it, the Green Horizons Alexa skill may:</p>
<ul>
<li>charge your saved card for a carbon offset, only after it has read you the price and you have said yes (and given your voice code, if you set one);</li>
<li>set up a monthly offset plan on your card when you ask for one, and cancel it when you ask;</li>
<li>see your email address, to send your order confirmations, and the brand and last four digits of your card, to tell you which card it will charge.</li>
</ul>
<p>It never sees your password or your card number. You can unlink at any time on your account page or in the Alexa app.</p>
<form method="post" action="/interaction/${options.uid}/consent">${csrfField(page)}<button type="submit">Allow</button></form>
<form method="post" action="/interaction/${options.uid}/deny">${csrfField(page)}<button type="submit" class="secondary">Cancel</button></form>
</section>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The account page

const ORDER_STATUS: Record<AccountOrderStatus, string> = {
  processing: 'Processing',
  'action-required': 'Waiting for you to confirm the payment with your bank',
  paid: 'Paid: the certificate is on its way',
  completed: 'Completed',
  declined: 'Declined: you were not charged',
  failed: 'Not placed: you were not charged',
  cancelled: 'Cancelled',
};

const BRAND: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
};

function alexaSection(page: PageContext, view: AccountView): SafeHtml {
  if (!view.linkedSince) {
    return html`<section aria-labelledby="alexa"><h2 id="alexa">Alexa</h2>
<p>Not linked. To link, open the Alexa app, find the Green Horizons skill and choose <strong>Link account</strong>, or say "Alexa, open Green Horizons" and ask to buy an offset.</p></section>`;
  }
  return html`<section aria-labelledby="alexa"><h2 id="alexa">Alexa</h2>
<p>Linked to Alexa since ${formatDate(view.linkedSince)}.</p>
<form method="post" action="/account/alexa/unlink">${csrfField(page)}<button type="submit" class="secondary">Unlink Alexa</button></form></section>`;
}

function cardSection(page: PageContext, view: AccountView): SafeHtml {
  const card = view.card;
  const unavailable = html`<p class="hint">Saving a card is not available right now.</p>`;
  if (!card) {
    return html`<section aria-labelledby="card"><h2 id="card">Card</h2>
<p>No card saved. Alexa can only sell you an offset once you have saved a card. Stripe keeps it; you are charged only when you say yes to a price.</p>
${view.cardsAvailable ? html`<form method="post" action="/account/card">${csrfField(page)}<button type="submit">Add a card</button></form>` : unavailable}</section>`;
  }
  return html`<section aria-labelledby="card"><h2 id="card">Card</h2>
<p id="saved-card">${BRAND[card.brand] ?? card.brand} ending in ${card.last4}, expires ${String(card.expMonth).padStart(2, '0')}/${card.expYear}</p>
${
  view.cardsAvailable
    ? html`<form method="post" action="/account/card" class="inline">${csrfField(page)}<button type="submit" class="secondary">Replace card</button></form>
<form method="post" action="/account/card/remove" class="inline">${csrfField(page)}<button type="submit" class="secondary">Remove card</button></form>`
    : unavailable
}</section>`;
}

function voiceCodeSection(page: PageContext, view: AccountView, problem: string | undefined): SafeHtml {
  const state =
    view.voiceCode === 'none'
      ? 'No voice code. With one, Alexa asks for it before every charge.'
      : view.voiceCode === 'set'
        ? 'A voice code is set: Alexa asks for it before every charge.'
        : 'Your voice code is locked after three wrong tries. Set a new one to use Alexa purchases again.';
  return html`<section aria-labelledby="voice-code"><h2 id="voice-code">Voice code</h2>
<p id="voice-code-state">${state}</p>
<form method="post" action="/account/voice-code" novalidate>${csrfField(page)}
${field({ name: 'code', label: view.voiceCode === 'none' ? 'New four-digit code' : 'New four-digit code (replaces the current one)', type: 'digits', autocomplete: 'off', maxLength: 4, error: problem })}
${field({ name: 'confirm', label: 'The same code again', type: 'digits', autocomplete: 'off', maxLength: 4 })}
<button type="submit">${view.voiceCode === 'none' ? 'Set voice code' : 'Change voice code'}</button></form>
${view.voiceCode !== 'none' ? html`<form method="post" action="/account/voice-code/remove">${csrfField(page)}<button type="submit" class="secondary">Remove voice code</button></form>` : ''}
</section>`;
}

function refundPart(page: PageContext, order: AccountOrder): SafeHtml | '' {
  if (order.refund) {
    const status =
      order.refund.status === 'requested'
        ? `Refund requested on ${formatDate(order.refund.requestedAt)}`
        : order.refund.status === 'refunded'
          ? 'Refunded'
          : 'Refund not possible';
    return html`<p class="refund">${status}</p>`;
  }
  if (order.status !== 'paid' && order.status !== 'completed') return '';
  return html`<form method="post" action="/account/orders/${order.orderId}/refund">${csrfField(page)}
<label for="reason-${order.orderId}">Ask for a refund (why? optional)</label>
<textarea id="reason-${order.orderId}" name="reason" maxlength="500"></textarea>
<button type="submit" class="secondary">Ask for a refund</button>
<p class="hint">Within 14 days the refund is made at once. Credits already retired for you stay retired.</p></form>`;
}

function orderDetails(order: AccountOrder): SafeHtml {
  return html`<dl><dt>Date</dt><dd>${formatDate(order.createdAt)}</dd>
<dt>Total</dt><dd>${formatMoney(order.total.minor, order.total.currency)} (tax ${formatMoney(order.tax.minor, order.tax.currency)})</dd>
<dt>Status</dt><dd class="status">${ORDER_STATUS[order.status]}</dd>
${order.certificateId ? html`<dt>Certificate</dt><dd>${order.certificateUrl ? html`<a href="${order.certificateUrl}">${order.certificateId}</a>` : order.certificateId}</dd>` : ''}
</dl>`;
}

/** One order: what was bought, the amount, where it stands, and its certificate (the link in the order email). */
export function orderPage(page: PageContext, order: AccountOrder, notice?: string): SafeHtml {
  return layout(
    'Your order',
    page,
    html`<section aria-labelledby="order"><h2 id="order">${order.description}</h2>
<p>Order number <strong>${order.orderId}</strong>, sold by Green Horizons, the seller of record.</p>
${orderDetails(order)}
${order.certificateId ? html`<p class="certificate">Certificate <strong>${order.certificateId}</strong>: ${order.kilograms} kg CO2e of existing, verified carbon credits retired in your name. A retirement is permanent.</p>` : ''}
${order.status === 'action-required' && order.nextActionUrl ? html`<p><a class="button" href="${order.nextActionUrl}">Confirm the payment</a></p>` : ''}
${refundPart(page, order)}
<p><a href="/account">Back to your account</a></p></section>`,
    { notice },
  );
}

/** 3-D Secure: the payment the customer confirms with their bank, and the button that takes them there. */
export function payPage(page: PageContext, order: AccountOrder): SafeHtml {
  return layout(
    'Confirm your payment',
    page,
    html`<section>
<p>Your bank asks you to confirm the payment of <strong>${formatMoney(order.total.minor, order.total.currency)}</strong> to Green Horizons for: ${order.description}.</p>
<p>Nothing is charged until you confirm. You will see your bank's page, then come back here.</p>
<form method="post" action="/account/orders/${order.orderId}/pay">${csrfField(page)}<button type="submit">Confirm with my bank</button></form>
<p><a href="/account/orders/${order.orderId}">Not now</a></p>
</section>`,
  );
}

/** What confirming the payment came to. */
export function payResultPage(page: PageContext, order: AccountOrder, state: PaymentState): SafeHtml {
  const words = ((): { title: string; text: string } => {
    switch (state.kind) {
      case 'succeeded':
        return {
          title: 'Payment confirmed',
          text: 'Thank you: your bank has confirmed the payment. Your order completes within the hour, and the certificate and order email follow; Alexa will tell you too.',
        };
      case 'processing':
        return {
          title: 'Payment processing',
          text: 'Your bank is still processing the payment. Check this page again in a little while.',
        };
      case 'redirect':
        return { title: 'Confirm your payment', text: 'Your bank is still waiting for you to confirm.' };
      case 'failed':
        return { title: 'Payment not confirmed', text: `${state.message} You were not charged.` };
      case 'not-found':
        return { title: 'No such payment', text: 'This order has no payment to confirm.' };
    }
  })();
  return layout(
    words.title,
    page,
    html`<section><p role="status">${words.text}</p>${orderDetails(order)}
<p><a href="/account">Back to your account</a></p></section>`,
  );
}

function ordersSection(page: PageContext, view: AccountView): SafeHtml {
  if (view.orders.length === 0) {
    return html`<section aria-labelledby="orders"><h2 id="orders">Orders</h2><p>No orders yet.</p></section>`;
  }
  const items = view.orders.map(
    (order) => html`<li data-order="${order.orderId}">
<p><strong>${order.description}</strong></p>
${orderDetails(order)}
${order.status === 'action-required' && order.nextActionUrl ? html`<p><a class="button" href="${order.nextActionUrl}">Confirm the payment</a></p>` : ''}
${refundPart(page, order)}
</li>`,
  );
  return html`<section aria-labelledby="orders"><h2 id="orders">Orders</h2><ul class="orders">${items}</ul></section>`;
}

function planSection(page: PageContext, view: AccountView): SafeHtml {
  const plan = view.plan;
  if (!plan) {
    return html`<section aria-labelledby="plan"><h2 id="plan">Monthly plan</h2><p>No monthly plan. Ask Alexa to "set up a monthly offset plan".</p></section>`;
  }
  const what = `${plan.kilogramsPerMonth} kg of CO2e each month for ${formatMoney(plan.monthlyTotal.minor, plan.monthlyTotal.currency)}, tax included`;
  if (plan.status === 'cancelled') {
    return html`<section aria-labelledby="plan"><h2 id="plan">Monthly plan</h2><p>${what}.</p>
<p class="status">Cancelled${plan.cancelledAt ? ` on ${formatDate(plan.cancelledAt)}` : ''}. You are not charged any more.</p></section>`;
  }
  return html`<section aria-labelledby="plan"><h2 id="plan">Monthly plan</h2><p>${what}.</p>
<p class="status">${plan.status === 'active' ? 'Active.' : 'The last monthly charge did not go through: replace your card to keep the plan going.'}${
    plan.nextChargeOn ? ` Next charge on ${formatDate(plan.nextChargeOn)}.` : ''
  }</p>
<form method="post" action="/account/plan/cancel">${csrfField(page)}<button type="submit" class="secondary">Cancel the plan</button></form></section>`;
}

export function accountPage(
  page: PageContext,
  view: AccountView,
  messages: {
    readonly notice?: string | undefined;
    readonly error?: string | undefined;
    readonly voiceCodeProblem?: string;
  } = {},
): SafeHtml {
  return layout(
    'Your account',
    page,
    html`<p>Signed in as <strong>${view.email}</strong>.</p>
${alexaSection(page, view)}
${cardSection(page, view)}
${voiceCodeSection(page, view, messages.voiceCodeProblem)}
${planSection(page, view)}
${ordersSection(page, view)}
<section aria-labelledby="delete"><h2 id="delete">Delete your account</h2>
<p>Deletes your account and its data, removes your card from Stripe and unlinks Alexa.</p>
<p><a class="button secondary" href="/account/delete">Delete account…</a></p></section>`,
    messages,
  );
}

export function deleteAccountPage(page: PageContext, options: { readonly error?: string } = {}): SafeHtml {
  return layout(
    'Delete your account',
    page,
    html`<section>
<p>This deletes your Green Horizons account and everything it holds: your card is removed from Stripe, Alexa is unlinked, a monthly plan stops, and your orders disappear from this page. It cannot be undone.</p>
<form method="post" action="/account/delete" novalidate>${csrfField(page)}
${field({ name: 'password', label: 'Your password, to confirm', type: 'password', autocomplete: 'current-password', maxLength: 200 })}
<button type="submit" class="danger">Delete my account</button></form>
<p><a href="/account">Keep my account</a></p>
</section>`,
    options,
  );
}
