import { DataSource } from 'typeorm';
import { DeviceUsersService } from '../src/core/device-users/device-users.service';
import { DeviceUsersFixtureModule } from './support/device-users.fixture';
import { ADMIN_AUTH, startTestApp, type TestApp } from './support/test-app';

interface Row {
  tenant_id: string;
  device_id: string;
  id: string;
  password_hash: string;
}

describe('device users: the service other modules use (upsert, issue, revoke)', () => {
  let t: TestApp;
  let rows: (tenantId: string) => Promise<Row[]>;
  beforeAll(async () => {
    t = await startTestApp({}, [DeviceUsersFixtureModule]);
    for (const id of ['dev-a', 'dev-b'])
      await t.http.post('/api/v1/tenants').set('authorization', ADMIN_AUTH).send({ id, name: id });
    const dataSource = t.app.get(DataSource);
    rows = (tenantId) =>
      dataSource.query(
        'SELECT tenant_id, device_id, id, password_hash FROM device_users WHERE tenant_id = ? ORDER BY device_id',
        [tenantId],
      );
  }, 60_000);
  afterAll(() => t.close());

  const upsert = (tenantId: string, devices: { deviceId: string; password: string }[]) =>
    t.http.post(`/test/device-users/${tenantId}/upsert`).set('authorization', ADMIN_AUTH).send({ devices });
  const call = (tenantId: string, action: 'issue' | 'revoke', deviceId: string) =>
    t.http
      .post(`/test/device-users/${tenantId}/${action}`)
      .set('authorization', ADMIN_AUTH)
      .send({ deviceId });

  it('creates, then updates; ids are exact (case and trailing space matter); tenants are apart', async () => {
    const first = await upsert('dev-a', [
      { deviceId: 'Sensor-1', password: 'one-password' },
      { deviceId: 'sensor-1', password: 'two-password' },
      { deviceId: 'sensor-1 ', password: 'three-password' },
    ]);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ 'Sensor-1': 'created', 'sensor-1': 'created', 'sensor-1 ': 'created' });

    const again = await upsert('dev-a', [
      { deviceId: 'sensor-1', password: 'changed-password' },
      { deviceId: 'new', password: 'new-password' },
    ]);
    expect(again.body).toEqual({ 'sensor-1': 'updated', new: 'created' });
    expect((await upsert('dev-b', [{ deviceId: 'sensor-1', password: 'other' }])).body).toEqual({
      'sensor-1': 'created',
    });

    const stored = await rows('dev-a');
    expect(stored.map((row) => row.device_id).sort()).toEqual(['Sensor-1', 'new', 'sensor-1', 'sensor-1 ']);
    for (const row of stored) expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await rows('dev-b')).toHaveLength(1);
  });

  it('keeps a 1000-character id and one with slashes and non-ASCII characters', async () => {
    const long = 'x'.repeat(999) + 'é';
    const res = await upsert('dev-a', [
      { deviceId: long, password: 'long-password' },
      { deviceId: 'a/b/ünï', password: 'slash-password' },
    ]);
    expect(res.body).toEqual({ [long]: 'created', 'a/b/ünï': 'created' });
    expect((await rows('dev-a')).map((row) => row.device_id)).toEqual(
      expect.arrayContaining([long, 'a/b/ünï']),
    );
  });

  it('counts each id created exactly once under concurrent imports of the same ids', async () => {
    const devices = Array.from({ length: 40 }, (_, index) => ({
      deviceId: `c-${index}`,
      password: `pw-${index}`,
    }));
    const answers = await Promise.all(
      [0, 1, 2].map((shift) =>
        upsert('dev-b', [...devices.slice(shift * 5), ...devices.slice(0, shift * 5)]),
      ),
    );
    for (const answer of answers) expect(answer.status).toBe(201);
    for (const { deviceId } of devices) {
      const outcomes = answers.map((answer) => answer.body[deviceId]).sort();
      expect(outcomes).toEqual(['created', 'updated', 'updated']);
    }
    expect((await rows('dev-b')).filter((row) => row.device_id.startsWith('c-'))).toHaveLength(40);
  });

  it('writes more rows than one statement takes (1000 a chunk) and tells each one', async () => {
    const hash = await t.app.get(DeviceUsersService).hash('bulk-password');
    const devices = Array.from({ length: 2100 }, (_, index) => ({
      deviceId: `bulk-${index}`,
      password: 'unused',
      passwordHash: hash,
    }));
    const first = await upsert('dev-a', devices);
    expect(Object.values(first.body).filter((change) => change === 'created')).toHaveLength(2100);
    const second = await upsert('dev-a', [
      ...devices.slice(2000),
      { deviceId: 'bulk-new', password: 'x', passwordHash: hash },
    ]);
    expect(Object.values(second.body).filter((change) => change === 'updated')).toHaveLength(100);
    expect(second.body['bulk-new']).toBe('created');
    expect((await rows('dev-a')).filter((row) => row.device_id.startsWith('bulk-'))).toHaveLength(2101);
  }, 60_000);

  it('issues a fresh password, stores only its hash, and revokes in its own tenant only', async () => {
    const issued = await call('dev-a', 'issue', 'issued-1');
    expect(issued.status).toBe(201);
    expect(issued.body.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const [row] = (await rows('dev-a')).filter((stored) => stored.device_id === 'issued-1');
    expect(row.password_hash).not.toContain(issued.body.password);

    expect((await call('dev-b', 'revoke', 'issued-1')).body).toEqual({ revoked: false });
    expect((await call('dev-a', 'revoke', 'issued-1')).body).toEqual({ revoked: true });
    expect((await call('dev-a', 'revoke', 'issued-1')).body).toEqual({ revoked: false });
    expect((await rows('dev-a')).map((stored) => stored.device_id)).not.toContain('issued-1');
  });
});
