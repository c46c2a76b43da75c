import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth: equal documents give equal text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    node && typeof node === 'object' && !Array.isArray(node)
      ? Object.fromEntries(
          Object.entries(node as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : node,
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
