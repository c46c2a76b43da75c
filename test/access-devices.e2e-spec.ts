import request from 'supertest';
import { DataSource } from 'typeorm';
import { CompensationReconciler } from '../src/core/transaction/compensation-reconciler';
import { FakeProvisioningServer } from './support/fake-provisioning-server';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';

const MANUAL_RECONCILER = { RECONCILER_INTERVAL_MS: '3600000', COMPENSATION_ORPHAN_AFTER_MS: '3600000' };
const BASE = '/api/v1/tenants/acme/groups/sales/advanced_access_devices/';
const PHONE = {
  name: 'Cisco 8845',
  redirect: true,
  vendorServer: 'cisco',
  numberOfPorts: 4,
  supportsActivationCode: true,
  hiddenCredentials: true,
  parameters: [{ name: 'ringTone', type: 'string', default: 'classic' }],
};
const device = (deviceName: string, macAddress: string, extra: Record<string, unknown> = {}) => ({
  deviceName,
  deviceType: PHONE.name,
  protocol: 'SIP 2.0',
  macAddress,
  description: deviceName,
  transportProtocol: 'Unspecified',
  useCustomUserNamePassword: false,
  ...extra,
});

describe('APIO advanced access devices', () => {
  let t: TestApp;
  let admin: string;
  let reader: string;
  let tenantAdmin: string;
  const redirect = new FakeProvisioningServer();
  const vendor = new FakeProvisioningServer();
  let redirectUrl: string;

  const rows = () =>
    t.app
      .get(DataSource)
      .query<{ device_name: string; mac_address: string | null }[]>(
        'SELECT device_name, mac_address FROM access_devices ORDER BY device_name',
      );

  beforeAll(async () => {
    t = await startTestApp(MANUAL_RECONCILER);
    let vendorUrl: string;
    [redirectUrl, vendorUrl] = await Promise.all([redirect.start(), vendor.start()]);
    admin = (await tenantUser(t.http, 'acme', ['ACCESS_DEVICE_ADMIN'])).auth;
    reader = (await tenantUser(t.http, 'acme', ['ACCESS_DEVICE_READ'])).auth;
    tenantAdmin = (await tenantUser(t.http, 'acme', ['TENANT_ADMIN'])).auth;
    for (const [name, baseUrl] of [
      ['redirect', redirectUrl],
      ['cisco', vendorUrl],
    ]) {
      const response = await t.http
        .put(`/api/v1/tenants/acme/provisioning_servers/${name}/`)
        .set('authorization', tenantAdmin)
        .send({ baseUrl, userName: `${name}-user`, password: `${name}-secret`, timeoutMs: 300 });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        name,
        baseUrl,
        userName: `${name}-user`,
        hasPassword: true,
        timeoutMs: 300,
        requestsPerSecond: 20,
      });
    }
    const created = await t.http.post('/api/v1/phone_types/').set('authorization', tenantAdmin).send(PHONE);
    expect(created.status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all([redirect.stop(), vendor.stop()]);
    await t?.close();
  });

  afterEach(async () => {
    for (const { device_name } of await rows())
      await t.http
        .delete(
          `${BASE}${encodeURIComponent(device_name)}/?delete_primary_users=true&delete_secondary_users=true`,
        )
        .set('authorization', admin);
    redirect.reset();
    vendor.reset();
  });

  it('creates a device: 200, provisioned into the redirect then the vendor server, with a code and hidden credentials', async () => {
    const response = await t.http
      .post(BASE)
      .set('authorization', admin)
      .send(device('APIO Test Device', '22:11:00:cc:bb:aa'));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      deviceName: 'APIO Test Device',
      deviceType: 'Cisco 8845',
      configurationFileName: '',
      macAddress: '221100CCBBAA',
      netAddress: '',
      protocol: 'SIP 2.0',
      outboundProxyServerNetAddress: '',
      stunServerNetAddress: '',
      serialNumber: '',
      description: 'APIO Test Device',
      physicalLocation: '',
      transportProtocol: 'Unspecified',
      useCustomUserNamePassword: false,
      userName: '',
      numberOfPorts: 4,
      numberOfAssignedPorts: 0,
      status: 'Online',
      version: '',
      ringTone: 'classic',
      deviceActivationCode: expect.stringMatching(/^\d{16}$/),
    });
    expect(redirect.calls).toEqual(['PUT 221100CCBBAA']);
    expect(vendor.calls).toEqual(['PUT 221100CCBBAA']);
    expect(redirect.records.get('221100CCBBAA')?.document).not.toHaveProperty('credentials');
    const sent = vendor.records.get('221100CCBBAA')?.document as {
      activationCode: string;
      credentials: { userName: string; password: string };
    };
    expect(sent.activationCode).toBe(response.body.deviceActivationCode);
    expect(sent.credentials.userName).toMatch(/^[A-Za-z0-9]{8}APIO Test Device$/);
    expect(sent.credentials.password).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[A-Za-z0-9]{16,}$/);
    expect(vendor.authorizations).toEqual(
      new Set([`Basic ${Buffer.from('cisco-user:cisco-secret').toString('base64')}`]),
    );

    const fetched = await t.http.get(`${BASE}APIO%20Test%20Device/`).set('authorization', reader);
    expect(fetched.status).toBe(200);
    const { deviceActivationCode: _code, ...shown } = response.body;
    expect(fetched.body).toEqual(shown);
    expect(JSON.stringify(fetched.body)).not.toContain(sent.credentials.password);
    const list = await t.http.get(BASE).set('authorization', reader);
    expect(list.body).toEqual({
      access_devices: [
        {
          status: 'Online',
          deviceName: 'APIO Test Device',
          version: '',
          macAddress: '221100CCBBAA',
          netAddress: '',
          freePorts: 4,
          deviceType: 'Cisco 8845',
        },
      ],
    });
  });

  it.each([
    ['redirect', 'status500', 33, 500],
    ['redirect', 'vendorError', 33, 400], // a redirect server's own `code` is not its sub_code: its HTTP status is
    ['redirect', 'timeout', 34, null],
    ['redirect', 'reset', 34, null],
    ['vendor', 'vendorError', 31, 4001],
    ['vendor', 'status500', 31, 500],
    ['vendor', 'vendor500', 31, 5003],
    ['vendor', 'timeout', 32, null],
    ['vendor', 'reset', 32, null],
  ] as const)(
    'a create failing at the %s server (%s) answers code %i and leaves nothing anywhere',
    async (server, mode, code, subCode) => {
      (server === 'redirect' ? redirect : vendor).fail('PUT', mode);

      const response = await t.http
        .post(BASE)
        .set('authorization', admin)
        .send(device('Failing', '001122334455'));

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        errors: [
          {
            code,
            message: expect.stringMatching(
              server === 'vendor' ? /^Phone Provisioning Server / : /^Redirect Server /,
            ),
            sub_code: subCode,
            details: {
              system: server,
              server: server === 'vendor' ? 'cisco' : 'redirect',
              action: 'inserting',
            },
          },
        ],
      });
      if (code === 31 && subCode === 4001)
        expect(response.body.errors[0].message).toBe(
          'Phone Provisioning Server reply with an error: Illegal MAC address format',
        );
      expect(await rows()).toEqual([]);
      expect(redirect.records.size).toBe(0);
      expect(vendor.records.size).toBe(0);
      expect(vendor.calls).toEqual(server === 'redirect' ? [] : expect.arrayContaining(['PUT 001122334455']));
    },
  );

  it('never deletes a remote record that existed before the request', async () => {
    redirect.records.set('001122334455', { provisioningId: 'someone-else', document: { owner: 'other' } });
    vendor.fail('PUT', 'vendorError');

    const response = await t.http.post(BASE).set('authorization', admin).send(device('Late', '001122334455'));

    expect(response.status).toBe(400);
    expect(redirect.snapshot()).toEqual({ '001122334455': 'someone-else' });
    expect(vendor.records.size).toBe(0);
  });

  it('hands an undo that fails to the reconciler, which retries it until nothing is left', async () => {
    vendor.fail('PUT', 'vendorError');
    redirect.fail('DELETE', 'status500');

    const response = await t.http
      .post(BASE)
      .set('authorization', admin)
      .send(device('Orphan', 'AABBCCDDEEFF'));

    expect(response.status).toBe(400);
    expect(await rows()).toEqual([]);
    expect(Object.keys(redirect.snapshot())).toEqual(['AABBCCDDEEFF']); // the undo failed once
    const pending = await t.http.get('/api/v1/compensations?status=pending').set('authorization', ADMIN_AUTH);
    expect(pending.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'apio.provisioning.delete-created', status: 'pending' }),
      ]),
    );
    expect(JSON.stringify(pending.body)).not.toMatch(/secret|password/i);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // first retry is due after 1 s
    await t.app.get(CompensationReconciler).tick();
    expect(redirect.records.size).toBe(0);
  });

  describe('a MAC change', () => {
    const create = async () => {
      const response = await t.http
        .post(BASE)
        .set('authorization', admin)
        .send(device('Mover', '111111111111'));
      expect(response.status).toBe(200);
      redirect.calls.length = 0;
      vendor.calls.length = 0;
      return response.body as { deviceActivationCode: string };
    };

    it('keeps the hidden credentials when a body says useCustomUserNamePassword: false again, and makes new ones when leaving custom ones', async () => {
      await create();
      const credentialsAt = (mac: string) =>
        (vendor.records.get(mac)?.document as { credentials: { userName: string; password: string } })
          .credentials;
      const hidden = credentialsAt('111111111111');
      const move = (macAddress: string, extra: object = {}) =>
        t.http
          .put(`${BASE}Mover/`)
          .set('authorization', admin)
          .send({ useCustomUserNamePassword: false, macAddress, ...extra });

      expect((await move('222222222222', { description: 'echoed' })).status).toBe(200);
      expect(credentialsAt('222222222222')).toEqual(hidden);
      const custom = { userName: 'desk-1', password: 'Custom-password-1' };
      const toCustom = await t.http.put(`${BASE}Mover/`).set('authorization', admin).send({
        useCustomUserNamePassword: true,
        accessDeviceCredentials: custom,
        macAddress: '333333333333',
      });
      expect(toCustom.status).toBe(200);
      expect(credentialsAt('333333333333')).toEqual(custom);
      expect((await move('444444444444')).status).toBe(200);
      const renewed = credentialsAt('444444444444');
      expect(renewed.userName).toMatch(/^[A-Za-z0-9]{8}Mover$/);
      expect(renewed.password).not.toBe(custom.password);
      expect(renewed.password).not.toBe(hidden.password);
    });

    it('provisions the new MAC first, then removes the old one, and returns a new activation code', async () => {
      const created = await create();

      const response = await t.http
        .put(`${BASE}Mover/`)
        .set('authorization', admin)
        .send({ macAddress: '222222222222', description: 'moved' });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ macAddress: '222222222222', description: 'moved' });
      expect(response.body.deviceActivationCode).toMatch(/^\d{16}$/);
      expect(response.body.deviceActivationCode).not.toBe(created.deviceActivationCode);
      expect(redirect.calls).toEqual(['PUT 222222222222', 'DELETE 111111111111']);
      expect(vendor.calls).toEqual(['PUT 222222222222', 'DELETE 111111111111']);
      expect(Object.keys(redirect.snapshot())).toEqual(['222222222222']);
      expect(Object.keys(vendor.snapshot())).toEqual(['222222222222']);
    });

    it('without a MAC change touches no server and returns no activation code', async () => {
      await create();

      const response = await t.http
        .put(`${BASE}Mover/`)
        .set('authorization', admin)
        .send({ description: 'same MAC', ringTone: 'jazz' });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        description: 'same MAC',
        ringTone: 'jazz',
        macAddress: '111111111111',
      });
      expect(response.body).not.toHaveProperty('deviceActivationCode');
      expect([...redirect.calls, ...vendor.calls]).toEqual([]);
    });

    it.each([
      ['inserting the new MAC at the vendor', () => vendor.fail('PUT', 'vendorError'), 31],
      ['removing the old MAC from the redirect server', () => redirect.fail('DELETE', 'status500'), 33],
      ['removing the old MAC from the vendor (timeout)', () => vendor.fail('DELETE', 'timeout'), 32],
    ])('failing while %s rolls everything back to the old MAC', async (_step, failure, code) => {
      await create();
      const before = { redirect: redirect.snapshot(), vendor: vendor.snapshot() };
      failure();

      const response = await t.http
        .put(`${BASE}Mover/`)
        .set('authorization', admin)
        .send({ macAddress: '333333333333' });

      expect(response.status).toBe(400);
      expect(response.body.errors[0].code).toBe(code);
      expect(await rows()).toEqual([{ device_name: 'Mover', mac_address: '111111111111' }]);
      expect(Object.keys(redirect.snapshot())).toEqual(Object.keys(before.redirect));
      expect(Object.keys(vendor.snapshot())).toEqual(Object.keys(before.vendor));
      const restored = vendor.records.get('111111111111')?.document as {
        credentials?: unknown;
        activationCode?: string;
      };
      expect(restored.credentials).toBeDefined();
      expect(restored.activationCode).toMatch(/^\d{16}$/);
    });

    it('refuses a MAC another device of the tenant uses (code 5), changing nothing', async () => {
      await create();
      expect(
        (await t.http.post(BASE).set('authorization', admin).send(device('Other', '444444444444'))).status,
      ).toBe(200);

      const response = await t.http
        .put(`${BASE}Mover/`)
        .set('authorization', admin)
        .send({ macAddress: '44-44-44-44-44-44' });

      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({
        code: 5,
        message: expect.stringContaining('macAddress 444444444444'),
      });
      expect(await rows()).toEqual([
        { device_name: 'Mover', mac_address: '111111111111' },
        { device_name: 'Other', mac_address: '444444444444' },
      ]);
    });
  });

  describe('delete', () => {
    beforeEach(async () => {
      expect(
        (await t.http.post(BASE).set('authorization', admin).send(device('Gone', '555555555555'))).status,
      ).toBe(200);
      redirect.calls.length = 0;
      vendor.calls.length = 0;
    });

    it('removes the device from the vendor, then the redirect server; "not found" there is success', async () => {
      vendor.records.delete('555555555555');

      const response = await t.http.delete(`${BASE}Gone/`).set('authorization', admin);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ detached_users: [] });
      expect(vendor.calls).toEqual(['DELETE 555555555555']);
      expect(redirect.calls).toEqual(['DELETE 555555555555']);
      expect(redirect.records.size + vendor.records.size).toBe(0);
      expect(await rows()).toEqual([]);
      expect((await t.http.get(`${BASE}Gone/`).set('authorization', admin)).status).toBe(404);
    });

    it('leaves the device in place and names the system when a server fails', async () => {
      redirect.fail('DELETE', 'status500');

      const response = await t.http.delete(`${BASE}Gone/`).set('authorization', admin);

      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({
        code: 33,
        sub_code: 500,
        details: { system: 'redirect', server: 'redirect', action: 'removing' },
      });
      expect(await rows()).toEqual([{ device_name: 'Gone', mac_address: '555555555555' }]);
      expect(Object.keys(redirect.snapshot())).toEqual(['555555555555']);
      expect(Object.keys(vendor.snapshot())).toEqual(['555555555555']); // put back after its removal
    });

    it('refuses while users use it, unless told to unlink those users', async () => {
      const link = (port: number, userId: string, kind: string) =>
        t.http.put(`${BASE}Gone/ports/${port}/`).set('authorization', admin).send({ userId, kind });
      expect((await link(1, 'alice', 'primary')).body).toEqual({
        linePort: 1,
        userId: 'alice',
        kind: 'primary',
      });
      expect((await link(3, 'bob', 'secondary')).status).toBe(200);

      const refused = await t.http
        .delete(`${BASE}Gone/`)
        .set('authorization', admin)
        .send({ delete_secondary_users: true });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0]).toMatchObject({
        code: 13,
        details: { users: [{ userId: 'alice', linePort: 1, kind: 'primary' }] },
      });
      expect(await rows()).toHaveLength(1);
      expect([...redirect.calls, ...vendor.calls]).toEqual([]);

      const deleted = await t.http
        .delete(`${BASE}Gone/?delete_primary_users=true`)
        .set('authorization', admin)
        .send({ delete_secondary_users: true });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({
        detached_users: [
          { userId: 'alice', linePort: 1 },
          { userId: 'bob', linePort: 3 },
        ],
      });
    });
  });

  describe('line ports', () => {
    beforeEach(async () => {
      expect(
        (await t.http.post(BASE).set('authorization', admin).send(device('Desk', '666666666666'))).status,
      ).toBe(200);
    });

    it('gives a port to exactly one of two concurrent assignments', async () => {
      const answers = await Promise.all(
        ['alice', 'bob'].map((userId) =>
          t.http.put(`${BASE}Desk/ports/2/`).set('authorization', admin).send({ userId, kind: 'primary' }),
        ),
      );

      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
      expect(answers.find((answer) => answer.status === 400)?.body.errors[0].code).toBe(5);
      const again = answers.find((answer) => answer.status === 200)?.body as { userId: string };
      expect(
        (
          await t.http
            .put(`${BASE}Desk/ports/2/`)
            .set('authorization', admin)
            .send({ userId: again.userId, kind: 'primary' })
        ).status,
      ).toBe(200);
    });

    it('refuses a port beyond numberOfPorts (code 14) and releases one that is used', async () => {
      const beyond = await t.http
        .put(`${BASE}Desk/ports/5/`)
        .set('authorization', admin)
        .send({ userId: 'x', kind: 'primary' });
      expect(beyond.status).toBe(400);
      expect(beyond.body.errors[0]).toMatchObject({ code: 14, message: 'port must be from 1 to 4' });

      await t.http
        .put(`${BASE}Desk/ports/3/`)
        .set('authorization', admin)
        .send({ userId: 'x', kind: 'secondary' });
      expect((await t.http.delete(`${BASE}Desk/ports/3/`).set('authorization', admin)).status).toBe(200);
      const again = await t.http.delete(`${BASE}Desk/ports/3/`).set('authorization', admin);
      expect(again.status).toBe(404);
      expect(again.body.errors[0].code).toBe(4);
    });

    it('lists available ports from query parameters or a JSON body on GET, available_ports_for first', async () => {
      expect(
        (await t.http.post(BASE).set('authorization', admin).send(device('Wall', '777777777777'))).status,
      ).toBe(200);
      await t.http
        .put(`${BASE}Desk/ports/2/`)
        .set('authorization', admin)
        .send({ userId: 'alice', kind: 'primary' });

      const all = await t.http.get(`${BASE}?include_available_ports=true`).set('authorization', reader);
      expect(
        all.body.access_devices.map(
          (item: { deviceName: string; freePorts: number; availablePorts: number[] }) => [
            item.deviceName,
            item.freePorts,
            item.availablePorts,
          ],
        ),
      ).toEqual([
        ['Desk', 3, [1, 3, 4]],
        ['Wall', 4, [1, 2, 3, 4]],
      ]);
      const one = await t.http
        .get(BASE)
        .set('authorization', reader)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ available_ports_for: 'Desk', include_available_ports: true }));
      expect(one.body.access_devices).toEqual([
        expect.objectContaining({ deviceName: 'Desk', availablePorts: [1, 3, 4] }),
      ]);
      const detail = await t.http
        .get(`${BASE}Desk/`)
        .set('authorization', reader)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ include_available_ports: true }));
      expect(detail.body).toMatchObject({ numberOfAssignedPorts: 1, availablePorts: [1, 3, 4] });
      for (const text of ['{', '{"__proto__": {"x": 1}}']) {
        const unreadable = await t.http
          .get(BASE)
          .set('authorization', reader)
          .set('content-type', 'application/json')
          .send(text);
        expect(unreadable.status).toBe(400);
        expect(unreadable.body.errors[0].code).toBe(1);
      }
      const bad = await t.http.get(`${BASE}?include_available_ports=maybe`).set('authorization', reader);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0]).toEqual({
        code: 1,
        message: 'include_available_ports must be a boolean',
        sub_code: null,
        details: { include_available_ports: 'must be a boolean' },
      });
    });
  });

  describe('device names', () => {
    const settings = (body: Record<string, unknown>) =>
      t.http.put('/api/v1/tenants/acme/access_device_settings/').set('authorization', tenantAdmin).send(body);
    const unnamed = (macAddress: string) => {
      const { deviceName: _none, ...body } = device('', macAddress);
      return t.http.post(BASE).set('authorization', admin).send(body);
    };
    afterEach(async () => expect((await settings({})).status).toBe(200));

    it('are mandatory without a GROUP_DEVICE_NAME_RULE (code 12)', async () => {
      const response = await unnamed('888888888801');
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ code: 12, details: { deviceName: 'mandatory' } });
    });

    it('are generated by the group rule, the generic one when too long, and never duplicated', async () => {
      expect(
        (await settings({ AUTOMATIC_ID_RULES: { GROUP_DEVICE_NAME_RULE: '{{tenant_id}}-{{group_id}}' } }))
          .status,
      ).toBe(200);
      expect((await unnamed('888888888802')).body.deviceName).toBe('acme-sales');
      const taken = await unnamed('888888888803');
      expect(taken.status).toBe(400);
      expect(taken.body.errors[0]).toMatchObject({
        code: 12,
        message: 'no free deviceName after 10 generated names',
      });

      const rules = {
        AUTOMATIC_ID_RULES: {
          GROUP_DEVICE_NAME_RULE: '{{group_id}}_{{RND_40}}',
          GENERIC_DEVICE_NAME_RULE: 'DP_{{RND_4}}',
        },
        DEVICE_NAME_MAX_LENGTH: 12,
      };
      const saved = await settings(rules);
      expect(saved.body).toMatchObject({
        ...rules,
        NEW_PASSWORD_RESET_GEN: true,
        DEVICE_CREDENTIAL_PREFIX_LEN: 8,
      });
      const generated = await Promise.all(['888888888804', '888888888805', '888888888806'].map(unnamed));
      const names = generated.map((response) => response.body.deviceName as string);
      expect(names.every((name) => /^DP_[A-Za-z0-9]{4}$/.test(name))).toBe(true);
      expect(new Set(names).size).toBe(3);
    });

    it('refuses a given name longer than DEVICE_NAME_MAX_LENGTH and an unknown rule variable', async () => {
      const long = await t.http
        .post(BASE)
        .set('authorization', admin)
        .send(device('x'.repeat(41), '888888888807'));
      expect(long.body.errors[0]).toMatchObject({
        code: 12,
        message: 'deviceName is longer than 40 characters',
      });
      const bad = await settings({ AUTOMATIC_ID_RULES: { GROUP_DEVICE_NAME_RULE: '{{site}}_{{RND_4}}' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0]).toMatchObject({
        code: 1,
        message: expect.stringContaining('unknown variable {{site}}'),
      });
    });
  });

  describe('phone types and input', () => {
    it('rejects a deviceType that is not a configured phone type (code 10), on every call but the list', async () => {
      const response = await t.http
        .post(BASE)
        .set('authorization', admin)
        .send({ ...device('X', '999999999901'), deviceType: 'Nope' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        errors: [
          {
            code: 10,
            message: 'deviceType "Nope" is not a configured phone type',
            sub_code: null,
            details: { deviceType: 'not a configured phone type' },
          },
        ],
      });
    });

    it('refuses a null attribute with code 1 on create and update, writing nothing', async () => {
      const created = await t.http
        .post(BASE)
        .set('authorization', admin)
        .send({ ...device('Nulls', '999999999902'), deviceName: null, serialNumber: null });
      expect(created.status).toBe(400);
      expect(created.body.errors).toEqual([
        expect.objectContaining({
          code: 1,
          message: 'deviceName must not be null; serialNumber must not be null',
        }),
      ]);
      expect(
        await t.http.post(BASE).set('authorization', admin).send(device('Nulls', '999999999902')),
      ).toMatchObject({
        status: 200,
      });
      const updated = await t.http
        .put(`${BASE}Nulls/`)
        .set('authorization', admin)
        .send({ netAddress: null });
      expect([updated.status, updated.body.errors[0].code, updated.body.errors[0].message]).toEqual([
        400,
        1,
        'netAddress must not be null',
      ]);
      expect((await t.http.get(`${BASE}Nulls/`).set('authorization', admin)).body.netAddress).toBe('');
      expect(redirect.calls.filter((call) => call.endsWith('999999999902'))).toEqual(['PUT 999999999902']);
    });

    it("checks the phone type's rules: MAC format, mandatory properties, parameter types", async () => {
      const type = {
        name: 'Strict',
        numberOfPorts: 2,
        macAddressFormat: 'COLON',
        mandatoryProperties: ['serialNumber'],
        parameters: [{ name: 'level', type: 'integer', required: true }],
      };
      expect(
        (await t.http.put('/api/v1/phone_types/Strict/').set('authorization', tenantAdmin).send(type)).status,
      ).toBe(200);
      const strict = (extra: Record<string, unknown>) =>
        t.http
          .post(BASE)
          .set('authorization', admin)
          .send({ deviceName: 'S', deviceType: 'Strict', ...extra });

      expect(
        (await strict({ macAddress: 'AABBCCDDEEFF', serialNumber: '1', level: 1 })).body.errors[0],
      ).toMatchObject({
        code: 11,
        details: { macAddress: 'expected 22:11:00:CC:BB:AA' },
      });
      expect((await strict({ level: 1 })).body.errors[0]).toMatchObject({
        code: 11,
        details: { serialNumber: 'mandatory' },
      });
      expect((await strict({ serialNumber: '1', level: 'high' })).body.errors[0]).toMatchObject({
        code: 11,
        details: { level: 'must be of type integer' },
      });
      expect((await strict({ serialNumber: '1' })).body.errors[0]).toMatchObject({
        code: 11,
        details: { level: 'mandatory' },
      });
      // Neither an attribute nor a parameter of the type: ignored, as APIO does, and never stored.
      const ok = await strict({
        serialNumber: '1',
        level: 1,
        macAddress: 'aa:bb:cc:dd:ee:01',
        colour: 'red',
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ macAddress: 'AABBCCDDEE01', level: 1 });
      expect(ok.body).not.toHaveProperty('colour');
      expect((await t.http.get(`${BASE}S/?colour=red`).set('authorization', reader)).body).not.toHaveProperty(
        'colour',
      );
      const stored = await t.app
        .get(DataSource)
        .query<{ properties: string }[]>("SELECT properties FROM access_devices WHERE device_name = 'S'");
      expect(stored[0].properties).toContain('"level":1');
      expect(stored[0].properties).not.toContain('colour');
      expect(ok.body).not.toHaveProperty('deviceActivationCode');
      expect(await rows()).toEqual([{ device_name: 'S', mac_address: 'AABBCCDDEE01' }]);
      expect([...redirect.calls, ...vendor.calls]).toEqual([]); // the type provisions nowhere
    });

    it('validates the standard attributes, in the APIO error shape', async () => {
      const response = await t.http
        .post(BASE)
        .set('authorization', admin)
        .send({ deviceType: PHONE.name, netPort: 'x', macAddress: 5 });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({
        code: 1,
        details: {
          netPort: expect.stringContaining('integer'),
          macAddress: expect.stringContaining('string'),
        },
      });
      for (const body of ['[]', '"x"', '{'])
        expect(
          (
            await t.http
              .post(BASE)
              .set('authorization', admin)
              .set('content-type', 'application/json')
              .send(body)
          ).body.errors[0].code,
        ).toBe(1);
    });

    it('serves the system-wide catalogue to every tenant, a tenant type only to its tenant', async () => {
      const system = await t.http
        .post('/api/v1/phone_types/')
        .set('authorization', ADMIN_AUTH)
        .send({ name: 'Generic SIP Phone', numberOfPorts: 1 });
      expect(system.body).toMatchObject({ name: 'Generic SIP Phone', scope: 'system' });
      const other = await tenantUser(t.http, 'globex', ['TENANT_ADMIN']);
      const seen = await t.http.get('/api/v1/phone_types/').set('authorization', other.auth);
      expect(seen.body.phone_types.map((type: { name: string }) => type.name)).toEqual(['Generic SIP Phone']);
      const mine = await t.http.get('/api/v1/phone_types/').set('authorization', reader);
      expect(
        mine.body.phone_types.map((type: { name: string; scope: string }) => `${type.name}:${type.scope}`),
      ).toEqual(['Cisco 8845:tenant', 'Generic SIP Phone:system', 'Strict:tenant']);
      expect(
        (await t.http.get('/api/v1/phone_types/Cisco%208845/').set('authorization', other.auth)).status,
      ).toBe(404);
      const strict = { deviceName: 'S', deviceType: 'Strict', serialNumber: '1', level: 2 };
      expect((await t.http.post(BASE).set('authorization', admin).send(strict)).status).toBe(200);
      const inUse = await t.http.delete('/api/v1/phone_types/Strict/').set('authorization', tenantAdmin);
      expect(inUse.body.errors[0]).toMatchObject({
        code: 5,
        message: 'phone type Strict is used by 1 access device(s)',
      });
    });

    it("lets only a system administrator write the system-wide catalogue, not the management tenant's admin", async () => {
      const managementAdmin = (await tenantUser(t.http, 'management', ['TENANT_ADMIN'])).auth;
      const catalogue = { name: 'Catalogue Phone', numberOfPorts: 1 };
      expect(
        (await t.http.post('/api/v1/phone_types/').set('authorization', ADMIN_AUTH).send(catalogue)).status,
      ).toBe(200);
      const refused = [
        await t.http
          .post('/api/v1/phone_types/')
          .set('authorization', managementAdmin)
          .send({ name: 'Rogue', numberOfPorts: 1 }),
        await t.http
          .put('/api/v1/phone_types/Catalogue%20Phone/')
          .set('authorization', managementAdmin)
          .send({ ...catalogue, numberOfPorts: 9 }),
        await t.http.delete('/api/v1/phone_types/Catalogue%20Phone/').set('authorization', managementAdmin),
      ];

      for (const response of refused) {
        expect(response.status).toBe(403);
        expect(response.body.errors).toEqual([
          {
            code: 3,
            message: 'the system-wide phone types (management tenant) require SYSTEM_ADMIN',
            sub_code: null,
            details: {},
          },
        ]);
      }
      const seen = await t.http.get('/api/v1/phone_types/').set('authorization', reader);
      const names = seen.body.phone_types.map((type: { name: string }) => type.name);
      expect(names).toContain('Catalogue Phone');
      expect(names).not.toContain('Rogue');
      const kept = await t.http.get('/api/v1/phone_types/Catalogue%20Phone/').set('authorization', reader);
      expect(kept.body).toMatchObject({ numberOfPorts: 1, scope: 'system' });
      const readable = await t.http.get('/api/v1/phone_types/').set('authorization', managementAdmin);
      expect(readable.status).toBe(200);
    });

    it('keeps tenants and roles apart, in the APIO error shape', async () => {
      const other = await tenantUser(t.http, 'globex', ['ACCESS_DEVICE_ADMIN'], 'admin2@globex.test');
      const foreign = await t.http
        .get('/api/v1/tenants/acme/groups/sales/advanced_access_devices/')
        .set('authorization', other.auth);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual({
        errors: [{ code: 4, message: 'tenant not found', sub_code: null, details: {} }],
      });
      const denied = await t.http.post(BASE).set('authorization', reader).send(device('R', '999999999902'));
      expect(denied.status).toBe(403);
      expect(denied.body.errors[0].code).toBe(3);
      const anonymous = await t.http.get(BASE);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.errors[0].code).toBe(2);
      const servers = await t.http
        .get('/api/v1/tenants/acme/provisioning_servers/')
        .set('authorization', tenantAdmin);
      expect(JSON.stringify(servers.body)).not.toContain('secret');
    });
  });

  it('provisions into the built-in server when the tenant configured none', async () => {
    const local = await tenantUser(t.http, 'solo', ['TENANT_ADMIN']);
    await t.http
      .post('/api/v1/phone_types/')
      .set('authorization', local.auth)
      .send({ ...PHONE, name: 'Local' });
    const soloBase = '/api/v1/tenants/solo/groups/g/advanced_access_devices/';

    const created = await t.http
      .post(soloBase)
      .set('authorization', local.auth)
      .send({ deviceName: 'L', deviceType: 'Local', macAddress: 'ABABABABABAB' });

    expect(created.status).toBe(200);
    const held = () =>
      t.app
        .get(DataSource)
        .query<{ server: string; mac: string }[]>(
          "SELECT server, mac FROM local_provisioning_records WHERE tenant_id = 'solo' ORDER BY server",
        );
    expect(await held()).toEqual([
      { server: 'cisco', mac: 'ABABABABABAB' },
      { server: 'redirect', mac: 'ABABABABABAB' },
    ]);
    expect((await t.http.delete(`${soloBase}L/`).set('authorization', local.auth)).status).toBe(200);
    expect(await held()).toEqual([]);
    expect([...redirect.calls, ...vendor.calls]).toEqual([]);
  });

  describe('provisioning server addresses (SSRF)', () => {
    let owner: string;
    beforeAll(async () => {
      owner = (await tenantUser(t.http, 'ssrf', ['TENANT_ADMIN'])).auth;
    });
    const configure = (http: typeof t.http, auth: string, baseUrl: string) =>
      http
        .put('/api/v1/tenants/ssrf/provisioning_servers/redirect/')
        .set('authorization', auth)
        .send({ baseUrl });

    it('never takes a link-local or cloud metadata address, even with loopback allowed', async () => {
      for (const [baseUrl, reason] of [
        [
          'http://169.254.169.254/latest/meta-data',
          '169.254.169.254 is link-local (cloud metadata), never called',
        ],
        ['http://[fd00:ec2::254]/', 'fd00:ec2::254 is cloud metadata, never called'],
        ['http://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe is link-local (cloud metadata), never called'],
        ['http://[fe80::1]:8080/', 'fe80::1 is link-local, never called'],
        [
          'http://metadata.google.internal/computeMetadata/v1',
          'metadata.google.internal is a cloud metadata service, never called',
        ],
      ]) {
        const response = await configure(t.http, owner, baseUrl);

        expect(response.status).toBe(400);
        expect(response.body).toEqual({
          errors: [{ code: 1, message: `baseUrl: ${reason}`, sub_code: null, details: { baseUrl: reason } }],
        });
      }
      const servers = await t.http
        .get('/api/v1/tenants/ssrf/provisioning_servers/')
        .set('authorization', owner);
      expect(servers.body).toEqual({ provisioning_servers: [] });
    });

    it('refuses a base URL with credentials in it, which a GET would show back (they have their own fields)', async () => {
      const response = await configure(t.http, owner, 'https://admin:hunter2@redirect.example.com/api');

      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({
        code: 1,
        message: 'baseUrl must be an http or https URL, without credentials in it',
      });
      const servers = await t.http
        .get('/api/v1/tenants/ssrf/provisioning_servers/')
        .set('authorization', owner);
      expect(JSON.stringify(servers.body)).not.toContain('hunter2');
    });

    it('takes loopback only when PROVISIONING_ALLOWED_NETWORKS names it, and checks again when it calls', async () => {
      const strict = request(
        (await t.startAnotherInstance({ PROVISIONING_ALLOWED_NETWORKS: '' })).getHttpServer(),
      );
      const byName = redirectUrl.replace('127.0.0.1', 'localhost');
      for (const [baseUrl, reason] of [
        [redirectUrl, /^127\.0\.0\.1 is loopback, not in PROVISIONING_ALLOWED_NETWORKS$/],
        [byName, /^localhost resolves to an address that is loopback, not in PROVISIONING_ALLOWED_NETWORKS$/],
        ['http://[::1]:9/', /^::1 is loopback/],
        ['http://0.0.0.0:9/', /^0\.0\.0\.0 is this host/],
        ['http://10.0.0.1/', /^10\.0\.0\.1 is private/],
        ['http://[::ffff:192.168.1.1]/', /^::ffff:c0a8:101 is private/],
      ] as const) {
        const response = await configure(strict, owner, baseUrl);

        expect(response.status).toBe(400);
        expect(response.body.errors[0]).toMatchObject({
          code: 1,
          details: { baseUrl: expect.stringMatching(reason) },
        });
      }

      // Stored while loopback was allowed (or a name that now resolves to it): refused when called.
      expect((await configure(t.http, owner, byName)).status).toBe(200);
      const type = { name: 'Guarded', redirect: true, numberOfPorts: 1 };
      expect((await t.http.post('/api/v1/phone_types/').set('authorization', owner).send(type)).status).toBe(
        200,
      );
      const base = '/api/v1/tenants/ssrf/groups/g/advanced_access_devices/';
      const phone = { deviceName: 'G', deviceType: 'Guarded', macAddress: '0A0B0C0D0E0F' };
      const refused = await strict.post(base).set('authorization', owner).send(phone);

      expect(refused.status).toBe(400);
      expect(refused.body.errors[0]).toMatchObject({
        code: 34,
        message:
          'Redirect Server did not answer: address refused: localhost resolves to an address that is loopback, not in PROVISIONING_ALLOWED_NETWORKS',
        details: { system: 'redirect', server: 'redirect', action: 'inserting' },
      });
      expect(redirect.calls).toEqual([]);
      const allowed = await t.http.post(base).set('authorization', owner).send(phone);
      expect(allowed.status).toBe(200);
      // The refused request's rollback delete is settled first (it could not reach the server from there).
      expect(redirect.calls).toEqual(['DELETE 0A0B0C0D0E0F', 'PUT 0A0B0C0D0E0F']);
      expect((await t.http.delete(`${base}G/`).set('authorization', owner)).status).toBe(200);
    });
  });
});
