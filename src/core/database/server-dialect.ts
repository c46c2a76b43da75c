import { createConnection, type RowDataPacket } from 'mysql2/promise';
import type { DatabaseConfig } from '../../config/app-config';

export type MysqlDialect = 'mysql' | 'mariadb';

/** MariaDB says so in its version (`10.11.6-MariaDB-0+deb12u1`); MySQL never does. */
export function dialectOfVersion(version: string): MysqlDialect {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}

/** The dialect the driver should speak to this database: the server's own when it is MySQL or MariaDB. */
export async function dialectFor(database: DatabaseConfig): Promise<MysqlDialect | undefined> {
  return database.kind === 'mysql' ? detectDialect(database.url) : undefined;
}

/**
 * Asks the server what it is, whatever the URL's scheme says: TypeORM's 'mysql' dialect writes
 * MySQL 8 syntax (`FOR SHARE`) that MariaDB refuses, and its 'mariadb' dialect is the one whose
 * schema comparison matches MariaDB.
 */
export async function detectDialect(url: string): Promise<MysqlDialect> {
  const connection = await createConnection({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectTimeout: 10_000,
  });
  try {
    const [rows] = await connection.query<Array<{ version: string } & RowDataPacket>>(
      'SELECT VERSION() AS version',
    );
    return dialectOfVersion(rows[0].version);
  } finally {
    await connection.end();
  }
}
