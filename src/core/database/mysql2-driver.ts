import mysql2, { type Pool, type PoolConnection, type PoolOptions } from 'mysql2';

type PromiseWrapper = ReturnType<PoolConnection['promise']>;

/**
 * mysql2 as TypeORM's driver, with one promise wrapper per pooled connection. TypeORM asks for
 * `connection.promise()` on every query, and mysql2 answers each time with a `require` and a new
 * wrapper: ~3 % of the CPU of a polled request (bench/README, issue 12). The wrapper keeps no state
 * but its connection (its events reach the connection only once someone listens), so one lasts.
 */
export const mysql2Driver = {
  ...mysql2,
  createPool(options: PoolOptions): Pool {
    const pool = mysql2.createPool(options);
    pool.on('connection', (connection: PoolConnection) => {
      const wrapper: PromiseWrapper = connection.promise();
      connection.promise = () => wrapper;
    });
    return pool;
  },
};
