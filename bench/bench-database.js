// A fresh database `<database>_bench` beside DATABASE_URL's, and the environment the app needs on it.
const mysql = require('mysql2/promise');

async function createBenchDatabase() {
  const base = process.env.DATABASE_URL;
  if (!base)
    throw new Error(
      'set DATABASE_URL=mysql://user:pass@127.0.0.1:3306/<database> (the user creates <database>_bench)',
    );
  const url = new URL(base);
  const name = `${url.pathname.slice(1)}_bench`;
  // The server, no database chosen: the one DATABASE_URL names only prefixes the bench's and need not exist.
  const server = new URL(base.replace(/^mariadb:/, 'mysql:'));
  server.pathname = '/';
  const admin = await mysql.createConnection({ uri: server.toString() });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      JWT_SECRET: 'b'.repeat(32),
      SECRETS_KEY: 's'.repeat(32),
    },
    connect: () => mysql.createConnection({ uri: url.toString().replace(/^mariadb:/, 'mysql:') }),
    drop: async () => {
      if (!process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

const DIGITS =
  '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

/**
 * A derived table of the numbers `n` from 0 to the next power of ten at or above `limit`, from a cross
 * join of digits (portable to MySQL 8 and MariaDB): bulk loads are one INSERT ... SELECT ... WHERE n < limit.
 */
function numbersBelow(limit) {
  const places = Math.max(1, Math.ceil(Math.log10(limit)));
  const number = Array.from({ length: places }, (_, i) => `d${i}.d * ${10 ** i}`).join(' + ');
  const from = Array.from({ length: places }, (_, i) => `${DIGITS} d${i}`).join(' CROSS JOIN ');
  return `(SELECT ${number} AS n FROM ${from})`;
}

module.exports = { createBenchDatabase, numbersBelow };
