import { generateKeyPairSync } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { IdempotencyKeys } from '../src/core/idempotency/idempotency-keys';
import { IdempotentRequests } from '../src/core/idempotency/idempotent-requests';
import { CuttableProxy } from './support/cuttable-proxy';
import { ADMIN, ADMIN_AUTH, basic, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { onMysql } from './support/test-database';

const UNAVAILABLE = 'the database is unavailable, retry later';
const MENDER = '/api/management/v1/admission';
/** Logins unthrottled; no reconciler pass in an outage (it would log its own failure, not under test). */
const APP_ENV = { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', RECONCILER_INTERVAL_MS: '3600000' };

/** How each API writes the 503 of an outage: its own shape, the request id in it, no SQL, no stack. */
const problem = (res: Response, path: string) => {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual({
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: UNAVAILABLE,
    instance: path,
    code: 'service_unavailable',
    requestId: res.headers['x-request-id'],
  });
};
const mender = (res: Response) => {
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: UNAVAILABLE, request_id: res.headers['x-men-requestid'] });
  expect(res.headers['x-men-requestid']).toBe(res.headers['x-request-id']);
};
const apio = (res: Response) => {
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({
    errors: [
      {
        code: 98,
        message: UNAVAILABLE,
        sub_code: null,
        details: { request_id: res.headers['x-request-id'] },
      },
    ],
  });
};

/** A 503 of an outage, whatever the shape: Retry-After, and no challenge that would make a client re-prompt. */
const expectUnavailable = (res: Response, shape: (res: Response) => void) => {
  expect({ status: res.status, retryAfter: res.headers['retry-after'] }).toEqual({
    status: 503,
    retryAfter: '5',
  });
  expect(res.headers['www-authenticate']).toBeUndefined();
  shape(res);
};

interface Route {
  name: string;
  path: string;
  shape: (res: Response) => void;
}

/** A read of every module, by a tenant admin of `acme`. */
const READS: Route[] = [
  {
    name: 'platform',
    path: '/api/v1/tenants/acme/users',
    shape: (res) => problem(res, '/api/v1/tenants/acme/users'),
  },
  {
    name: 'Genetec',
    path: '/api/v1/tenant/acme/device',
    shape: (res) => problem(res, '/api/v1/tenant/acme/device'),
  },
  { name: 'Mender', path: `${MENDER}/devices`, shape: mender },
  { name: 'APIO', path: '/api/v1/phone_types/', shape: apio },
];

const ED25519 = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** Records what the application logs at error level, by logger context. */
function errorLog(): { lines: Array<{ context: string; message: string }>; restore(): void } {
  const lines: Array<{ context: string; message: string }> = [];
  const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(function (
    this: Logger,
    message: unknown,
  ) {
    lines.push({ context: (this as unknown as { context: string }).context, message: String(message) });
  });
  return { lines, restore: () => spy.mockRestore() };
}

