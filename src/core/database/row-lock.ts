import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/** MySQL takes the lock; SQLite has no row locks, and there a transaction already runs alone (see sqlite-serializer). */
const locking = (manager: EntityManager, mode: 'pessimistic_write' | 'pessimistic_read') =>
  manager.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode } };

/**
 * Reads a row and locks it until the transaction ends (SELECT ... FOR UPDATE on MySQL), so
 * invariants hold across instances (ARCHITECTURE rule 9).
 */
export function findForUpdate<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<T | null> {
  return manager.findOne(entity, { where, ...locking(manager, 'pessimistic_write') });
}

/**
 * Counts rows with a locking read, so MySQL counts what is committed now rather than what the
 * transaction's snapshot saw.
 */
export function countLocked<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<number> {
  return manager.count(entity, { where, ...locking(manager, 'pessimistic_read') });
}
