import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Connection, createConnection } from 'mysql2/promise';
import { startTogether } from '../support/instances';
import { serverConnection } from '../support/test-database';

/** The cluster suite runs against `scripts/galera-cluster.sh start`; its `urls` give CLUSTER_DATABASE_URLS. */
export const NODE_URLS = (process.env.CLUSTER_DATABASE_URLS ?? '').split(',').filter(Boolean);
if (NODE_URLS.length < 3)
  throw new Error(
    "Set CLUSTER_DATABASE_URLS to the 3 nodes' URLs: $(scripts/galera-cluster.sh urls | paste -sd,)",
  );

const SECRETS = {
  JWT_SECRET: 'cluster-jwt-secret-cluster-jwt-secret',
  SECRETS_KEY: 'cluster-secrets-key-cluster-secrets-key',
};

const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

/** A session on one node whose reads wait until the node applied every write the cluster committed. */
export async function nodeSession(url: string): Promise<Connection> {
  const connection = await createConnection({ uri: url.replace(/^mariadb:/, 'mysql:') });
  await connection.query('SET SESSION wsrep_sync_wait = 1');
  return connection;
}

/** A fresh database created on node 1, waited for on every node; one URL per node. */
export async function freshClusterDatabase() {
  const name = `${new URL(NODE_URLS[0]).pathname.slice(1)}_${randomBytes(4).toString('hex')}`;
  const first = await serverConnection(NODE_URLS[0]);
  await first.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await first.end();
  const urls = NODE_URLS.map((url) => withDatabase(url, name));
  for (const url of urls) (await nodeSession(url)).destroy(); // connecting proves the node has the database
  return {
    urls,
    drop: async () => {
      const connection = await serverConnection(NODE_URLS[0]);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

/** One application instance per node, all started at the same moment, sharing their secrets. */
export async function startOnePerNode(urls: string[], env: Record<string, string> = {}) {
  return startTogether(urls.map((url) => ({ DATABASE_URL: url, DATA_DIR: tmpdir(), ...SECRETS, ...env })));
}

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'galera-cluster.sh');

/** Drives the local cluster: `kill N` (SIGKILL) or `restart N` (rejoin, wait Synced). */
export async function cluster(command: 'kill' | 'restart' | 'status', node?: number): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, command, ...(node ? [String(node)] : [])], {
    timeout: 150_000,
  });
  return stdout.trim();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
