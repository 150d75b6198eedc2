import { html, type SafeHtml } from './html';

/** What every page needs: the CSRF token for its forms and who is signed in. */
export interface PageContext {
  readonly csrf: string;
  readonly signedInEmail: string | undefined;
}

export function csrfField(page: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${page.csrf}">`;
}

export function layout(
  title: string,
  page: PageContext,
  body: SafeHtml,
  messages: { notice?: string | undefined; error?: string | undefined } = {},
): SafeHtml {
  const signOut = page.signedInEmail
    ? html`<form method="post" action="/sign-out">${csrfField(page)}<button type="submit">Sign out</button></form>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Green Horizons</title>
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><div class="bar"><a href="/">Green Horizons</a>${signOut}</div></header>
<main id="main">
<h1>${title}</h1>
${messages.notice ? html`<p class="notice" role="status">${messages.notice}</p>` : ''}
${messages.error ? html`<p class="error" role="alert">${messages.error}</p>` : ''}
${body}
</main>
<footer>Green Horizons retires verified carbon credits for you. Cards are kept by Stripe; we never see the number.</footer>
</body>
</html>`;
}

/** An input with its label, hint and error, wired for screen readers. */
export function field(input: {
  readonly name: string;
  readonly label: string;
  readonly type: 'email' | 'password' | 'text' | 'digits';
  readonly value?: string | undefined;
  readonly hint?: string | undefined;
  readonly error?: string | undefined;
  readonly autocomplete?: string;
  readonly maxLength?: number;
}): SafeHtml {
  const id = `field-${input.name}`;
  const described = [input.hint ? `${id}-hint` : '', input.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const digits = input.type === 'digits';
  return html`<label for="${id}">${input.label}</label>
${input.hint ? html`<p class="hint" id="${id}-hint">${input.hint}</p>` : ''}
${input.error ? html`<p class="field-error" id="${id}-error">${input.error}</p>` : ''}
<input id="${id}" name="${input.name}" type="${digits ? 'text' : input.type}"${
    digits ? html` inputmode="numeric" pattern="[0-9]*"` : ''
  } value="${input.value ?? ''}"${input.autocomplete ? html` autocomplete="${input.autocomplete}"` : ''}${
    input.maxLength ? html` maxlength="${input.maxLength}"` : ''
  }${described ? html` aria-describedby="${described}"` : ''}${input.error ? html` aria-invalid="true"` : ''} required>`;
}
