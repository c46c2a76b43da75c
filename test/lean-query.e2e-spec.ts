import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { isUniqueViolation } from '../src/core/database/database-errors';
import { leanQuery } from '../src/core/database/lean-query';
import { startTestApp, type TestApp } from './support/test-app';
import { onMysql } from './support/test-database';

/** Lean statements inside a transaction: on MySQL they go straight to the connection the transaction holds. */
describe('lean statements in a transaction', () => {
  let t: TestApp;
  let dataSource: DataSource;
  const count = async (manager: EntityManager) =>
    Number((await leanQuery<{ n: number }>(manager, 'SELECT COUNT(*) AS n FROM lean_probe')).records[0].n);
  const insert = (manager: EntityManager, id: number) =>
    leanQuery(manager, 'INSERT INTO lean_probe (id) VALUES (?)', [id]);

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
    await dataSource.query('CREATE TABLE lean_probe (id INTEGER PRIMARY KEY)');
  });
  afterAll(() => t.close());

  it('are part of it: seen inside at once, outside only once it commits, never when it rolls back', async () => {
    const rolledBack = dataSource.transaction(async (manager) => {
      expect((await insert(manager, 1)).affected).toBe(1);
      expect(await count(manager)).toBe(1);
      // SQLite has one connection, which the transaction holds: there is no outside to look from.
      if (onMysql()) expect(await count(dataSource.manager)).toBe(0);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await count(dataSource.manager)).toBe(0);

    await dataSource.transaction((manager) => insert(manager, 2));
    expect(await count(dataSource.manager)).toBe(1);
  });

  it("fail as TypeORM's QueryFailedError, with the driver's error to tell them apart", async () => {
    const error: unknown = await dataSource
      .transaction((manager) => insert(manager, 2))
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).query).toBe('INSERT INTO lean_probe (id) VALUES (?)');
    expect(isUniqueViolation(error)).toBe(true);
  });
});
