import { generateKeyPairSync } from 'node:crypto';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';

/** The tenant's counters move with each change they count, once, and only the tenant's own. */
const KEY = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const MENDER = '/api/management/v1/admission/devices';

describe('Tenant limit counters', () => {
  let t: TestApp;
  const counts = async (tenantId: string) => {
    const { body } = await t.http.get(`/api/v1/tenants/${tenantId}`).set('authorization', ADMIN_AUTH);
    return { active: body.activeDeviceCount as number, accepted: body.acceptedDeviceCount as number };
  };
  const setLimits = (tenantId: string, limits: object) =>
    t.http.patch(`/api/v1/tenants/${tenantId}`).set('authorization', ADMIN_AUTH).send(limits);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('Genetec active devices', () => {
    let auth: string;
    const device = async (serial: string, tenantId = 'gcount', as = auth) =>
      (
        await t.http
          .post(`/api/v1/tenant/${tenantId}/device`)
          .set('authorization', as)
          .send({ DeviceIdentification: { SerialNumber: serial, Manufacturer: 'm' }, DeviceType: 'Camera' })
      ).body.Id as string;
    const turn = (id: string, to: 'activate' | 'deactivate', tenantId = 'gcount', as = auth) =>
      t.http.post(`/api/v1-private/tenant/${tenantId}/device/${id}/${to}`).set('authorization', as);

    beforeAll(async () => {
      auth = (await tenantUser(t.http, 'gcount', ['MANAGE_DEVICES'])).auth;
      // Another tenant with one active device of the same serial: its count must not move.
      const other = (await tenantUser(t.http, 'gother', ['MANAGE_DEVICES'])).auth;
      await turn(await device('a', 'gother', other), 'activate', 'gother', other);
    });

    it('counts an activation once however often it is repeated, and a deactivation frees it once', async () => {
      const [a, b] = [await device('a'), await device('b')];
      for (let i = 0; i < 3; i += 1) expect((await turn(a, 'activate')).body.Active).toBe(true);
      expect(await counts('gcount')).toEqual({ active: 1, accepted: 0 });
      await turn(b, 'activate');
      expect((await counts('gcount')).active).toBe(2);
      for (let i = 0; i < 3; i += 1) expect((await turn(a, 'deactivate')).body.Active).toBe(false);
      expect((await counts('gcount')).active).toBe(1);
      expect((await turn(b, 'deactivate')).status).toBe(200);
      expect(await counts('gcount')).toEqual({ active: 0, accepted: 0 });
      expect(await counts('gother')).toEqual({ active: 1, accepted: 0 });
    });

    it('keeps active devices when the limit is lowered below them, and refuses activations until below', async () => {
      const ids = [await device('c'), await device('d'), await device('e'), await device('f')];
      for (const id of ids.slice(0, 3)) expect((await turn(id, 'activate')).status).toBe(200);
      expect((await setLimits('gcount', { activeDeviceLimit: 2 })).body).toMatchObject({
        activeDeviceLimit: 2,
        activeDeviceCount: 3,
      });
      const refused = await turn(ids[3], 'activate');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'active_device_limit_reached',
        detail: "the tenant's limit of 2 active devices is reached: deactivate one first",
      });
      // Still active, and an active device's activation stays an idempotent 200.
      expect((await turn(ids[0], 'activate')).body.Active).toBe(true);
      await turn(ids[0], 'deactivate');
      expect((await turn(ids[3], 'activate')).status).toBe(409); // 2 active: at the limit
      await turn(ids[1], 'deactivate');
      expect((await turn(ids[3], 'activate')).status).toBe(200);
      expect(await counts('gcount')).toEqual({ active: 2, accepted: 0 });
      expect(await counts('gother')).toEqual({ active: 1, accepted: 0 });
    });
  });

  describe('Mender accepted auth sets', () => {
    let auth: string;
    const submit = (id: string, as = auth) =>
      t.http
        .put(`${MENDER}/${id}`)
        .set('authorization', as)
        .send({ device_id: `dev-${id}`, device_identity: JSON.stringify({ sn: id }), key: KEY });
    const decide = (id: string, status: string, as = auth) =>
      t.http.put(`${MENDER}/${id}/status`).set('authorization', as).send({ status });
    const remove = (id: string) => t.http.delete(`${MENDER}/${id}`).set('authorization', auth);
    const accepted = async () => (await counts('mcount')).accepted;

    beforeAll(async () => {
      auth = (await tenantUser(t.http, 'mcount', ['ADMISSION_ADMIN'])).auth;
      // Another tenant with an accepted set of the same id: its count must not move.
      const other = (await tenantUser(t.http, 'mother', ['ADMISSION_ADMIN'])).auth;
      await submit('a', other);
      await decide('a', 'accepted', other);
    });

    it('counts accepts without a limit, and gives the place back on reject, re-submit and delete', async () => {
      for (const id of ['a', 'b', 'c']) expect((await submit(id)).status).toBe(204);
      await decide('a', 'accepted');
      await decide('a', 'accepted');
      expect(await accepted()).toBe(1);
      await decide('a', 'rejected');
      expect(await accepted()).toBe(0);
      await decide('a', 'accepted'); // rejected -> accepted
      expect(await accepted()).toBe(1);
      expect((await submit('a')).status).toBe(204); // back to pending
      expect((await t.http.get(`${MENDER}/a/status`).set('authorization', auth)).body.status).toBe('pending');
      expect(await accepted()).toBe(0);
      await decide('a', 'accepted');
      await decide('b', 'rejected'); // pending -> rejected: nothing to give back
      await submit('b'); // a rejected set re-submitted: still nothing
      expect(await accepted()).toBe(1);
      expect((await remove('a')).status).toBe(204);
      expect((await remove('a')).status).toBe(204);
      expect((await remove('c')).status).toBe(204); // a pending set
      expect(await counts('mcount')).toEqual({ active: 0, accepted: 0 });
      expect(await counts('mother')).toEqual({ active: 0, accepted: 1 });
    });

    it('enforces a limit set after accepts from the count kept meanwhile, and keeps sets above a lowered one', async () => {
      for (const id of ['d', 'e', 'f']) await submit(id);
      await decide('d', 'accepted');
      await decide('e', 'accepted');
      expect((await setLimits('mcount', { acceptedDeviceLimit: 1 })).body).toMatchObject({
        acceptedDeviceLimit: 1,
        acceptedDeviceCount: 2,
      });
      const refused = await decide('f', 'accepted');
      expect(refused.status).toBe(422);
      expect(refused.body).toEqual({
        error: 'maximum number of accepted devices reached',
        request_id: expect.any(String),
      });
      expect((await decide('e', 'accepted')).status).toBe(200); // already accepted: unchanged
      await decide('e', 'rejected');
      expect((await decide('f', 'accepted')).status).toBe(422); // 1 accepted: at the limit
      await remove('d');
      expect((await decide('f', 'accepted')).status).toBe(200);
      expect(await counts('mcount')).toEqual({ active: 0, accepted: 1 });
      expect(await counts('mother')).toEqual({ active: 0, accepted: 1 });
    });
  });
});
