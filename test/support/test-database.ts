import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Connection, createConnection } from 'mysql2/promise';

/** A database of its own for one e2e file: a temp SQLite folder, or a fresh MySQL database. */
export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export const onMysql = (): boolean => Boolean(process.env.DATABASE_URL);

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-'));
  const base = process.env.DATABASE_URL;
  if (!base) {
    return {
      env: { DATA_DIR: dataDir },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const url = new URL(base);
  const name = `${url.pathname.slice(1)}_e2e_${randomBytes(4).toString('hex')}`;
  const admin = await serverConnection(base);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: url.toString(),
      JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
      SECRETS_KEY: 'e2e-secrets-key-e2e-secrets-key-e2e',
    },
    drop: async () => {
      const connection = await serverConnection(base);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A connection to the server of `base` (DATABASE_URL by default) with no database chosen: the one the
 * URL names only prefixes the test databases' names and need not exist (connecting to it when it did
 * not failed every file).
 */
export function serverConnection(base = process.env.DATABASE_URL!): Promise<Connection> {
  const server = new URL(base.replace(/^mariadb:/, 'mysql:'));
  server.pathname = '/';
  return createConnection({ uri: server.toString() });
}
