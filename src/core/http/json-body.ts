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

type Parsed = (error: Error | null, value?: unknown) => void;

/**
 * Parses JSON text as every body is parsed: Fastify's own parser (which refuses prototype poisoning)
 * and a nesting limit. Errors carry statusCode 400.
 */
export function parseJsonText(
  fastify: FastifyInstance,
  request: FastifyRequest,
  text: string,
): Promise<unknown> {
  return new Promise((resolve, reject) =>
    parseJson(fastify, request, text, (error, value) => (error ? reject(error) : resolve(value))),
  );
}

/** parseJsonText for a callback: the body parser of every request, which makes no promise for it. */
function parseJson(fastify: FastifyInstance, request: FastifyRequest, text: string, done: Parsed): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  void parse(request, text, (error: Error | null, value?: unknown) => {
    if (error) return done(error);
    if (nestsDeeperThan(value, MAX_JSON_DEPTH))
      return done(
        Object.assign(new Error(`JSON nests deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 }),
      );
    done(null, value);
  });
}

/**
 * JSON bodies, for `application/json` and vendor `+json` types alike, through parseJsonText; an empty
 * body is read as no body (some clients send the content type on every request).
 */
export function registerJsonParser(fastify: FastifyInstance): void {
  const parser = (request: FastifyRequest, body: string, done: Parsed) => {
    if (body.length === 0) return done(null, undefined);
    parseJson(fastify, request, body, done);
  };
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, parser);
  fastify.addContentTypeParser(VENDOR_JSON, { parseAs: 'string' }, parser);
}
