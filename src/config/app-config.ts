import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { type NetworkRange, parseNetworkList } from '../core/outbound/address-policy';
import { EnvironmentSchema } from './environment.schema';

export type DatabaseConfig =
  { kind: 'sqlite'; file: string; journalFile: string } | { kind: 'mysql'; url: string };

/** The validated, typed configuration. Injected everywhere as `AppConfig`. */
export class AppConfig {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly dataDir: string,
    readonly database: DatabaseConfig,
    readonly jwtSecret: string,
    readonly secretsKey: string,
    readonly negotiationTtlSeconds: number,
    readonly deviceDocumentLimitBytes: number,
    readonly accessTokenTtlSeconds: number,
    readonly refreshTokenTtlSeconds: number,
    readonly adminEmail: string,
    readonly adminPassword: string | undefined,
    readonly bodyLimitBytes: number,
    readonly uploadLimitBytes: number,
    readonly loginRateLimitPerMinute: number,
    readonly basicAuthCacheSeconds: number,
    readonly reconcilerIntervalMs: number,
    readonly compensationOrphanAfterMs: number,
    readonly logLevel: string,
    /** Fastify's trustProxy: none, or the proxies' addresses and networks (never any hop: see TRUST_PROXY). */
    readonly trustProxy: false | string,
    /** Loopback and private networks outbound calls may reach (link-local and metadata: never). */
    readonly provisioningAllowedNetworks: readonly NetworkRange[],
    /** Cumulocity brute-force rule: polls allowed per window before a request is BLOCKED. */
    readonly newDeviceRequestPolls: { max: number; windowMs: number },
    readonly webhooks: WebhookSettings,
    /** Idempotency-Key: how long a key is remembered, and the lease of a request running under one. */
    readonly idempotency: { ttlSeconds: number; leaseSeconds: number },
    /** A second listener serving only GET /metrics, without credentials (keep it off public networks). */
    readonly metricsPort: number | undefined = undefined,
  ) {}
}

/** How webhook deliveries are sent and retried. */
export interface WebhookSettings {
  intervalMs: number;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** Loopback and private networks receivers may be on (WEBHOOK_ALLOWED_NETWORKS). */
  allowedNetworks: readonly NetworkRange[];
}

export class ConfigurationError extends Error {}

/**
 * Reads and validates the environment. Throws a ConfigurationError whose message is one line
 * naming every wrong variable, so `main` can print it and exit.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = plainToInstance(EnvironmentSchema, stripEmpty(env));
  const errors = validateSync(raw, { forbidUnknownValues: false, stopAtFirstError: true });
  if (errors.length > 0) {
    const messages = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new ConfigurationError(`Invalid configuration: ${messages.join('; ')}`);
  }
  const dataDir = resolve(raw.DATA_DIR);
  const database: DatabaseConfig = raw.DATABASE_URL
    ? { kind: 'mysql', url: raw.DATABASE_URL }
    : { kind: 'sqlite', file: join(dataDir, 'app.sqlite'), journalFile: join(dataDir, 'journal.sqlite') };
  return new AppConfig(
    raw.PORT,
    raw.HOST,
    dataDir,
    database,
    raw.JWT_SECRET ?? persistentSecret(dataDir, 'jwt-secret'),
    raw.SECRETS_KEY ?? persistentSecret(dataDir, 'secrets-key'),
    raw.NEGOTIATION_TTL_SECONDS,
    raw.DEVICE_DOCUMENT_LIMIT_BYTES,
    raw.ACCESS_TOKEN_TTL_SECONDS,
    raw.REFRESH_TOKEN_TTL_SECONDS,
    raw.ADMIN_EMAIL.toLowerCase(),
    raw.ADMIN_PASSWORD,
    raw.BODY_LIMIT_BYTES,
    raw.UPLOAD_LIMIT_BYTES,
    raw.LOGIN_RATE_LIMIT_PER_MINUTE,
    raw.BASIC_AUTH_CACHE_SECONDS,
    raw.RECONCILER_INTERVAL_MS,
    raw.COMPENSATION_ORPHAN_AFTER_MS,
    raw.LOG_LEVEL,
    raw.TRUST_PROXY === 'false' ? false : raw.TRUST_PROXY,
    parseNetworkList(raw.PROVISIONING_ALLOWED_NETWORKS) as NetworkRange[], // validated above
    {
      max: raw.NEW_DEVICE_REQUEST_MAX_POLLS,
      windowMs: raw.NEW_DEVICE_REQUEST_POLL_WINDOW_SECONDS * 1000,
    },
    {
      intervalMs: raw.WEBHOOK_INTERVAL_MS,
      timeoutMs: raw.WEBHOOK_TIMEOUT_MS,
      maxAttempts: raw.WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: raw.WEBHOOK_RETRY_BASE_MS,
      allowedNetworks: parseNetworkList(raw.WEBHOOK_ALLOWED_NETWORKS) as NetworkRange[], // validated above
    },
    { ttlSeconds: raw.IDEMPOTENCY_TTL_SECONDS, leaseSeconds: raw.IDEMPOTENCY_LEASE_SECONDS },
    raw.METRICS_PORT,
  );
}

/** Empty variables count as unset, as in most shells' `VAR= cmd`. */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

/**
 * A secret generated once on the embedded default and kept in the data folder (mode 0600),
 * so restarts keep tokens and encrypted data readable. Created atomically (written aside, then
 * linked into place), so a crash never leaves it empty and two processes starting at once agree.
 */
export function persistentSecret(dataDir: string, name: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, randomBytes(48).toString('base64url'), { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // the other process won
    } finally {
      unlinkSync(draft);
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) {
    throw new ConfigurationError(
      `Invalid configuration: ${file} holds no usable secret; delete it to generate one`,
    );
  }
  return secret;
}
