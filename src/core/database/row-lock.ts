import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/** MySQL takes the lock; SQLite has no row locks, and there a transaction already runs alone (see sqlite-serializer). */
const locking = (manager: EntityManager) =>
  manager.connection.options.type === 'better-sqlite3'
    ? {}
    : { lock: { mode: 'pessimistic_write' as const } };

/**
 * Reads a row and locks it until the transaction ends (SELECT ... FOR UPDATE on MySQL): changes to
 * one row take turns. The lock stays on its node of a cluster, where only writes are certified, so an
 * invariant across rows is a guarded write (ARCHITECTURE rule 9, tenancy/tenant-limits.ts).
 */
export function findForUpdate<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<T | null> {
  return manager.findOne(entity, { where, ...locking(manager) });
}
