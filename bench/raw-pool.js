// The raw servers' database: mysql2's callback pool behind a promise, as the app's hot statements use
// it (core/database/lean-query.ts). Not mysql2/promise: it captures a stack trace on every query (to
// give its errors the caller's stack), ~10 % of the raw negotiate server's CPU, which the app never pays.
const mysql = require('mysql2');

const run = (target, sql, params) =>
  new Promise((resolve, reject) =>
    target.query(sql, params, (error, rows) => (error ? reject(error) : resolve(rows))),
  );

/**
 * A pool on DATABASE_URL whose query(sql, params) resolves with the rows (or the result header), and
 * whose transaction(work) runs work(query) on one connection between START TRANSACTION and COMMIT, as
 * the app's transactions do (ROLLBACK when it throws).
 */
function rawPool() {
  const pool = mysql.createPool({
    uri: process.env.DATABASE_URL.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: 10,
    timezone: 'Z',
  });
  return {
    query: (sql, params) => run(pool, sql, params),
    async transaction(work) {
      const connection = await new Promise((resolve, reject) =>
        pool.getConnection((error, taken) => (error ? reject(error) : resolve(taken))),
      );
      try {
        await run(connection, 'START TRANSACTION');
        const result = await work((sql, params) => run(connection, sql, params));
        await run(connection, 'COMMIT');
        return result;
      } catch (error) {
        await run(connection, 'ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
  };
}

module.exports = { rawPool };
