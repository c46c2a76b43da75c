import type { FastifyReply } from 'fastify';

/** An answer kept for replay: status, the headers that mean something to the client, the body's bytes. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  /** UTF-8 text, or base64 when `binary`. */
  body: string;
  binary?: boolean;
}

/** Headers that describe the answer itself; per-request ones (X-Request-ID, Date, lengths) are not kept. */
const KEPT_HEADERS = [
  'content-type',
  'content-disposition',
  'content-location',
  'etag',
  'last-modified',
  'link',
  'location',
  'preference-applied',
  'retry-after',
];

/**
 * Statuses never stored, so a retry under the same key runs again: the caller's rights or rate
 * (401, 403, 429) may change before the retry, 408 says nothing ran, and 503 is the infrastructure
 * asking the client to retry later (rule 11), which a stored 503 would make impossible.
 */
const NOT_STORED = new Set([401, 403, 408, 429, 503]);

export function isStorable(status: number): boolean {
  return !NOT_STORED.has(status);
}

/** The answer as it goes on the wire; undefined for a streamed body, which is not kept. */
export function captureAnswer(reply: FastifyReply, payload: unknown): StoredAnswer | undefined {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  const status = reply.statusCode;
  if (payload === null || payload === undefined) return { status, headers, body: '' };
  if (typeof payload === 'string') return { status, headers, body: payload };
  if (Buffer.isBuffer(payload)) return { status, headers, body: payload.toString('base64'), binary: true };
  return undefined;
}

export function answerBody(answer: StoredAnswer): Buffer {
  return Buffer.from(answer.body, answer.binary ? 'base64' : 'utf8');
}
