import { createHash } from 'node:crypto';

/** Plain JSON with object keys sorted and dates as ISO text, so equal data prints equal. */
export function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** SHA-256 of rows ordered by their id (the same data hashes the same, whatever the order). */
export function hashRows(rows: readonly object[]): string {
  const sorted = [...rows].sort((a, b) =>
    String((a as { id?: unknown }).id).localeCompare(String((b as { id?: unknown }).id)),
  );
  return createHash('sha256')
    .update(JSON.stringify(sorted.map(canonical)))
    .digest('hex');
}