describe('a database outage answers 503 with Retry-After in the API shape, never 401', () => {
  let t: TestApp;
  let user: Awaited<ReturnType<typeof tenantUser>>;
  let bearer: string;
  let refreshToken: string;
  const get = (path: string, authorization: string) => t.http.get(path).set('authorization', authorization);

  const setUp = async () => {
    user = await tenantUser(t.http, 'acme', ['TENANT_ADMIN']);
    const login = await t.http.post('/api/v1/auth/login').set('authorization', user.auth);
    expect(login.status).toBe(200);
    bearer = `Bearer ${login.body.accessToken}`;
    refreshToken = login.body.refreshToken;
    const submitted = await t.http
      .put(`${MENDER}/devices/set-1`)
      .set('authorization', user.auth)
      .send({ device_id: 'dev-1', device_identity: JSON.stringify({ sn: 'set-1' }), key: ED25519 });
    expect(submitted.status).toBe(204);
  };

  /** Every module's read answers 200 with valid Basic and valid Bearer; their bodies, by module. */
  const expectReadsServed = async () => {
    const bodies: Record<string, unknown> = {};
    for (const route of READS)
      for (const auth of [user.auth, bearer]) {
        const res = await get(route.path, auth);
        expect({ route: route.name, status: res.status }).toEqual({ route: route.name, status: 200 });
        bodies[route.name] = res.body;
      }
    return bodies;
  };

  /**
   * A keyed create that meets the outage once its key is claimed answers 503. The database is back
   * before that answer is settled, so storing it could succeed: it is not kept, the key is freed, the
   * same key runs at once and answers 201, and a third call replays that 201.
   */
  const expectKeyedCreateRetriedAfter = async (outage: {
    start(): Promise<unknown>;
    end(): Promise<unknown>;
  }) => {
    const path = '/api/v1/tenant/acme/device';
    const key = 'through-the-outage';
    const send = () =>
      t.http
        .post(path)
        .set('authorization', user.auth)
        .set('idempotency-key', key)
        .send({
          DeviceIdentification: { SerialNumber: 'K-1', Manufacturer: 'genetec' },
          DeviceType: 'Camera',
        });
    const claim = IdempotencyKeys.prototype.claim;
    const settle = IdempotentRequests.prototype.settle;
    const claimed: string[] = [];
    let down = false;
    const end = async () => {
      if (down) await outage.end();
      down = false;
    };
    const spies = [
      jest.spyOn(IdempotencyKeys.prototype, 'claim').mockImplementationOnce(async function (
        this: IdempotencyKeys,
        keyRequest,
      ) {
        const outcome = await claim.call(this, keyRequest);
        claimed.push(outcome.outcome);
        await outage.start();
        return outcome;
      }),
      jest.spyOn(IdempotentRequests.prototype, 'settle').mockImplementationOnce(async function (
        this: IdempotentRequests,
        ...args
      ) {
        await outage.end();
        return settle.apply(this, args);
      }),
    ];
    const log = errorLog();
    let first: Response;
    try {
      first = await send();
    } finally {
      log.restore();
      for (const spy of spies) spy.mockRestore();
      await end();
    }
    expect(claimed).toEqual(['run']);
    expectUnavailable(first, (res) => problem(res, path));
    const [{ n }] = await t.app
      .get(DataSource)
      .query<{ n: number | string }[]>(
        'SELECT COUNT(*) AS n FROM idempotency_keys WHERE idempotency_key = ?',
        [key],
      );
    expect(Number(n)).toBe(0);

    const retried = await send();
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body).toMatchObject({ DeviceIdentification: { SerialNumber: 'K-1' } });
    const replayed = await send();
    expect(replayed.status).toBe(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(retried.body);
  };

  if (onMysql()) {
    describe('MariaDB/MySQL behind a proxy the test cuts (connections destroyed, new ones refused)', () => {
      const target = new URL(process.env.DATABASE_URL as string);
      const proxy = new CuttableProxy(target.hostname, Number(target.port || 3306));

      beforeAll(async () => {
        const direct = process.env.DATABASE_URL;
        const proxied = new URL(target);
        proxied.hostname = '127.0.0.1';
        proxied.port = String(await proxy.start());
        process.env.DATABASE_URL = proxied.toString();
        try {
          t = await startTestApp(APP_ENV);
        } finally {
          process.env.DATABASE_URL = direct;
        }
        await setUp();
      });
      afterAll(async () => {
        await t.close();
        await proxy.cut();
      });

      let before: Record<string, unknown>;

      it('serves every module with Basic and Bearer before the cut', async () => {
        before = await expectReadsServed();
        expect((before.Mender as Array<{ id: string }>).map((set) => set.id)).toEqual(['set-1']);
      });

      it('answers 503 in each module shape during the cut (0 of N valid requests told 401), then recovers without a restart', async () => {
        await proxy.cut();
        const log = errorLog();
        const statuses: number[] = [];
        const count = (res: Response) => {
          statuses.push(res.status);
          return res;
        };
        try {
          for (const route of READS)
            for (const auth of [user.auth, bearer])
              expectUnavailable(count(await get(route.path, auth)), route.shape);

          const login = count(await t.http.post('/api/v1/auth/login').set('authorization', user.auth));
          expectUnavailable(login, (res) => problem(res, '/api/v1/auth/login'));
          const refresh = count(
            await t.http.post('/api/v1/auth/refresh').set('authorization', `Bearer ${refreshToken}`),
          );
          expectUnavailable(refresh, (res) => problem(res, '/api/v1/auth/refresh'));
          const write = count(
            await t.http
              .post('/api/v1/tenants')
              .set('authorization', ADMIN_AUTH)
              .send({ id: 'during', name: 'x' }),
          );
          expectUnavailable(write, (res) => problem(res, '/api/v1/tenants'));
          const ready = await t.http.get('/health/ready');
          expectUnavailable(ready, (res) => problem(res, '/health/ready'));

          // Without the database a wrong password cannot be told from a right one: 503 too, never a
          // 401 that would also be told to good credentials.
          const wrong = await get(READS[0].path, basic(user.email, 'wrong-password'));
          expectUnavailable(wrong, READS[0].shape);
          // A token whose signature fails needs no database to be refused.
          const forged = await get(READS[0].path, `${bearer.slice(0, -4)}AAAA`);
          expect(forged.status).toBe(401);

          // Clients keep calling: 8 rounds of every module with both credentials, 8 requests at once.
          for (let round = 0; round < 8; round += 1)
            await Promise.all(
              READS.flatMap((route) =>
                [user.auth, bearer].map(async (auth) => route.shape(count(await get(route.path, auth)))),
              ),
            );

          expect(statuses.length).toBe(READS.length * 2 * 9 + 3);
          expect(statuses.filter((status) => status !== 503)).toEqual([]);
          // Each outage is one error line naming its cause, without SQL or stack; nothing else logs
          // at error level but the readiness probe's own report.
          const outages = log.lines.filter((line) => line.context === 'Exceptions');
          expect(
            log.lines.filter((line) => line.context !== 'Exceptions').map((line) => line.message),
          ).toEqual([expect.stringMatching(/^Health Check has failed/)]);
          expect(outages).toHaveLength(statuses.length + 1);
          for (const { message } of outages) {
            expect(message).toMatch(
              /answered 503: database connection failed \((ECONNREFUSED|PROTOCOL_CONNECTION_LOST)/,
            );
            expect(message).not.toMatch(/SELECT|INSERT|UPDATE|\n\s+at /);
          }
        } finally {
          log.restore();
          await proxy.restore();
        }

        expect(await expectReadsServed()).toEqual(before);
        expect((await t.http.get('/health/ready')).status).toBe(200);
        const login = await t.http.post('/api/v1/auth/login').set('authorization', user.auth);
        expect(login.status).toBe(200);
        const refreshed = await t.http
          .post('/api/v1/auth/refresh')
          .set('authorization', `Bearer ${refreshToken}`);
        expect(refreshed.status).toBe(200);
      });

      it('does not keep the 503 of a keyed create cut off after its key was claimed', async () => {
        await expectKeyedCreateRetriedAfter({ start: () => proxy.cut(), end: () => proxy.restore() });
      });

      it('speaks the MariaDB dialect to a MariaDB server even through a mysql:// URL', async () => {
        const viaMysqlScheme = new URL(process.env.DATABASE_URL as string);
        const server = (await t.app.get(DataSource).query('SELECT VERSION() AS version'))[0]
          .version as string;
        const direct = process.env.DATABASE_URL;
        process.env.DATABASE_URL = `mysql:${viaMysqlScheme.toString().replace(/^[a-z]+:/, '')}`;
        let other: TestApp | undefined;
        try {
          other = await startTestApp();
        } finally {
          process.env.DATABASE_URL = direct;
        }
        try {
          const dataSource = other.app.get(DataSource);
          expect(dataSource.options.type).toBe(/mariadb/i.test(server) ? 'mariadb' : 'mysql');
          // A shared row lock in the server's own syntax (MariaDB refuses MySQL 8's FOR SHARE).
          const rows = await dataSource.transaction((manager) =>
            manager
              .createQueryBuilder()
              .select('id')
              .from('tenants', 't')
              .setLock('pessimistic_read')
              .getRawMany(),
          );
          expect(rows).toEqual([{ id: 'management' }]);
        } finally {
          await other.close();
        }
      });
    });
  } else {
    describe('SQLite with its write lock held by another connection beyond busy_timeout', () => {
      let holder: DataSource;

      beforeAll(async () => {
        t = await startTestApp(APP_ENV);
        await setUp();
        // The application's own 5 s busy_timeout, shortened so each refused write costs 0.2 s.
        const app = t.app.get(DataSource).driver as unknown as {
          databaseConnection: { pragma(source: string): unknown };
        };
        app.databaseConnection.pragma('busy_timeout = 200');
        if (t.config.database.kind !== 'sqlite') throw new Error('SQLite expected');
        holder = await new DataSource({
          type: 'better-sqlite3',
          database: t.config.database.file,
        }).initialize();
      });
      afterAll(async () => {
        await holder.destroy();
        await t.close();
      });

      /** A write of every module, by the tenant admin. */
      const writes = (auth: string) => [
        {
          name: 'platform',
          res: t.http.post('/api/v1/tenants/acme/users').set('authorization', auth).send({
            email: 'new@acme.test',
            password: 'user-password-123',
            roles: [],
          }),
          shape: (res: Response) => problem(res, '/api/v1/tenants/acme/users'),
        },
        {
          name: 'Genetec',
          res: t.http
            .post('/api/v1/tenant/acme/device')
            .set('authorization', auth)
            .send({
              DeviceIdentification: { SerialNumber: 'S1', Manufacturer: 'genetec' },
              DeviceType: 'Camera',
            }),
          shape: (res: Response) => problem(res, '/api/v1/tenant/acme/device'),
        },
        {
          name: 'Mender',
          res: t.http
            .put(`${MENDER}/devices/set-1/status`)
            .set('authorization', auth)
            .send({ status: 'accepted' }),
          shape: mender,
        },
        {
          name: 'APIO',
          res: t.http
            .post('/api/v1/phone_types/')
            .set('authorization', auth)
            .send({ name: 'Desk', redirect: false, vendorServer: 'cisco', numberOfPorts: 1 }),
          shape: apio,
        },
      ];

      it('answers 503 to writes in each module shape while reads (and so authentication) still work, then serves the writes', async () => {
        await holder.query('BEGIN IMMEDIATE');
        const log = errorLog();
        try {
          for (const auth of [user.auth, bearer])
            for (const write of writes(auth)) expectUnavailable(await write.res, write.shape);
          const login = await t.http.post('/api/v1/auth/login').set('authorization', user.auth);
          expectUnavailable(login, (res) => problem(res, '/api/v1/auth/login'));
          // WAL readers are not blocked by the writer: credentials are still checked, reads served.
          await expectReadsServed();
          expect((await get(READS[0].path, basic(user.email, 'wrong-password'))).status).toBe(401);

          const outages = log.lines.filter((line) => line.context === 'Exceptions');
          expect(outages).toHaveLength(log.lines.length);
          expect(outages).toHaveLength(9);
          for (const { message } of outages)
            expect(message).toMatch(/answered 503: database locked or unreadable \(SQLITE_BUSY/);
        } finally {
          log.restore();
          await holder.query('ROLLBACK');
        }

        const served: Record<string, number> = {};
        for (const write of writes(user.auth)) served[write.name] = (await write.res).status;
        expect(served).toEqual({ platform: 201, Genetec: 201, Mender: 200, APIO: 200 });
        expect(
          (await t.http.post('/api/v1/auth/login').set('authorization', basic(ADMIN.email, ADMIN.password)))
            .status,
        ).toBe(200);
      });

      it('does not keep the 503 of a keyed create locked out after its key was claimed', async () => {
        await expectKeyedCreateRetriedAfter({
          start: () => holder.query('BEGIN IMMEDIATE'),
          end: () => holder.query('ROLLBACK'),
        });
      });
    });
  }
});
