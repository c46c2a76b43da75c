import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Deeper documents are refused: validation and transformation recurse, and would overflow the stack. */
export const MAX_JSON_DEPTH = 64;

/** Vendor media types such as `application/vnd.com.nsn.cumulocity.newDeviceRequest+json;ver=0.9`. */
const VENDOR_JSON = /^application\/[\w.+-]+\+json\b/i;

/** True when objects or arrays nest more than `max` levels (iterative: no recursion to overflow). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * JSON bodies, for `application/json` and vendor `+json` types alike: Fastify's own parser (which
 * refuses prototype poisoning), an empty body read as no body (some clients send the content type on
 * every request), and a nesting limit.
 */
export function registerJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  const parser = (
    request: FastifyRequest,
    body: string,
    done: (error: Error | null, value?: unknown) => void,
  ) => {
    if (body.length === 0) return done(null, undefined);
    void parse(request, body, (error: Error | null, value?: unknown) => {
      if (error) return done(error);
      if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
        return done(
          Object.assign(new Error(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 }),
        );
      }
      done(null, value);
    });
  };
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parser);
  fastify.addContentTypeParser(VENDOR_JSON, { parseAs: 'string' }, parser);
}
