import { timingSafeEqual } from 'node:crypto';
import { sha256 } from '../../core/crypto/sha256';

/** Whether the presented token is the request's (compared as SHA-256 digests, in constant time). */
export function tokenMatches(storedHash: string | null, presented: string | undefined): boolean {
  if (storedHash === null || presented === undefined) return false;
  return timingSafeEqual(Buffer.from(storedHash, 'hex'), Buffer.from(sha256(presented), 'hex'));
}
