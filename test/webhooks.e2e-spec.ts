import request from 'supertest';
import { DataSource } from 'typeorm';
import { leanQuery } from '../src/core/database/lean-query';
import { DELIVERY_RETENTION_MS, WebhookDispatcher } from '../src/core/webhooks/webhook-dispatcher';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { onMysql } from './support/test-database';
import { FAST_WEBHOOKS as FAST, WebhookReceiver } from './support/webhook-receiver';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const identity = (serial: string) => ({ SerialNumber: serial, Manufacturer: 'acme' });

describe('Webhooks: endpoints, signed at-least-once delivery from the outbox', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof tenantUser>>;
  let operator: Awaited<ReturnType<typeof tenantUser>>;
  let otherAdmin: Awaited<ReturnType<typeof tenantUser>>;
  const receiver = new WebhookReceiver();
  let url: string;
  const hooks = '/api/v1/tenants/acme/webhooks';
  const as = (auth: string) => ({
    post: (path: string, body?: object) => t.http.post(path).set('authorization', auth).send(body),
    patch: (path: string, body: object) => t.http.patch(path).set('authorization', auth).send(body),
    get: (path: string) => t.http.get(path).set('authorization', auth),
    delete: (path: string) => t.http.delete(path).set('authorization', auth),
  });
  const addDevice = async (serial: string, requestId?: string) => {
    const call = t.http.post('/api/v1/tenant/acme/device').set('authorization', operator.auth);
    if (requestId) call.set('x-request-id', requestId);
    const res = await call.send({ DeviceIdentification: identity(serial), DeviceType: 'Camera' });
    expect(res.status).toBe(201);
    return res.body as { Id: string };
  };
  const activation = (id: string, what: 'activate' | 'deactivate') =>
    as(operator.auth).post(`/api/v1-private/tenant/acme/device/${id}/${what}`);
  const register = async (eventTypes: string[] = ['genetec.device.added']) => {
    const res = await as(admin.auth).post(hooks, { url, eventTypes, description: 'ops' });
    expect(res.status).toBe(201);
    receiver.secret = res.body.secret as string;
    return res.body as { id: string; secret: string };
  };
  const deliveries = async (webhookId: string, query = '') =>
    (await as(admin.auth).get(`${hooks}/${webhookId}/deliveries${query}`)).body as {
      id: number;
      eventId: string;
      eventType: string;
      status: string;
      attempts: number;
      lastError: string | null;
      nextAttemptAt: string | null;
    }[];
  const until = async (check: () => Promise<boolean>, timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not reached in time');
      await sleep(50);
    }
  };

  beforeAll(async () => {
    url = await receiver.start();
    t = await startTestApp(FAST);
    admin = await tenantUser(t.http, 'acme', ['TENANT_ADMIN']);
    operator = await tenantUser(t.http, 'acme', ['MANAGE_DEVICES']);
    otherAdmin = await tenantUser(t.http, 'other', ['TENANT_ADMIN']);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  afterEach(async () => {
    const listed = await as(admin.auth).get(hooks);
    expect(listed.status).toBe(200);
    for (const { id } of listed.body as { id: string }[]) await as(admin.auth).delete(`${hooks}/${id}`);
    receiver.events.length = 0;
    receiver.requests.length = 0;
    receiver.down = false;
    receiver.failNext = 0;
    receiver.delayMs = 0;
  });

  describe('endpoints', () => {
    it('shows the secret once, at creation; never in get or list', async () => {
      const created = await as(admin.auth).post(hooks, {
        url,
        eventTypes: ['genetec.device.added', 'mender.auth-set.accepted'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        url,
        eventTypes: ['genetec.device.added', 'mender.auth-set.accepted'],
        active: true,
        description: null,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const { secret, ...shown } = created.body as Record<string, unknown>;
      const got = await as(admin.auth).get(`${hooks}/${shown.id as string}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(shown);
      expect((await as(admin.auth).get(hooks)).body).toEqual([shown]);
      expect(JSON.stringify((await as(admin.auth).get(hooks)).body)).not.toContain(secret as string);
    });

    it('updates, rotates the secret (shown once more) and deletes', async () => {
      const { id, secret } = await register();
      const patched = await as(admin.auth).patch(`${hooks}/${id}`, {
        active: false,
        eventTypes: ['genetec.device.activated'],
        description: 'paused',
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        active: false,
        eventTypes: ['genetec.device.activated'],
        description: 'paused',
      });
      expect(patched.body.secret).toBeUndefined();
      const rotated = await as(admin.auth).post(`${hooks}/${id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(secret);
      expect((await as(admin.auth).delete(`${hooks}/${id}`)).status).toBe(204);
      expect((await as(admin.auth).get(`${hooks}/${id}`)).status).toBe(404);
    });

    it('refuses bad input with problem+json, and nothing is written', async () => {
      const cases: [object, string][] = [
        [{ eventTypes: ['genetec.device.added'] }, 'url'],
        [{ url, eventTypes: [] }, 'eventTypes'],
        [{ url, eventTypes: ['genetec.device.exploded'] }, 'eventTypes'],
        [{ url, eventTypes: 'genetec.device.added' }, 'eventTypes'],
        [{ url: 'ftp://example.com/x', eventTypes: ['genetec.device.added'] }, 'url'],
        [{ url: 'http://user:secret@example.com/x', eventTypes: ['genetec.device.added'] }, 'url'],
        [{ url, eventTypes: ['genetec.device.added'], active: 'yes' }, 'active'],
        [{ url, eventTypes: ['genetec.device.added'], description: 'x'.repeat(501) }, 'description'],
        [{ url, eventTypes: ['genetec.device.added'], secret: 'whsec_mine' }, 'secret'],
      ];
      for (const [body, field] of cases) {
        const res = await as(admin.auth).post(hooks, body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status: 400, code: 'validation_failed' });
        expect(JSON.stringify(res.body.errors ?? res.body)).toContain(field);
      }
      expect((await as(admin.auth).get(hooks)).body).toEqual([]);
    });

    it('answers a value longer than MySQL holds with a 400, though the length check counted it shorter', async () => {
      // 500 characters to class-validator (a variation selector is not counted), 1000 to MySQL.
      const description = 'a\uFE0F'.repeat(500);
      const res = await as(admin.auth).post(hooks, {
        url,
        eventTypes: ['genetec.device.added'],
        description,
      });
      if (onMysql()) {
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ status: 400, detail: 'a value is longer than its field holds' });
        expect((await as(admin.auth).get(hooks)).body).toEqual([]);
      } else {
        expect([res.status, res.body.description]).toEqual([201, description]); // SQLite keeps any length
      }
    });

    it('applies the SSRF rules of provisioning servers to the URL', async () => {
      for (const target of [
        'http://169.254.169.254/latest',
        'http://metadata.google.internal/x',
        'http://10.1.2.3/h',
      ]) {
        const res = await as(admin.auth).post(hooks, { url: target, eventTypes: ['genetec.device.added'] });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'validation_failed',
          detail: expect.stringContaining('url: '),
        });
      }
      const { id } = await register();
      const patched = await as(admin.auth).patch(`${hooks}/${id}`, { url: 'http://[fe80::1]/x' });
      expect(patched.status).toBe(400);
      expect((await as(admin.auth).get(`${hooks}/${id}`)).body.url).toBe(url);
    });

    it("allows loopback and private receivers by WEBHOOK_ALLOWED_NETWORKS, not by provisioning's list", async () => {
      const before = (await as(admin.auth).get(hooks)).body.length;
      const strict = await t.startAnotherInstance({
        PROVISIONING_ALLOWED_NETWORKS: '127.0.0.0/8,::1',
        WEBHOOK_ALLOWED_NETWORKS: '',
        WEBHOOK_INTERVAL_MS: '600000', // its dispatcher would fail the other tests' deliveries
      });
      const res = await request(strict.getHttpServer())
        .post(hooks)
        .set('authorization', admin.auth)
        .send({ url, eventTypes: ['genetec.device.added'] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'validation_failed',
        detail: expect.stringMatching(/^url: 127\.0\.0\.1 is loopback, not in WEBHOOK_ALLOWED_NETWORKS$/),
      });
      expect((await as(admin.auth).get(hooks)).body).toHaveLength(before);
    });

    it("keeps tenants apart: another tenant's endpoint is a 404, other roles are refused", async () => {
      const { id } = await register();
      for (const res of [
        await as(otherAdmin.auth).get(hooks),
        await as(otherAdmin.auth).get(`${hooks}/${id}`),
        await as(otherAdmin.auth).delete(`${hooks}/${id}`),
        await as(otherAdmin.auth).get(`${hooks}/${id}/deliveries`),
      ])
        expect(res.status).toBe(404);
      expect((await as(otherAdmin.auth).get(`/api/v1/tenants/other/webhooks/${id}`)).status).toBe(404);
      expect(
        (await as(otherAdmin.auth).patch(`/api/v1/tenants/other/webhooks/${id}`, { active: false })).status,
      ).toBe(404);
      const forbidden = await as(operator.auth).get(hooks);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe('forbidden');
      expect((await as(admin.auth).get(`${hooks}/not-a-uuid`)).status).toBe(400);
      expect((await as(admin.auth).get(`${hooks}/5b0c6b43-4e5b-4bd1-9a51-6f3b9dc7a0e1`)).status).toBe(404);
      expect((await as(ADMIN_AUTH).get(`${hooks}/${id}`)).status).toBe(200);
    });
  });

  describe('delivery', () => {
    it('delivers signed events with the tenant, the resource as the module shows it, the time and the request id', async () => {
      await register(['genetec.device.added', 'genetec.device.activated', 'genetec.device.deactivated']);
      const device = await addDevice('signed-1', 'req-signed-1');
      await activation(device.Id, 'activate').expect(200);
      await activation(device.Id, 'deactivate').expect(200);
      const events = await receiver.waitFor(3);
      expect(events.map((event) => event.type)).toEqual([
        'genetec.device.added',
        'genetec.device.activated',
        'genetec.device.deactivated',
      ]);
      expect(events[0]).toEqual({
        id: expect.stringMatching(/^msg_/),
        type: 'genetec.device.added',
        tenant: 'acme',
        requestId: 'req-signed-1',
        timestamp: expect.any(String),
        data: { ...device },
        receivedAt: expect.any(Number),
      });
      expect(events[1].data).toMatchObject({ Id: device.Id, Active: true });
      expect(events[2].data).toMatchObject({ Id: device.Id, Active: false });
      expect(receiver.rejected).toEqual([]);
    });

    it('sends only what the endpoint subscribed to, of its own tenant, while active', async () => {
      const { id } = await register(['genetec.device.activated']);
      const other = await tenantUser(t.http, 'other', ['MANAGE_DEVICES'], 'ops@other.test');
      await t.http
        .post('/api/v1/tenant/other/device')
        .set('authorization', other.auth)
        .send({ DeviceIdentification: identity('foreign'), DeviceType: 'Camera' })
        .expect(201);
      const device = await addDevice('subscribed-1');
      await as(admin.auth).patch(`${hooks}/${id}`, { active: false }).expect(200);
      await activation(device.Id, 'activate').expect(200);
      await activation(device.Id, 'deactivate').expect(200);
      await as(admin.auth).patch(`${hooks}/${id}`, { active: true }).expect(200);
      await activation(device.Id, 'activate').expect(200);
      const events = await receiver.waitFor(1);
      await sleep(500);
      expect(events.map((event) => [event.type, event.tenant])).toEqual([
        ['genetec.device.activated', 'acme'],
      ]);
      await activation(device.Id, 'deactivate').expect(200);
    });

    it('retries a failing receiver with backoff; each event arrives once, in order per resource', async () => {
      const { id } = await register([
        'genetec.device.added',
        'genetec.device.activated',
        'genetec.device.deactivated',
      ]);
      receiver.failNext = 5;
      const devices = [await addDevice('retry-1'), await addDevice('retry-2')];
      for (const device of devices) {
        await activation(device.Id, 'activate').expect(200);
        await activation(device.Id, 'deactivate').expect(200);
      }
      const events = await receiver.waitFor(6);
      for (const device of devices)
        expect(events.filter((event) => event.data.Id === device.Id).map((event) => event.type)).toEqual([
          'genetec.device.added',
          'genetec.device.activated',
          'genetec.device.deactivated',
        ]);
      expect(new Set(events.map((event) => event.id)).size).toBe(6);
      expect(receiver.requests.length).toBeGreaterThan(6); // the failed attempts were retried
      await until(async () => (await deliveries(id)).every((row) => row.status === 'delivered'));
      const rows = await deliveries(id);
      expect(rows).toHaveLength(6);
      expect(rows.some((row) => row.attempts > 1)).toBe(true);
    });

    it('sends nothing for a change that rolled back', async () => {
      await register(['genetec.device.activated']);
      await t.http
        .patch('/api/v1/tenants/acme')
        .set('authorization', ADMIN_AUTH)
        .send({ activeDeviceLimit: 1 })
        .expect(200);
      try {
        const first = await addDevice('limit-1');
        const second = await addDevice('limit-2');
        await activation(first.Id, 'activate').expect(200);
        const refused = await activation(second.Id, 'activate');
        expect(refused.status).toBe(409);
        await receiver.waitFor(1);
        await sleep(500);
        expect(receiver.events.map((event) => event.data.Id)).toEqual([first.Id]);
        await activation(first.Id, 'deactivate').expect(200);
      } finally {
        await t.http
          .patch('/api/v1/tenants/acme')
          .set('authorization', ADMIN_AUTH)
          .send({ activeDeviceLimit: 1000 });
      }
    });

    it('never makes the request wait for a slow receiver: it is cut off at WEBHOOK_TIMEOUT_MS and retried', async () => {
      const { id } = await register();
      receiver.delayMs = 3000;
      try {
        for (let i = 0; i < 3; i += 1) await addDevice(`slow-${i}`);
        expect(receiver.requests).toEqual([]); // all three answered while the receiver still hangs
        await until(async () => (await deliveries(id)).some((row) => row.lastError !== null));
        const timedOut = (await deliveries(id)).find((row) => row.lastError !== null);
        expect(timedOut).toMatchObject({ status: 'pending', lastError: 'no answer within 1000 ms' });
      } finally {
        receiver.delayMs = 0;
      }
      await receiver.waitFor(3);
    });

    it('shares the work between instances: every event once, none sent twice', async () => {
      await register();
      await t.startAnotherInstance(FAST); // runs its dispatcher from now on, beside the first one's
      const ids = [];
      for (let i = 0; i < 24; i += 1) ids.push((await addDevice(`shared-${i}`)).Id);
      const events = await receiver.waitFor(24);
      await sleep(500);
      expect(events.map((event) => event.data.Id).sort()).toEqual(ids.sort());
      const sent = new Set(events.map((event) => event.id));
      expect(receiver.requests.filter((id) => sent.has(id))).toHaveLength(24);
    });

    it('records a secret it cannot open as that delivery’s error; the others of the batch are delivered once', async () => {
      const broken = await register();
      await t.app
        .get(DataSource)
        .query("UPDATE webhook_endpoints SET secret_sealed = 'v1.not-a-sealed-secret' WHERE id = ?", [
          broken.id,
        ]);
      const healthy = await register(); // the receiver checks this one's signatures
      await addDevice('unopened-1');
      await until(async () => (await deliveries(broken.id))[0]?.lastError !== null);
      await until(async () => (await deliveries(healthy.id))[0]?.status === 'delivered');
      expect((await deliveries(broken.id))[0]).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: "the endpoint's secret cannot be opened (was SECRETS_KEY changed?): rotate the secret",
      });
      await sleep(500);
      expect(receiver.events.map((event) => event.data.DeviceIdentification)).toEqual([
        identity('unopened-1'),
      ]);
    });

    it('gives up after WEBHOOK_MAX_ATTEMPTS, shows why, and redelivers on demand', async () => {
      const { id } = await register();
      receiver.down = true;
      await addDevice('give-up-1');
      await until(async () => (await deliveries(id))[0]?.status === 'failed');
      const [failed] = await deliveries(id);
      expect(failed).toEqual({
        id: expect.any(Number),
        eventId: expect.stringMatching(/^msg_/),
        eventType: 'genetec.device.added',
        status: 'failed',
        attempts: 4,
        lastError: 'HTTP 503: receiver down on purpose',
        nextAttemptAt: null,
        deliveredAt: null,
        createdAt: expect.any(String),
      });
      expect(await deliveries(id, '?status=pending')).toEqual([]);
      receiver.down = false;
      const redelivered = await as(admin.auth).post(`${hooks}/${id}/deliveries/${failed.id}/redeliver`);
      expect(redelivered.status).toBe(202);
      expect(redelivered.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
      const [event] = await receiver.waitFor(1);
      expect(event.id).toBe(failed.eventId);
      await until(async () => (await deliveries(id))[0].status === 'delivered');
      const missing = await as(admin.auth).post(`${hooks}/${id}/deliveries/999999/redeliver`);
      expect(missing.status).toBe(404);
      const foreign = await as(otherAdmin.auth).post(
        `/api/v1/tenants/other/webhooks/${id}/deliveries/${failed.id}/redeliver`,
      );
      expect(foreign.status).toBe(404);
    });

    it('shows a pending delivery with its attempts, last error and next attempt; redelivering it is a 409', async () => {
      const { id } = await register();
      await as(admin.auth).patch(`${hooks}/${id}`, { active: true });
      receiver.down = true;
      await t.http
        .patch(`${hooks}/${id}`)
        .set('authorization', admin.auth)
        .send({ active: true })
        .expect(200);
      await addDevice('pending-1');
      await until(async () => ((await deliveries(id))[0]?.attempts ?? 0) >= 1);
      await as(admin.auth).patch(`${hooks}/${id}`, { active: false }).expect(200); // holds it pending
      const [pending] = await deliveries(id);
      expect(pending).toMatchObject({ status: 'pending', lastError: 'HTTP 503: receiver down on purpose' });
      expect(Date.parse(pending.nextAttemptAt as string)).toBeGreaterThan(Date.now() - 5000);
      const conflict = await as(admin.auth).post(`${hooks}/${id}/deliveries/${pending.id}/redeliver`);
      expect(conflict.status).toBe(409);
      expect(conflict.headers['content-type']).toContain('application/problem+json');
    });
  });
});

