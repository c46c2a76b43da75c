import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { ConnectionIsNotSetError, DataSource, QueryFailedError } from 'typeorm';
import { databaseUnavailableCause, isDatabaseUnavailable } from './database-unavailable';

/** A mysql2 server error as the driver builds it from an error packet. */
const serverError = (errno: number, code: string | undefined, message: string) =>
  Object.assign(new Error(message), { errno, code, sqlState: 'HY000', fatal: false });

const failedQuery = (driverError: Error) =>
  new QueryFailedError('UPDATE users SET password_hash = ? WHERE id = ?', ['s3cret', 'u1'], driverError);

describe('databaseUnavailableCause', () => {
  it.each([
    [1040, 'ER_CON_COUNT_ERROR', 'Too many connections'],
    [1047, 'ER_UNKNOWN_COM_ERROR', 'WSREP has not yet prepared node for application use'],
    [1053, 'ER_SERVER_SHUTDOWN', 'Server shutdown in progress'],
    [1203, 'ER_TOO_MANY_USER_CONNECTIONS', 'User gateway already has more than max_user_connections'],
    [1205, 'ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded; try restarting transaction'],
    [1213, 'ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock; try restarting transaction'],
    [1927, undefined, 'Connection was killed'],
  ])('treats server error %i (%s) as unavailable, raw or inside a failed query', (errno, code, message) => {
    expect(databaseUnavailableCause(serverError(errno, code, message))).toContain(message);
    expect(isDatabaseUnavailable(failedQuery(serverError(errno, code, message)))).toBe(true);
  });

  it.each([
    [1062, 'ER_DUP_ENTRY', "Duplicate entry 'acme' for key 'PRIMARY'"],
    [1452, 'ER_NO_REFERENCED_ROW_2', 'Cannot add or update a child row: a foreign key constraint fails'],
    [1406, 'ER_DATA_TOO_LONG', "Data too long for column 'name' at row 1"],
    [1064, 'ER_PARSE_ERROR', 'You have an error in your SQL syntax'],
  ])('leaves server error %i (%s) to the request: not an outage', (errno, code, message) => {
    expect(isDatabaseUnavailable(failedQuery(serverError(errno, code, message)))).toBe(false);
  });

  it('treats a refused connection, as mysql2 reports it, as unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));

    const refused = await createConnection({ host: '127.0.0.1', port, connectTimeout: 2000 }).catch(
      (error: Error) => error,
    );

    expect(databaseUnavailableCause(refused)).toMatch(/^database connection failed \(ECONNREFUSED/);
  });

  it('treats a lost connection and a closed pool as unavailable', () => {
    const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), {
      code: 'PROTOCOL_CONNECTION_LOST',
      fatal: true,
    });
    expect(isDatabaseUnavailable(lost)).toBe(true);
    expect(isDatabaseUnavailable(failedQuery(lost))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Pool is closed.'))).toBe(true);
    expect(isDatabaseUnavailable(new ConnectionIsNotSetError('mysql'))).toBe(true);
  });

  it('does not take a network error of something else (a vendor server) for the database', () => {
    const vendor = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(vendor)).toBe(false);
  });

  it('does not take validation errors, plain errors or non-errors for an outage', () => {
    expect(isDatabaseUnavailable(new Error('name must be a string'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });

  it('never repeats the SQL or its parameters in the cause', () => {
    const cause = databaseUnavailableCause(
      failedQuery(serverError(1205, 'ER_LOCK_WAIT_TIMEOUT', 'Lock wait')),
    );
    expect(cause).toBe('lock wait timeout (ER_LOCK_WAIT_TIMEOUT: Lock wait)');
  });

  describe('on SQLite (real errors from better-sqlite3 through TypeORM)', () => {
    let dir: string;
    let holder: DataSource;
    let other: DataSource;

    const open = (busyTimeoutMs: number) =>
      new DataSource({
        type: 'better-sqlite3',
        database: join(dir, 'db.sqlite'),
        prepareDatabase: (db: { pragma(source: string): unknown }) => {
          db.pragma('journal_mode = WAL');
          db.pragma(`busy_timeout = ${busyTimeoutMs}`);
        },
      }).initialize();

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'unavailable-'));
      holder = await open(0);
      await holder.query('CREATE TABLE t (id TEXT PRIMARY KEY)');
      other = await open(0);
    });

    afterEach(async () => {
      for (const source of [holder, other]) if (source.isInitialized) await source.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('treats a write lock held by another connection beyond busy_timeout (SQLITE_BUSY) as unavailable', async () => {
      await holder.query('BEGIN IMMEDIATE');
      const busy = await other.query("INSERT INTO t VALUES ('a')").catch((error: unknown) => error);
      await holder.query('ROLLBACK');

      expect(busy).toBeInstanceOf(QueryFailedError);
      expect(databaseUnavailableCause(busy)).toMatch(/^database locked or unreadable \(SQLITE_BUSY/);
    });

    it('treats a closed database as unavailable', async () => {
      const driver = other.driver as unknown as { databaseConnection: { close(): void } };
      driver.databaseConnection.close();

      const closed = await other.query('SELECT 1').catch((error: unknown) => error);

      expect(isDatabaseUnavailable(closed)).toBe(true);
    });

    it('leaves a unique violation to the request', async () => {
      await holder.query("INSERT INTO t VALUES ('a')");
      const duplicate = await holder.query("INSERT INTO t VALUES ('a')").catch((error: unknown) => error);

      expect(duplicate).toBeInstanceOf(QueryFailedError);
      expect(isDatabaseUnavailable(duplicate)).toBe(false);
    });
  });
});
