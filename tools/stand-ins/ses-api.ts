/**
 * A stand-in for Amazon SES v2 on 127.0.0.1: `SendEmail` (`POST /v2/email/outbound-emails`, simple content) as the
 * official @aws-sdk/client-sesv2 sends it when its endpoint is this server (SES_ENDPOINT). It records every email
 * and shows them: `GET /` is a page listing what was sent (newest first), `GET /emails` the same as JSON, so a
 * developer running the account service or the simulator can open the sign-up code or reset link.
 *
 * Requests must be signed (an `Authorization: AWS4-HMAC-SHA256 …` header), as the SDK does with any credentials.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from './escape-html';
import { listenOnLoopback } from './loopback';

export interface SentEmail {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string | undefined;
  readonly html: string | undefined;
  readonly sentAt: string;
}

export type SesBehaviour =
  | { readonly kind: 'normal' }
  /** The next `times` sends answer `status` (500: InternalFailure; 429: TooManyRequestsException) and send nothing. */
  | { readonly kind: 'fail'; readonly times: number; readonly status: number }
  | { readonly kind: 'slow'; readonly delayMs: number };

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  Content?: { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } } };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 10 * 1024 * 1024) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

export class SesStandIn {
  readonly url: string;
  private readonly emails: SentEmail[] = [];
  private behaviour: SesBehaviour = { kind: 'normal' };
  private closing: Promise<void> | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly server: Server) {
    const { address, port } = server.address() as AddressInfo;
    this.url = `http://${address}:${port}`;
    server.on('request', (request, response) => {
      this.handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
  }

  static async start(options: { port?: number } = {}): Promise<SesStandIn> {
    const server = createServer();
    await listenOnLoopback(server, options.port ?? 0);
    return new SesStandIn(server);
  }

  behave(behaviour: SesBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Every email sent so far, oldest first. */
  sent(): readonly SentEmail[] {
    return [...this.emails];
  }

  /** The emails to one address, oldest first. */
  sentTo(address: string): SentEmail[] {
    return this.emails.filter((email) => email.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  }

  /** Resolves with the first email to `address` sent after `count` of them, waiting up to `timeoutMs`. */
  async waitForEmail(address: string, count = 0, timeoutMs = 5000): Promise<SentEmail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sentTo(address)[count];
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No email ${count + 1} to that address within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  clear(): void {
    this.emails.length = 0;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (request.method === 'GET' && url.pathname === '/emails') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.emails));
      return;
    }
    if (request.method === 'GET' && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(this.page());
      return;
    }
    if (request.method === 'POST' && url.pathname === '/v2/email/outbound-emails') {
      await this.sendEmail(request, response);
      return;
    }
    this.error(response, 404, 'NotFoundException', 'Unknown operation');
  }

  private error(response: ServerResponse, status: number, type: string, message: string): void {
    response
      .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
      .end(JSON.stringify({ message }));
  }

  private async sendEmail(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      this.error(response, 403, 'AccessDeniedException', 'Missing Authentication Token');
      return;
    }
    const behaviour = this.behaviour;
    if (behaviour.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    if (behaviour.kind === 'fail' && behaviour.times > 0) {
      this.behaviour = behaviour.times > 1 ? { ...behaviour, times: behaviour.times - 1 } : { kind: 'normal' };
      const type = behaviour.status === 429 ? 'TooManyRequestsException' : 'InternalFailure';
      this.error(response, behaviour.status, type, 'The stand-in was told to fail');
      return;
    }
    let body: SendEmailBody;
    try {
      body = (await readJson(request)) as SendEmailBody;
    } catch {
      this.error(response, 400, 'BadRequestException', 'Malformed JSON');
      return;
    }
    const to = [
      ...(body.Destination?.ToAddresses ?? []),
      ...(body.Destination?.CcAddresses ?? []),
      ...(body.Destination?.BccAddresses ?? []),
    ];
    const simple = body.Content?.Simple;
    if (!body.FromEmailAddress || to.length === 0 || !simple?.Subject?.Data) {
      this.error(
        response,
        400,
        'BadRequestException',
        'FromEmailAddress, a destination and Content.Simple.Subject are required',
      );
      return;
    }
    const messageId = `0100${randomBytes(16).toString('hex')}-000000`;
    this.emails.push({
      messageId,
      from: body.FromEmailAddress,
      to,
      subject: simple.Subject.Data,
      text: simple.Body?.Text?.Data,
      html: simple.Body?.Html?.Data,
      sentAt: new Date().toISOString(),
    });
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ MessageId: messageId }));
  }

  private page(): string {
    const items = [...this.emails]
      .reverse()
      .map(
        (email) => `<article><h2>${escapeHtml(email.subject)}</h2>
<p><strong>To</strong> ${escapeHtml(email.to.join(', '))} · <strong>From</strong> ${escapeHtml(email.from)} · ${escapeHtml(email.sentAt)}</p>
<pre>${escapeHtml(email.text ?? '(no text part)')}</pre></article>`,
      )
      .join('\n');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sent emails (SES stand-in)</title><style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem}
article{border-top:1px solid #ccc;padding:.5rem 0}pre{white-space:pre-wrap;background:#f4f4f4;padding:.75rem}</style></head>
<body><h1>Sent emails</h1><p>${this.emails.length} sent through the local SES stand-in; newest first. Reload to update.</p>${items || '<p>None yet.</p>'}</body></html>`;
  }
}
