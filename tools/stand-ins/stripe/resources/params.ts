/** Reading Stripe form parameters, with Stripe's error for a missing or malformed one. */
import type { FormObject, FormValue } from '../form';
import { StripeApiError } from '../state';

export function optionalString(body: FormObject, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw new StripeApiError(400, 'invalid_request_error', `Invalid string: ${name}`, { param: name });
  return value;
}

export function requiredString(body: FormObject, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined) {
    throw new StripeApiError(400, 'invalid_request_error', `Missing required param: ${name}.`, {
      code: 'parameter_missing',
      param: name,
    });
  }
  return value;
}

export function optionalObject(body: FormObject, name: string): FormObject | undefined {
  const value: FormValue | undefined = body[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new StripeApiError(400, 'invalid_request_error', `Invalid object: ${name}`, { param: name });
  }
  return value;
}

/** Stripe metadata: string values only. */
export function metadata(body: FormObject, name = 'metadata'): Record<string, string> {
  const value = optionalObject(body, name) ?? {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export function stringList(body: FormObject, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : Object.values(value);
  return items.filter((item): item is string => typeof item === 'string');
}

export function list(url: string, data: readonly unknown[]) {
  return { object: 'list', url, has_more: false, data };
}
