/** Encodes a value for a JSON column; `undefined` is stored as `null` so it reads back the same. */
export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

/** Decodes a JSON column; `null` columns decode to `null`. */
export function fromJson<T>(text: string | null): T {
  return (text === null ? null : JSON.parse(text)) as T;
}

/** Decodes a JSON column that may have been edited by hand; returns the raw text if it is not JSON. */
export function fromJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
