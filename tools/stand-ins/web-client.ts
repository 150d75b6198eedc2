/**
 * A scripted browser over plain HTTP (fetch, redirects followed by hand, a cookie jar honouring Path and Max-Age):
 * enough to walk the account pages and the OAuth flow exactly as the Alexa app's browser does, and to stop at the
 * redirect to Alexa's redirect URI where the code is.
 */
export interface Page {
  readonly status: number;
  readonly url: string;
  readonly html: string;
  readonly headers: Headers;
}

interface StoredCookie {
  readonly value: string;
  readonly path: string;
}

export class WebClient {
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(readonly origin: string) {}

  private cookieHeader(url: URL): string | undefined {
    if (url.origin !== this.origin) return undefined;
    const pairs = [...this.cookies.entries()]
      .filter(
        ([, { path }]) =>
          path === '/' || url.pathname === path || url.pathname.startsWith(`${path.replace(/\/$/, '')}/`),
      )
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }

  private keepCookies(url: URL, headers: Headers): void {
    if (url.origin !== this.origin) return;
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const attribute = (key: string) =>
        attributes.find((item) => item.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute('path') ?? '/';
      const maxAge = attribute('max-age');
      const expires = attribute('expires');
      const gone = value === '' || maxAge === '0' || (expires !== undefined && Date.parse(expires) < Date.now());
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  /** One request, no redirect followed. */
  async request(
    method: 'GET' | 'POST',
    target: string,
    form?: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Page> {
    const url = new URL(target, this.origin);
    const cookie = this.cookieHeader(url);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin } : {}),
        ...headers,
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    this.keepCookies(url, response.headers);
    return { status: response.status, url: url.toString(), html: await response.text(), headers: response.headers };
  }

  /**
   * Follows redirects on this origin; stops at a redirect elsewhere (Alexa's redirect URI, Stripe's page) and
   * returns it with `url` set to where it points.
   */
  async follow(page: Page, limit = 10): Promise<Page> {
    let current = page;
    for (let hops = 0; hops < limit; hops += 1) {
      const location = current.headers.get('location');
      if (current.status < 300 || current.status >= 400 || !location) return current;
      const next = new URL(location, current.url);
      if (next.origin !== this.origin) return { ...current, url: next.toString() };
      current = await this.request('GET', next.toString());
    }
    throw new Error('Too many redirects');
  }

  async get(target: string): Promise<Page> {
    return this.follow(await this.request('GET', target));
  }

  /** Submits a form of `page` (found by its action), with its hidden fields (the CSRF token) and `fields`. */
  async submit(page: Page, action: string, fields: Record<string, string> = {}): Promise<Page> {
    const forms = [...page.html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = forms.find((match) => decodeEntities(match[1] ?? '') === action);
    if (!form) throw new Error(`No form posting to ${action} on ${page.url}:\n${page.html.slice(0, 2000)}`);
    const hidden: Record<string, string> = {};
    for (const input of (form[2] ?? '').matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1];
      if (name) hidden[name] = decodeEntities(value ?? '');
    }
    return this.follow(await this.request('POST', new URL(action, page.url).toString(), { ...hidden, ...fields }));
  }
}

export function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The page's text without tags, for assertions on what a person reads. */
export function textOf(page: Page): string {
  return decodeEntities(page.html.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}
