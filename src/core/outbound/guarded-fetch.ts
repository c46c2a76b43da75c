import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { type OutboundAddressPolicy, OutboundAddressRefused } from './address-policy';

export interface GuardedRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** Statuses whose Response must have no body. */
const NO_BODY = new Set([204, 205, 304]);

/**
 * A fetch whose connection goes only where the policy allows: the URL's address is checked before
 * connecting, a name's addresses in the socket's own lookup (Node's fetch takes no lookup). Redirects are
 * not followed: a 3xx is the answer, so a server cannot bounce the call to an address never checked.
 */
export function guardedFetch(
  url: string,
  init: GuardedRequest,
  policy: OutboundAddressPolicy,
): Promise<Response> {
  const target = new URL(url);
  const refused = policy.refusalOfHost(target.hostname);
  if (refused) return Promise.reject(new OutboundAddressRefused(refused));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      { method: init.method, headers: init.headers, signal: init.signal, lookup: policy.lookup },
      (incoming) => resolve(toResponse(incoming)),
    );
    request.once('error', reject);
    request.end(init.body);
  });
}

function toResponse(incoming: IncomingMessage): Response {
  const status = incoming.statusCode ?? 502;
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers))
    for (const one of [value ?? []].flat()) headers.append(name, one);
  if (NO_BODY.has(status)) {
    incoming.resume();
    return new Response(null, { status, headers });
  }
  return new Response(Readable.toWeb(incoming) as ReadableStream<Uint8Array>, { status, headers });
}

/**
 * The start of an answer's body as text, at most `maxBytes`; the rest is never read (the connection
 * is dropped), so a server streaming without end cannot make the caller hold it. '' when it cannot be read.
 */
export async function bodyPrefix(response: Response, maxBytes: number): Promise<string> {
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    while (bytes < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
    }
  } catch {
    return '';
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}
