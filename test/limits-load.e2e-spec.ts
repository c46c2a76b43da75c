import { generateKeyPairSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type Answer, byStatus, call, inParallel, listenAll, serverErrors } from './support/load';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { onMysql } from './support/test-database';

/**
 * Sustained concurrent activations and accepts, over two instances on MySQL/MariaDB (one on SQLite):
 * no 5xx, the limit exact at the edge, and the tenant's counter equal to the rows it counts.
 */
const CLIENTS = 48;
const KEY = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const MENDER = '/api/management/v1/admission/devices';

jest.setTimeout(180_000);

describe(`Limits under sustained load${onMysql() ? ' (two instances)' : ''}`, () => {
  let t: TestApp;
  let urls: string[];
  const at = (index: number) => urls[index % urls.length];

  const sql = async (query: string, parameters: unknown[]) =>
    Number((await t.app.get(DataSource).query(query, parameters))[0].n);
  const activeRows = (tenant: string) =>
    sql('SELECT COUNT(*) AS n FROM devices WHERE tenant_id = ? AND active = 1', [tenant]);
  const acceptedRows = (tenant: string) =>
    sql("SELECT COUNT(*) AS n FROM auth_sets WHERE tenant_id = ? AND status = 'accepted'", [tenant]);
  const tenant = async (id: string) =>
    (await call(urls[0], 'GET', `/api/v1/tenants/${id}`, ADMIN_AUTH)).body as Record<string, number>;
  const limitTenant = (id: string, limits: object) =>
    call(urls[0], 'PATCH', `/api/v1/tenants/${id}`, ADMIN_AUTH, limits);

  /** Runs the calls with CLIENTS in flight, prints what they answered and how long it took. */
  const timed = async <T>(
    label: string,
    items: readonly T[],
    work: (item: T, index: number) => Promise<Answer>,
  ) => {
    const started = Date.now();
    const answers = await inParallel(items, CLIENTS, work);
    console.log(`${label}: ${answers.length} calls in ${Date.now() - started} ms`, byStatus(answers));
    return answers;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const apps = [t.app];
    if (onMysql()) apps.push(await t.startAnotherInstance());
    urls = await listenAll(apps);
  });
  afterAll(() => t.close());

  describe('Genetec active devices', () => {
    const addDevices = async (tenantId: string, auth: string, count: number) => {
      const serials = Array.from({ length: count }, (_, i) => `${tenantId}-${i}`);
      const added = await inParallel(serials, CLIENTS, (serial, i) =>
        call(at(i), 'POST', `/api/v1/tenant/${tenantId}/device`, auth, {
          DeviceIdentification: { SerialNumber: serial, Manufacturer: 'load' },
          DeviceType: 'Camera',
        }),
      );
      expect(byStatus(added)).toEqual({ 201: count });
      return added.map((answer) => (answer.body as { Id: string }).Id);
    };
    const switchDevice = (
      tenantId: string,
      auth: string,
      id: string,
      to: 'activate' | 'deactivate',
      i: number,
    ) => call(at(i), 'POST', `/api/v1-private/tenant/${tenantId}/device/${id}/${to}`, auth);

    it('takes 600 activations by 48 clients below the limit without one 5xx', async () => {
      const { auth } = await tenantUser(t.http, 'gload', ['MANAGE_DEVICES']);
      await limitTenant('gload', { activeDeviceLimit: 1000 });
      const ids = await addDevices('gload', auth, 600);
      const answers = await timed('genetec sustained activations', ids, (id, i) =>
        switchDevice('gload', auth, id, 'activate', i),
      );
      expect(serverErrors(answers).slice(0, 2)).toEqual([]);
      expect(byStatus(answers)).toEqual({ 200: 600 });
      expect(await activeRows('gload')).toBe(600);
      expect(await tenant('gload')).toMatchObject({ activeDeviceLimit: 1000, activeDeviceCount: 600 });
    });

    it('stops at exactly the limit when far more activations race, with deactivations interleaved', async () => {
      const { auth } = await tenantUser(t.http, 'grace', ['MANAGE_DEVICES']);
      await limitTenant('grace', { activeDeviceLimit: 20 });
      const ids = await addDevices('grace', auth, 100);
      const [preActive, candidates] = [ids.slice(0, 10), ids.slice(10)];
      for (const [i, id] of preActive.entries())
        expect((await switchDevice('grace', auth, id, 'activate', i)).status).toBe(200);
      // Wave 1: 90 activations and the 10 deactivations of the pre-active devices, mixed.
      const mixed: { id: string; to: 'activate' | 'deactivate' }[] = candidates.map((id) => ({
        id,
        to: 'activate',
      }));
      preActive.forEach((id, i) => mixed.splice(i * 10, 0, { id, to: 'deactivate' }));
      const wave1 = await timed('genetec race, mixed', mixed, ({ id, to }, i) =>
        switchDevice('grace', auth, id, to, i),
      );
      expect(serverErrors(wave1).slice(0, 2)).toEqual([]);
      const deactivations = wave1.filter((_, i) => mixed[i].to === 'deactivate');
      expect(deactivations.map((answer) => answer.status)).toEqual(preActive.map(() => 200));
      const activated = wave1.filter((answer, i) => mixed[i].to === 'activate' && answer.status === 200);
      const refused = wave1.filter((answer, i) => mixed[i].to === 'activate' && answer.status !== 200);
      for (const answer of refused)
        expect(answer).toMatchObject({ status: 409, body: { code: 'active_device_limit_reached' } });
      expect(activated.length).toBeLessThanOrEqual(20);
      expect(await activeRows('grace')).toBe(activated.length);
      expect((await tenant('grace')).activeDeviceCount).toBe(activated.length);
      // Wave 2: every candidate again (the active ones answer 200 without counting twice).
      const wave2 = await timed('genetec race, all again', candidates, (id, i) =>
        switchDevice('grace', auth, id, 'activate', i),
      );
      expect(serverErrors(wave2).slice(0, 2)).toEqual([]);
      expect(byStatus(wave2)).toEqual({ 200: 20, 409: 70 });
      expect(await activeRows('grace')).toBe(20);
      expect((await tenant('grace')).activeDeviceCount).toBe(20);
    });
  });

  describe('Mender accepted devices', () => {
    const submitSets = async (ids: readonly string[], auth: string) => {
      const answers = await inParallel(ids, CLIENTS, (id, i) => submit(id, auth, i));
      expect(byStatus(answers)).toEqual({ 204: ids.length });
    };
    const submit = (id: string, auth: string, i: number) =>
      call(at(i), 'PUT', `${MENDER}/${id}`, auth, {
        device_id: `dev-${id}`,
        device_identity: JSON.stringify({ sn: id }),
        key: KEY,
      });
    const decide = (id: string, status: string, auth: string, i: number) =>
      call(at(i), 'PUT', `${MENDER}/${id}/status`, auth, { status });
    const remove = (id: string, auth: string, i: number) => call(at(i), 'DELETE', `${MENDER}/${id}`, auth);

    it('takes 600 accepts by 48 clients, with re-submits and deletes of accepted sets, without one 5xx', async () => {
      const { auth } = await tenantUser(t.http, 'mload', ['ADMISSION_ADMIN']);
      await limitTenant('mload', { acceptedDeviceLimit: 1000 });
      const ids = Array.from({ length: 600 }, (_, i) => `mload-${i}`);
      await submitSets(ids, auth);
      // Each client accepts a set; every 10th is then re-submitted (back to pending), every 15th deleted.
      const resubmitted = (i: number) => i % 10 === 3;
      const deleted = (i: number) => i % 15 === 7;
      const answers = await timed('mender sustained accepts', ids, async (id, i) => {
        const steps = [await decide(id, 'accepted', auth, i)];
        if (resubmitted(i)) steps.push(await submit(id, auth, i + 1));
        if (deleted(i)) steps.push(await remove(id, auth, i));
        return steps.find((step) => step.status >= 300) ?? steps[0];
      });
      expect(serverErrors(answers).slice(0, 2)).toEqual([]);
      expect(byStatus(answers)).toEqual({ 200: 600 });
      const expected = ids.filter((_, i) => !resubmitted(i) && !deleted(i)).length;
      expect(await acceptedRows('mload')).toBe(expected);
      expect(await tenant('mload')).toMatchObject({
        acceptedDeviceLimit: 1000,
        acceptedDeviceCount: expected,
      });
    });

    it('stops at exactly the limit when far more accepts race with rejects, re-submits and deletes', async () => {
      const { auth } = await tenantUser(t.http, 'mrace', ['ADMISSION_ADMIN']);
      await limitTenant('mrace', { acceptedDeviceLimit: 20 });
      const ids = Array.from({ length: 100 }, (_, i) => `mrace-${i}`);
      await submitSets(ids, auth);
      for (const [i, id] of ids.slice(0, 10).entries())
        expect((await decide(id, 'accepted', auth, i)).status).toBe(200);
      // Wave 1: 90 accepts, and on the 10 accepted sets 3 rejects, 3 re-submits, 4 deletes; 5 sets
      // are deleted while they are being accepted.
      type Step = { id: string; op: 'accept' | 'reject' | 'resubmit' | 'delete' };
      const mixed: Step[] = ids.slice(10).map((id) => ({ id, op: 'accept' }));
      const changes: Step[] = [
        ...ids.slice(0, 3).map((id) => ({ id, op: 'reject' as const })),
        ...ids.slice(3, 6).map((id) => ({ id, op: 'resubmit' as const })),
        ...[...ids.slice(6, 10), ...ids.slice(95)].map((id) => ({ id, op: 'delete' as const })),
      ];
      changes.forEach((step, i) => mixed.splice(i * 7, 0, step));
      const run = ({ id, op }: Step, i: number) =>
        op === 'accept'
          ? decide(id, 'accepted', auth, i)
          : op === 'reject'
            ? decide(id, 'rejected', auth, i)
            : op === 'resubmit'
              ? submit(id, auth, i)
              : remove(id, auth, i);
      const wave1 = await timed('mender race, mixed', mixed, run);
      expect(serverErrors(wave1).slice(0, 2)).toEqual([]);
      const answered = (op: Step['op']) => wave1.filter((_, i) => mixed[i].op === op).map((a) => a.status);
      expect(answered('reject')).toEqual([200, 200, 200]);
      expect([...answered('resubmit'), ...answered('delete')]).toEqual(Array(12).fill(204));
      const accepts = wave1.filter((_, i) => mixed[i].op === 'accept');
      for (const answer of accepts.filter((a) => a.status === 422))
        expect(answer.body).toMatchObject({ error: 'maximum number of accepted devices reached' });
      const notFound = mixed.filter((step, i) => step.op === 'accept' && wave1[i].status === 404);
      expect(notFound.every((step) => ids.indexOf(step.id) >= 95)).toBe(true);
      const accepted = await acceptedRows('mrace');
      expect(accepted).toBeLessThanOrEqual(20);
      expect((await tenant('mrace')).acceptedDeviceCount).toBe(accepted);
      // Wave 2: accept every set that still exists; exactly the limit gets in.
      const remaining = [...ids.slice(0, 6), ...ids.slice(10, 95)];
      const wave2 = await timed('mender race, accept all', remaining, (id, i) =>
        decide(id, 'accepted', auth, i),
      );
      expect(serverErrors(wave2).slice(0, 2)).toEqual([]);
      expect(byStatus(wave2)).toEqual({ 200: 20, 422: remaining.length - 20 });
      expect(await acceptedRows('mrace')).toBe(20);
      expect((await tenant('mrace')).acceptedDeviceCount).toBe(20);
    });
  });
});
