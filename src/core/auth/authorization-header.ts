/** What an `Authorization` header carries, by its scheme (case-insensitive, RFC 9110). */
export type PresentedCredentials =
  { scheme: 'basic'; username: string; password: string } | { scheme: 'bearer'; token: string };

const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Basic `user:password` (split at the first colon: a password may contain one, RFC 7617) or a Bearer
 * token; anything else, or Basic without a colon, is undefined.
 */
export function parseAuthorization(header: string | undefined): PresentedCredentials | undefined {
  if (!header) return undefined;
  const token = BEARER.exec(header)?.[1];
  if (token) return { scheme: 'bearer', token };
  const encoded = BASIC.exec(header)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The username and password of a Basic header, or undefined when it is not one. */
export function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const credentials = parseAuthorization(header);
  return credentials?.scheme === 'basic' ? credentials : undefined;
}

/** The token of a Bearer header, or undefined. */
export function parseBearer(header: string | undefined): string | undefined {
  const credentials = parseAuthorization(header);
  return credentials?.scheme === 'bearer' ? credentials.token : undefined;
}
