import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, loadConfig, persistentSecret } from './app-config';

const SECRET = 'x'.repeat(32);

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'app-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  function configError(env: NodeJS.ProcessEnv): ConfigurationError {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return error as ConfigurationError;
    }
    throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
  }

  it('applies the defaults: port 3000, SQLite database and journal files in DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: dataDir });

    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(dataDir);
    expect(config.database).toEqual({
      kind: 'sqlite',
      file: join(dataDir, 'app.sqlite'),
      journalFile: join(dataDir, 'journal.sqlite'),
    });
    expect(config.basicAuthCacheSeconds).toBe(60);
    expect(config.logLevel).toBe('info');
    expect(config.trustProxy).toBe(false);
  });

  it('converts numeric variables to numbers', () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '8080', BASIC_AUTH_CACHE_SECONDS: '0' });

    expect(config.port).toBe(8080);
    expect(config.basicAuthCacheSeconds).toBe(0);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%s with a one-line message naming the variable', (name, value) => {
    const error = configError({ DATA_DIR: dataDir, [name]: value });

    expect(error.message.startsWith('Invalid configuration:')).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain(name);
  });

  it.each([' ', '0x50', '3.5'])('rejects PORT=%j, which is not a decimal integer', (value) => {
    const error = configError({ DATA_DIR: dataDir, PORT: value });

    expect(error.message.startsWith('Invalid configuration:')).toBe(true);
    expect(error.message).toContain('PORT');
  });

  it('names every wrong variable in the same message', () => {
    const error = configError({ DATA_DIR: dataDir, PORT: 'abc', LOG_LEVEL: 'loud' });

    expect(error.message).toContain('PORT');
    expect(error.message).toContain('LOG_LEVEL');
    expect(error.message).not.toContain('\n');
  });

  it('requires JWT_SECRET when DATABASE_URL is set', () => {
    const error = configError({ DATA_DIR: dataDir, DATABASE_URL: 'mysql://u:p@h:3306/db' });

    expect(error.message).toMatch(
      /^Invalid configuration: .*JWT_SECRET is required when DATABASE_URL is set/,
    );
  });

  it('rejects a JWT_SECRET shorter than 32 characters, even on SQLite', () => {
    const error = configError({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(31) });

    expect(error.message).toContain('JWT_SECRET must be at least 32 characters');
  });

  it('uses MySQL for a mariadb:// DATABASE_URL with the given JWT_SECRET and SECRETS_KEY', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: 'mariadb://u:p@h:3306/db',
      JWT_SECRET: SECRET,
      SECRETS_KEY: 's'.repeat(32),
    });

    expect(config.database).toEqual({ kind: 'mysql', url: 'mariadb://u:p@h:3306/db' });
    expect(config.jwtSecret).toBe(SECRET);
    expect(config.secretsKey).toBe('s'.repeat(32));
  });

  it('requires SECRETS_KEY with DATABASE_URL, so every instance can read the encrypted credentials', () => {
    const error = configError({
      DATA_DIR: dataDir,
      DATABASE_URL: 'mariadb://u:p@h:3306/db',
      JWT_SECRET: SECRET,
    });
    expect(error.message).toMatch(/^Invalid configuration: SECRETS_KEY is required when DATABASE_URL is set/);
  });

  it('rejects a DATABASE_URL that is neither mysql:// nor mariadb://', () => {
    const error = configError({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://u:p@h/db', JWT_SECRET: SECRET });

    expect(error.message).toContain('DATABASE_URL must look like mysql://');
  });

  it('reads PROVISIONING_ALLOWED_NETWORKS (none by default) and refuses a wrong or never-callable entry', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).provisioningAllowedNetworks).toEqual([]);
    expect(
      loadConfig({ DATA_DIR: dataDir, PROVISIONING_ALLOWED_NETWORKS: '10.0.0.0/8,::1' })
        .provisioningAllowedNetworks,
    ).toEqual([
      { network: '10.0.0.0', prefix: 8, what: 'allowed' },
      { network: '::1', prefix: 128, what: 'allowed' },
    ]);
    expect(configError({ DATA_DIR: dataDir, PROVISIONING_ALLOWED_NETWORKS: '10.0.0.0/99' }).message).toBe(
      'Invalid configuration: PROVISIONING_ALLOWED_NETWORKS: "10.0.0.0/99" is not an IP address or CIDR network (give addresses or CIDR networks, comma-separated)',
    );
    expect(
      configError({ DATA_DIR: dataDir, PROVISIONING_ALLOWED_NETWORKS: '127.0.0.1,169.254.169.254' }).message,
    ).toContain('"169.254.169.254" is link-local (cloud metadata), which is never called');
  });

  it('reads WEBHOOK_ALLOWED_NETWORKS apart from provisioning (none by default), by the same rules', () => {
    const both = { DATA_DIR: dataDir, PROVISIONING_ALLOWED_NETWORKS: '10.0.0.0/8' };
    expect(loadConfig(both).webhooks.allowedNetworks).toEqual([]);
    expect(loadConfig({ ...both, WEBHOOK_ALLOWED_NETWORKS: '192.168.1.7' }).webhooks.allowedNetworks).toEqual(
      [{ network: '192.168.1.7', prefix: 32, what: 'allowed' }],
    );
    expect(configError({ DATA_DIR: dataDir, WEBHOOK_ALLOWED_NETWORKS: 'fe80::1' }).message).toBe(
      'Invalid configuration: WEBHOOK_ALLOWED_NETWORKS: "fe80::1" is link-local, which is never called (give addresses or CIDR networks, comma-separated)',
    );
  });

  it('generates the JWT secret on SQLite into DATA_DIR/jwt-secret (mode 0600) and keeps it across loads', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = join(dataDir, 'jwt-secret');

    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8')).toBe(first.jwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(first.jwtSecret);
  });

  it('generates a different secret for another data folder', () => {
    const other = mkdtempSync(join(tmpdir(), 'app-config-'));
    try {
      expect(loadConfig({ DATA_DIR: other }).jwtSecret).not.toBe(loadConfig({ DATA_DIR: dataDir }).jwtSecret);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '',
      DATABASE_URL: '',
      JWT_SECRET: '',
      LOG_LEVEL: '',
      ADMIN_PASSWORD: '',
    });

    expect(config.port).toBe(3000);
    expect(config.database.kind).toBe('sqlite');
    expect(config.logLevel).toBe('info');
    expect(config.adminPassword).toBeUndefined();
    expect(config.jwtSecret).toBe(readFileSync(join(dataDir, 'jwt-secret'), 'utf8'));
  });

  it('lowercases ADMIN_EMAIL', () => {
    const config = loadConfig({ DATA_DIR: dataDir, ADMIN_EMAIL: 'Root@Example.COM' });
    expect(config.adminEmail).toBe('root@example.com');
  });

  it('reads TRUST_PROXY as none or the proxies networks, and refuses true', () => {
    const trust = (TRUST_PROXY: string) => loadConfig({ DATA_DIR: dataDir, TRUST_PROXY }).trustProxy;
    expect(trust('false')).toBe(false);
    expect(trust('10.0.0.0/8, 192.0.2.7')).toBe('10.0.0.0/8, 192.0.2.7');
    expect(() => trust('true')).toThrow(/TRUST_PROXY: true is neither.*would believe any X-Forwarded-For/);
    expect(() => trust('1')).toThrow(/TRUST_PROXY/);
    expect(() => trust('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
  });
});

describe('persistentSecret', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'persistent-secret-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n'],
    ['too short', 'x'.repeat(31)],
  ])('refuses an existing %s secret file instead of using it', (_kind, content) => {
    writeFileSync(join(dataDir, 'jwt-secret'), content);

    expect(() => persistentSecret(dataDir, 'jwt-secret')).toThrow(ConfigurationError);
    expect(() => persistentSecret(dataDir, 'jwt-secret')).toThrow(/^Invalid configuration:/);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(content);
  });

  it('returns an existing valid secret trimmed, without rewriting it', () => {
    const secret = 's'.repeat(40);
    writeFileSync(join(dataDir, 'jwt-secret'), `  ${secret}\n`);

    expect(persistentSecret(dataDir, 'jwt-secret')).toBe(secret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(`  ${secret}\n`);
  });

  it('leaves only the secret file in the folder after generating it', () => {
    const secret = persistentSecret(dataDir, 'jwt-secret');

    expect(readdirSync(dataDir)).toEqual(['jwt-secret']);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
  });
});