/**
 * An instance whose dispatcher never runs on its own (a ten-minute tick), and the receiver registered
 * for `eventTypes` by a tenant's admin; `addDevice` adds one of that tenant's devices.
 */
function withoutTimer(eventTypes: string[]) {
  const receiver = new WebhookReceiver();
  const setup = {} as { t: TestApp; operator: string; addDevice: (serial: string) => Promise<string> };
  beforeAll(async () => {
    const t = await startTestApp({ ...FAST, WEBHOOK_INTERVAL_MS: '600000' });
    const admin = await tenantUser(t.http, 'acme', ['TENANT_ADMIN']);
    const { auth: operator } = await tenantUser(t.http, 'acme', ['MANAGE_DEVICES']);
    const created = await t.http
      .post('/api/v1/tenants/acme/webhooks')
      .set('authorization', admin.auth)
      .send({ url: await receiver.start(), eventTypes })
      .expect(201);
    receiver.secret = created.body.secret as string;
    const addDevice = async (serial: string) => {
      const res = await t.http
        .post('/api/v1/tenant/acme/device')
        .set('authorization', operator)
        .send({ DeviceIdentification: identity(serial), DeviceType: 'Camera' })
        .expect(201);
      return res.body.Id as string;
    };
    Object.assign(setup, { t, operator, addDevice });
  });
  afterAll(async () => {
    await setup.t.close();
    await receiver.stop();
  });
  return { receiver, setup };
}

