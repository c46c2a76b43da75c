import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/**
 * Reads a row and locks it until the transaction ends (SELECT ... FOR UPDATE on MySQL), so
 * invariants hold across instances (ARCHITECTURE rule 9). SQLite has no row locks; there a
 * transaction already runs alone (see sqlite-serializer).
 */
export function findForUpdate<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<T | null> {
  const sqlite = manager.connection.options.type === 'better-sqlite3';
  return manager.findOne(entity, {
    where,
    ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }),
  });
}

/**
 * Counts rows with a locking read, so MySQL counts what is committed now rather than what the
 * transaction's snapshot saw. SQLite: a plain count (the transaction runs alone).
 */
export function countLocked<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<number> {
  const sqlite = manager.connection.options.type === 'better-sqlite3';
  return manager.count(entity, { where, ...(sqlite ? {} : { lock: { mode: 'pessimistic_read' as const } }) });
}
