import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { parseNetworkList } from '../core/outbound/address-policy';

/** Decimal integers only: ' ' or '0x50' are errors, not 0 or 80. */
const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
};

function networkListError(value: unknown): string {
  const parsed = typeof value === 'string' ? parseNetworkList(value) : 'not text';
  return typeof parsed === 'string' ? parsed : 'invalid';
}

/** Addresses or CIDR networks, comma-separated (parseNetworkList); the message names the variable. */
const IsNetworkList = () =>
  ValidateBy({
    name: 'networkList',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && typeof parseNetworkList(value) !== 'string',
      defaultMessage: (args) =>
        `${args?.property}: ${networkListError(args?.value)} (give addresses or CIDR networks, comma-separated)`,
    },
  });

/** Every environment variable the service reads, with its default. README's configuration table mirrors it. */
export class EnvironmentSchema {
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '0.0.0.0';

  /** Unset: /metrics only on PORT, for a SYSTEM_ADMIN. Set: also on this port, without credentials. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** Unset: embedded SQLite in DATA_DIR. Otherwise mysql://user:pass@host:3306/db or mariadb://... */
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/]+\/[^/?]+/, {
    message: 'DATABASE_URL must look like mysql://user:password@host:3306/database',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR = './data';

  @ValidateIf((env: EnvironmentSchema) => env.DATABASE_URL !== undefined || env.JWT_SECRET !== undefined)
  // class-validator checks bottom-up and stops at the first failure: "required" must come first.
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @IsString({ message: 'JWT_SECRET is required when DATABASE_URL is set (all instances must share it)' })
  JWT_SECRET?: string;

  /** Encrypts device credentials at rest. Unset on the embedded default: generated into DATA_DIR. */
  @ValidateIf((env: EnvironmentSchema) => env.DATABASE_URL !== undefined || env.SECRETS_KEY !== undefined)
  @MinLength(32, { message: 'SECRETS_KEY must be at least 32 characters' })
  @IsString({ message: 'SECRETS_KEY is required when DATABASE_URL is set (all instances must share it)' })
  SECRETS_KEY?: string;

  /** How long a negotiated configuration transaction may wait for its commit or reject. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30 * 86_400)
  NEGOTIATION_TTL_SECONDS = 3600;

  /**
   * Largest Configuration or Capabilities document accepted, in bytes of JSON. At most 65,535: the
   * documents are TEXT columns, which hold that much on MySQL and MariaDB (a larger one failed there).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65_535)
  DEVICE_DOCUMENT_LIMIT_BYTES = 65_535;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(90 * 86_400)
  REFRESH_TOKEN_TTL_SECONDS = 14 * 86_400;

  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL = 'admin@example.com';

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_RATE_LIMIT_PER_MINUTE = 10;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  BASIC_AUTH_CACHE_SECONDS = 60;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  RECONCILER_INTERVAL_MS = 5000;

  /**
   * An undo registered without an external key, still "armed" after this long, belongs to a request
   * that died: the reconciler takes it over. Keyed undos are taken over as soon as their key is free.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  COMPENSATION_ORPHAN_AFTER_MS = 120_000;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * The proxies in front of the service, whose X-Forwarded-For is believed: `false` (none), or their
   * addresses and networks (`10.0.0.0/8,192.0.2.7`). Not `true` (any hop believed): every client could
   * then name its own address, and the login and password limits count by address. (Fastify no longer
   * takes a number of hops: it cannot tell the nearest peer is a proxy.)
   */
  @IsOptional()
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        (value === 'false' || (value.trim() !== '' && typeof parseNetworkList(value) !== 'string')),
      defaultMessage: (args) =>
        `TRUST_PROXY: ${String(args?.value)} is neither false nor the proxies' addresses and CIDR networks` +
        (args?.value === 'true' ? ' (true would believe any X-Forwarded-For a client sends)' : ''),
    },
  })
  TRUST_PROXY = 'false';

  /** Loopback and private networks provisioning servers may be on: `10.0.0.0/8,127.0.0.1,::1`. */
  @IsOptional()
  @IsNetworkList()
  PROVISIONING_ALLOWED_NETWORKS = '';

  /**
   * Cumulocity bootstrap polls for one id, not yet accepted (or from the wrong tenant), allowed within
   * NEW_DEVICE_REQUEST_POLL_WINDOW_SECONDS; one more and the request is BLOCKED. The default lets a device
   * poll every second.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  NEW_DEVICE_REQUEST_MAX_POLLS = 60;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  NEW_DEVICE_REQUEST_POLL_WINDOW_SECONDS = 60;

  /** How long an Idempotency-Key is remembered (and its answer replayed), from its first request. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 86_400)
  IDEMPOTENCY_TTL_SECONDS = 86_400;

  /**
   * Lease of a request running under an Idempotency-Key, renewed while it runs: a request that died
   * (crash, kill) holds its key this long at most, then a retry runs.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  IDEMPOTENCY_LEASE_SECONDS = 30;

  /** How often each instance looks for webhook deliveries that are due. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(600_000)
  WEBHOOK_INTERVAL_MS = 1000;

  /** A receiver that has not answered within this long has failed the attempt. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Attempts of one delivery before it is marked failed (a tenant admin may redeliver it). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_MAX_ATTEMPTS = 12;

  /** The first retry waits about this long; each next one twice as long (with jitter), at most an hour. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 5000;

  /**
   * Loopback and private networks webhook receivers may be on, apart from provisioning's: letting
   * provisioning reach an internal server does not let every tenant's webhooks reach it too.
   */
  @IsOptional()
  @IsNetworkList()
  WEBHOOK_ALLOWED_NETWORKS = '';
}
