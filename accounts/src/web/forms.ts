/** Reading a submitted form (application/x-www-form-urlencoded, at most 16 KB) into first values by name. */
import type { IncomingMessage } from 'node:http';

export class FormError extends Error {
  override readonly name = 'FormError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Form = Readonly<Record<string, string>>;

const LIMIT = 16 * 1024;

export async function readForm(request: IncomingMessage, contentType: string | undefined): Promise<Form> {
  if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new FormError(415, 'Forms are sent as application/x-www-form-urlencoded');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > LIMIT) throw new FormError(413, 'The form is too large');
    chunks.push(chunk as Buffer);
  }
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    if (!(key in form)) form[key] = value;
  }
  return form;
}
