import { randomBytes } from 'node:crypto';
import { sha256 } from '../../../core/crypto/sha256';

/** A new managed object id: decimal digits like Cumulocity's, 64 random bits (no collision across a fleet). */
export const newManagedObjectId = (): string => randomBytes(8).readBigUInt64BE().toString();

/** The unique key of a group: its path from the root, hashed to fit an index on both databases. */
export const groupKey = (path: readonly string[]): string => sha256(JSON.stringify(path));
