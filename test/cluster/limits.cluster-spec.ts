import { generateKeyPairSync, randomBytes } from 'node:crypto';
import request from 'supertest';
import { closeAll, type Started } from '../support/instances';
import { mobileLogin, platformMobileUser } from '../support/mobile.fixture';
import { ADMIN_AUTH, tenantUser } from '../support/test-app';
import { freshClusterDatabase, nodeSession, sleep, startOnePerNode } from './cluster';

const TRIALS = 20;
const ED25519 = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

interface Trial {
  limit: number;
  granted: number;
  refused: number;
  serverErrors: number;
  /** Any other answer, as status and body, so an unexpected one shows in the report. */
  others: string[];
  stored: number;
}

describe('limits raced by one instance per Galera node', () => {
  let database: Awaited<ReturnType<typeof freshClusterDatabase>>;
  let started: Started;
  const http = (node: number) => request(started.apps[node].getHttpServer());

  /** Waits until every node serves `path` (the rows written through node 0 have reached it). */
  const visibleEverywhere = async (path: string, auth: string) => {
    for (let node = 1; node < 3; node += 1)
      for (
        let tries = 0;
        (await http(node).get(path).set('authorization', auth)).status !== 200;
        tries += 1
      ) {
        if (tries > 100) throw new Error(`${path} never reached node ${node + 1}`);
        await sleep(50);
      }
  };
  const storedCount = async (sql: string, tenantId: string) => {
    const node = await nodeSession(database.urls[0]);
    const [rows] = await node.query(sql, [tenantId]);
    node.destroy();
    return Number((rows as { n: number }[])[0].n);
  };
  const tally = (
    limit: number,
    answers: request.Response[],
    refusedStatus: number,
    stored: number,
    grantedStatus = 200,
  ): Trial => ({
    limit,
    granted: answers.filter((res) => res.status === grantedStatus).length,
    refused: answers.filter((res) => res.status === refusedStatus).length,
    serverErrors: answers.filter((res) => res.status >= 500).length,
    others: answers
      .filter((res) => ![grantedStatus, refusedStatus].includes(res.status))
      .map((res) => `${res.status} ${res.text}`),
    stored,
  });
  const report = (name: string, trials: Trial[]) => {
    const lines = trials.map(
      (trial, i) =>
        `${name} trial ${i + 1}: limit ${trial.limit}, granted ${trial.granted}, refused ${trial.refused}, 5xx ${trial.serverErrors}, stored ${trial.stored}${trial.others.length > 0 ? ` others ${JSON.stringify(trial.others)}` : ''}${trial.stored > trial.limit ? ` OVERSHOOT +${trial.stored - trial.limit}` : ''}`,
    );
    const overshoots = trials.filter(
      (trial) => trial.stored > trial.limit || trial.granted > trial.limit,
    ).length;
    const errors = trials.reduce((n, trial) => n + trial.serverErrors, 0);
    // Every trial asks for more places than the limit: with no 5xx, every place is taken, none twice.
    const inexact = trials.filter(
      (trial) => trial.granted !== trial.limit || trial.stored !== trial.limit,
    ).length;
    console.log(
      `${lines.join('\n')}\n${name}: ${overshoots}/${trials.length} trials over the limit, ${inexact} not exactly at it, ${errors} 5xx`,
    );
    return { overshoots, inexact, errors };
  };

  /** Set-up writes a client would retry: each answer that is not the expected one is kept for the report. */
  const setUpFailures: string[] = [];
  const setUp = async (write: () => request.Test, expected: number) => {
    for (let attempt = 1; ; attempt += 1) {
      const res = await write();
      if (res.status === expected) return res;
      setUpFailures.push(`${res.status} ${res.text}`);
      if (attempt === 3) throw new Error(`set-up write: ${res.status} ${res.text}`);
    }
  };

  beforeAll(async () => {
    database = await freshClusterDatabase();
    started = await startOnePerNode(database.urls);
    if (started.failures.length > 0) throw started.failures[0];
  });
  afterAll(async () => {
    console.log(`set-up writes retried: ${JSON.stringify(setUpFailures)}`);
    await closeAll(started?.apps ?? []);
    await database?.drop();
  });

  it(`Genetec's active device limit: ${TRIALS} trials of 12 activations over 3 nodes, limit 4`, async () => {
    const trials: Trial[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const tenant = `g${trial}-${randomBytes(3).toString('hex')}`;
      await http(0)
        .post('/api/v1/tenants')
        .set('authorization', ADMIN_AUTH)
        .send({ id: tenant, name: tenant, activeDeviceLimit: 4 });
      const user = await tenantUser(http(0), tenant, ['MANAGE_DEVICES']);
      const ids: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        const res = await setUp(
          () =>
            http(0)
              .post(`/api/v1/tenant/${tenant}/device`)
              .set('authorization', user.auth)
              .send({
                DeviceIdentification: { SerialNumber: `s-${i}`, Manufacturer: 'genetec' },
                DeviceType: 'Camera',
              }),
          201,
        );
        ids.push(res.body.Id as string);
      }
      await visibleEverywhere(`/api/v1/tenant/${tenant}/device/${ids[11]}`, user.auth);
      const results = await Promise.all(
        ids.map((id, i) =>
          http(i % 3)
            .post(`/api/v1-private/tenant/${tenant}/device/${id}/activate`)
            .set('authorization', user.auth),
        ),
      );
      const stored = await storedCount(
        'SELECT COUNT(*) AS n FROM devices WHERE tenant_id = ? AND active = 1',
        tenant,
      );
      trials.push(tally(4, results, 409, stored));
    }
    expect(report('genetec', trials)).toEqual({ overshoots: 0, inexact: 0, errors: 0 });
    expect(trials.flatMap((trial) => trial.others)).toEqual([]);
  });

  it(`Mender's accepted device limit: ${TRIALS} trials of 9 acceptances over 3 nodes, limit 3`, async () => {
    const trials: Trial[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const tenant = `m${trial}-${randomBytes(3).toString('hex')}`;
      await http(0)
        .post('/api/v1/tenants')
        .set('authorization', ADMIN_AUTH)
        .send({ id: tenant, name: tenant, acceptedDeviceLimit: 3 });
      const { auth } = await tenantUser(http(0), tenant, ['ADMISSION_ADMIN']);
      for (let i = 0; i < 9; i += 1)
        await setUp(
          () =>
            http(0)
              .put(`/api/management/v1/admission/devices/set-${i}`)
              .set('authorization', auth)
              .send({
                device_id: `dev-${i}`,
                device_identity: JSON.stringify({ sn: `sn-${i}` }),
                key: ED25519,
              }),
          204,
        );
      await visibleEverywhere('/api/management/v1/admission/devices/set-8', auth);
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          http(i % 3)
            .put(`/api/management/v1/admission/devices/set-${i}/status`)
            .set('authorization', auth)
            .send({ status: 'accepted' }),
        ),
      );
      const stored = await storedCount(
        "SELECT COUNT(*) AS n FROM auth_sets WHERE tenant_id = ? AND status = 'accepted'",
        tenant,
      );
      trials.push(tally(3, results, 422, stored));
    }
    expect(report('mender', trials)).toEqual({ overshoots: 0, inexact: 0, errors: 0 });
    expect(trials.flatMap((trial) => trial.others)).toEqual([]);
  });

  it(`Primis: a new mobile user's 6 first logins on 3 nodes at once, ${TRIALS * 2} users`, async () => {
    const tenant = `f-${randomBytes(3).toString('hex')}`;
    await http(0).post('/api/v1/tenants').set('authorization', ADMIN_AUTH).send({ id: tenant, name: tenant });
    const answers: request.Response[] = [];
    for (let trial = 0; trial < TRIALS * 2; trial += 1) {
      // A platform user with no mobile profile yet: each login creates it, the same new row on 3 nodes.
      const user = await platformMobileUser(http(0), tenant, `u${trial}@${tenant}.test`);
      await visibleEverywhere(`/api/v1/tenants/${tenant}/users/${user.id}`, ADMIN_AUTH);
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 6 }, (_, i) => mobileLogin(http(i % 3), user.auth, `phone-${trial}-${i}`)),
        )),
      );
    }
    expect(answers.filter((res) => res.status !== 201).map((res) => `${res.status} ${res.text}`)).toEqual([]);
    expect(await storedCount('SELECT COUNT(*) AS n FROM mobile_phones WHERE tenant_id = ?', tenant)).toBe(
      TRIALS * 12,
    );
  });

  it(`Primis phone licence: ${TRIALS} trials of 12 first logins over 3 nodes, 3 per user and 4 in all`, async () => {
    const trials: Trial[] = [];
    const perUser: number[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const tenant = `p${trial}-${randomBytes(3).toString('hex')}`;
      await http(0)
        .post('/api/v1/tenants')
        .set('authorization', ADMIN_AUTH)
        .send({ id: tenant, name: tenant, mobilePhonesPerUser: 3, mobilePhonesTotal: 4 });
      const users = [
        await platformMobileUser(http(0), tenant, `a@${tenant}.test`),
        await platformMobileUser(http(0), tenant, `b@${tenant}.test`),
      ];
      await visibleEverywhere(`/api/v1/tenants/${tenant}`, ADMIN_AUTH);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => mobileLogin(http(i % 3), users[i % 2].auth, `phone-${i}`)),
      );
      const stored = await storedCount('SELECT COUNT(*) AS n FROM mobile_phones WHERE tenant_id = ?', tenant);
      perUser.push(
        await storedCount(
          'SELECT MAX(n) AS n FROM (SELECT COUNT(*) AS n FROM mobile_phones WHERE tenant_id = ? GROUP BY user_id) per_user',
          tenant,
        ),
      );
      trials.push(tally(4, results, 400, stored, 201));
    }
    expect(report('primis', trials)).toEqual({ overshoots: 0, inexact: 0, errors: 0 });
    expect(trials.flatMap((trial) => trial.others)).toEqual([]);
    expect(Math.max(...perUser)).toBeLessThanOrEqual(3);
  });
});