describe("Webhooks: one pass drains a resource's events in order", () => {
  const { receiver, setup } = withoutTimer([
    'genetec.device.added',
    'genetec.device.activated',
    'genetec.device.deactivated',
  ]);

  it("sends each resource's next event as soon as the one before it is delivered, not a tick later", async () => {
    const { t, operator, addDevice } = setup;
    const ids = [await addDevice('drain-1'), await addDevice('drain-2')];
    for (const id of ids)
      for (const what of ['activate', 'deactivate', 'activate', 'deactivate'])
        await t.http
          .post(`/api/v1-private/tenant/acme/device/${id}/${what}`)
          .set('authorization', operator)
          .expect(200);
    expect(receiver.requests).toEqual([]);

    await t.app.get(WebhookDispatcher).tick();

    const types = ['added', 'activated', 'deactivated', 'activated', 'deactivated'];
    for (const id of ids)
      expect(receiver.events.filter((event) => event.data.Id === id).map((event) => event.type)).toEqual(
        types.map((type) => `genetec.device.${type}`),
      );
    expect(receiver.requests).toHaveLength(10);
    expect(receiver.rejected).toEqual([]);
  });

  it('removes delivered rows once they are 30 days old, and keeps the newer ones', async () => {
    const { t, addDevice } = setup;
    const database = t.app.get(DataSource);
    const rows = async () =>
      (await database.query('SELECT id FROM webhook_deliveries ORDER BY id')).map((row: { id: unknown }) =>
        Number(row.id),
      ) as number[];
    await addDevice('retained-1');
    await addDevice('retained-2');
    await t.app.get(WebhookDispatcher).tick();
    const [oldest, ...newer] = await rows();
    expect(newer.length).toBeGreaterThan(0);
    const longAgo = new Date(Date.now() - DELIVERY_RETENTION_MS - 60_000);
    await leanQuery(
      database.manager,
      'UPDATE webhook_deliveries SET next_attempt_at = ?, delivered_at = ? WHERE id = ?',
      [longAgo, longAgo, oldest],
    );
    // An instance cleans up on its first round, then once an hour.
    const other = await t.startAnotherInstance({ ...FAST, WEBHOOK_INTERVAL_MS: '600000' });
    await other.get(WebhookDispatcher).tick();
    expect(await rows()).toEqual(newer);
  });
});

