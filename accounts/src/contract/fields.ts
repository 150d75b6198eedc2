/**
 * Typed reads of stored items. Stored data is untrusted (older shapes, hand edits): a field that does not fit
 * throws CorruptAccountRecordError naming it, instead of being half-read.
 */
export class CorruptAccountRecordError extends Error {
  override readonly name = 'CorruptAccountRecordError';
}

type Raw = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown, what: string): Raw {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Raw;
  throw new CorruptAccountRecordError(`${what} is not a map`);
}

export class Fields {
  constructor(
    private readonly raw: Raw,
    private readonly what: string,
  ) {}

  static of(value: unknown, what: string): Fields {
    return new Fields(asRecord(value, what), what);
  }

  private fail(key: string, expected: string): never {
    throw new CorruptAccountRecordError(`${this.what}.${key} is not ${expected}`);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  string(key: string): string {
    const value = this.raw[key];
    return typeof value === 'string' && value !== '' ? value : this.fail(key, 'a string');
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  timestamp(key: string): string {
    const value = this.string(key);
    return Number.isNaN(Date.parse(value)) ? this.fail(key, 'a timestamp') : value;
  }

  optionalTimestamp(key: string): string | undefined {
    return this.has(key) ? this.timestamp(key) : undefined;
  }

  integer(key: string): number {
    const value = this.raw[key];
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? value
      : this.fail(key, 'a whole number');
  }

  optionalInteger(key: string): number | undefined {
    return this.has(key) ? this.integer(key) : undefined;
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    return values.find((known) => known === this.raw[key]) ?? this.fail(key, `one of ${values.join(', ')}`);
  }

  nested(key: string): Fields {
    return Fields.of(this.raw[key], `${this.what}.${key}`);
  }

  optionalNested(key: string): Fields | undefined {
    return this.has(key) ? this.nested(key) : undefined;
  }
}
