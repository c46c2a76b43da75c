import { configure } from 'safe-stable-stringify';

/**
 * JSON with object keys sorted at every depth: equal documents give equal text, whatever the key order.
 * safe-stable-stringify (already pino's) writes exactly what JSON.stringify writes for the sorted object,
 * so hashes stored before stay valid, at a quarter of the cost of re-building each object sorted (every
 * poll hashes its Configuration and Capabilities; bench/README, issue 12, eighth pass).
 */
const stringify = configure({ deterministic: true, bigint: false, circularValue: TypeError });

export function canonicalJson(value: unknown): string {
  return stringify(value) as string;
}