describe("Webhooks: delivery survives a restart and a dead instance's claim", () => {
  // The first instance never gets round to sending: its deliveries stay pending.
  const { receiver, setup } = withoutTimer(['genetec.device.added']);

  it('delivers, from a new instance on the same database, every event the stopped one left pending', async () => {
    const { t, addDevice } = setup;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await addDevice(`restart-${i}`));
    // One row claimed by an instance that died mid-send: taken over only once its lease ran out.
    const leaseEnds = Date.now() + 3000;
    await leanQuery(
      t.app.get(DataSource).manager,
      "UPDATE webhook_deliveries SET locked_until = ?, claim_id = 'dead' WHERE id = (SELECT MIN(id) FROM (SELECT id FROM webhook_deliveries) AS d)",
      [new Date(leaseEnds)],
    );
    await t.app.close();
    expect(receiver.requests).toEqual([]);

    await t.startAnotherInstance(FAST);
    const events = await receiver.waitFor(5);
    expect(events.map((event) => event.data.Id).sort()).toEqual([...ids].sort());
    const claimed = events.find((event) => event.data.Id === ids[0]);
    expect(claimed?.receivedAt).toBeGreaterThanOrEqual(leaseEnds);
    await sleep(300);
    expect(receiver.requests).toHaveLength(5);
  });
});
