// The raw servers' database: mysql2's callback pool behind a promise, as the app's hot statements use
// it (core/database/lean-query.ts). Not mysql2/promise: it captures a stack trace on every query (to
// give its errors the caller's stack), ~10 % of the raw negotiate server's CPU, which the app never pays.
const mysql = require('mysql2');

/** A pool on DATABASE_URL whose query(sql, params) resolves with the rows (or the result header). */
function rawPool() {
  const pool = mysql.createPool({
    uri: process.env.DATABASE_URL.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: 10,
    timezone: 'Z',
  });
  return {
    query: (sql, params) =>
      new Promise((resolve, reject) =>
        pool.query(sql, params, (error, rows) => (error ? reject(error) : resolve(rows))),
      ),
  };
}

module.exports = { rawPool };
