import { csvFile, deviceAuth, uploadCsv } from './support/bulk-csv';
import { startTestApp, type TestApp, tenantUser } from './support/test-app';

describe('Cumulocity identity and inventory read API', () => {
  let t: TestApp;
  let reader: string;
  let stranger: string;
  const get = (path: string, auth = reader) => t.http.get(path).set('authorization', auth);
  const idOf = async (externalId: string) =>
    (await get(`/identity/externalIds/c8y_Serial/${externalId}`)).body.managedObject.id as string;

  beforeAll(async () => {
    t = await startTestApp();
    const admin = (await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_ADMIN'])).auth;
    reader = (await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_READ'])).auth;
    stranger = (await tenantUser(t.http, 'globex', ['ROLE_DEVICE_CONTROL_READ'])).auth;
    const rows = Array.from(
      { length: 12 },
      (_, i) => `inv-${i};pw-${i};sensor;Sensor ${i};${i % 2 ? '8901' : ''};;Site/Hall ${i % 2};`,
    );
    const res = await uploadCsv(
      t.http,
      admin,
      csvFile('ID;CREDENTIALS;TYPE;NAME;ICCID;IDTYPE;PATH;SHELL', ...rows, 'gw;pw-gw;gateway;Gateway;;;;1'),
    );
    expect(res.body.numberOfCreated).toBe(13);
  });
  afterAll(() => t.close());

  it('finds a managed object by external id', async () => {
    const res = await get('/identity/externalIds/c8y_Serial/inv-3');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      externalId: 'inv-3',
      type: 'c8y_Serial',
      self: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/identity\/externalIds\/c8y_Serial\/inv-3$/),
      managedObject: {
        id: expect.stringMatching(/^\d+$/),
        self: expect.stringMatching(/\/inventory\/managedObjects\/\d+$/),
      },
    });
    const missing = await get('/identity/externalIds/c8y_Serial/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('identity/Not Found');
  });

  it('nests groups as PATH says: Site → Hall 0|1 → devices, with assetParents back up', async () => {
    const device = await get(`/inventory/managedObjects/${await idOf('inv-1')}`);
    expect(device.body).toMatchObject({
      name: 'Sensor 1',
      type: 'sensor',
      owner: 'device_inv-1',
      c8y_IsDevice: {},
      c8y_Mobile: { iccid: '8901' },
      childAssets: { references: [] },
      assetParents: { references: [{ managedObject: { name: 'Hall 1' } }] },
    });
    const hall = await get(
      `/inventory/managedObjects/${device.body.assetParents.references[0].managedObject.id}`,
    );
    expect(hall.body).toMatchObject({ name: 'Hall 1', c8y_IsDeviceGroup: {} });
    expect(hall.body.c8y_IsDevice).toBeUndefined();
    expect(
      hall.body.childAssets.references
        .map((r: { managedObject: { name: string } }) => r.managedObject.name)
        .sort(),
    ).toEqual([1, 3, 5, 7, 9, 11].map((i) => `Sensor ${i}`).sort());
    const site = await get(
      `/inventory/managedObjects/${hall.body.assetParents.references[0].managedObject.id}`,
    );
    expect(site.body.name).toBe('Site');
    expect(site.body.assetParents.references).toEqual([]);
    expect(
      site.body.childAssets.references
        .map((r: { managedObject: { name: string } }) => r.managedObject.name)
        .sort(),
    ).toEqual(['Hall 0', 'Hall 1']);
  });

  it('pages by type and fragmentType with Cumulocity statistics and links that keep the query', async () => {
    const first = await get(
      '/inventory/managedObjects?type=sensor&pageSize=5&withTotalPages=true&withTotalElements=true',
    );
    expect(first.status).toBe(200);
    expect(first.body.managedObjects).toHaveLength(5);
    expect(first.body.statistics).toEqual({ currentPage: 1, pageSize: 5, totalPages: 3, totalElements: 12 });
    expect(first.body.prev).toBeUndefined();
    expect(first.body.next).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/inventory\/managedObjects\?type=sensor&pageSize=5&withTotalPages=true&withTotalElements=true&currentPage=2&after=\d+$/,
    );
    const follow = (link: string) => get(new URL(link).pathname + new URL(link).search);
    const second = await follow(first.body.next);
    expect(second.body.statistics).toMatchObject({ currentPage: 2, pageSize: 5 });
    const third = await follow(second.body.next);
    expect(third.body.managedObjects).toHaveLength(2);
    expect(third.body.next).toBeUndefined();
    expect(third.body.prev).toMatch(/&currentPage=2$/);
    const byNumber = await get('/inventory/managedObjects?type=sensor&pageSize=5&currentPage=3');
    const idsOf = (page: { body: { managedObjects: { id: string }[] } }) =>
      page.body.managedObjects.map((o) => o.id);
    expect(idsOf(byNumber)).toEqual(idsOf(third));
    const ids = [first, second, third].flatMap((page) =>
      page.body.managedObjects.map((object: { id: string }) => object.id),
    );
    expect(new Set(ids).size).toBe(12);
    expect(ids).toEqual([...ids].sort());
    const mobiles = await get('/inventory/managedObjects?fragmentType=c8y_Mobile&pageSize=100');
    expect(mobiles.body.managedObjects).toHaveLength(6);
    const shells = await get('/inventory/managedObjects?fragmentType=c8y_SupportedOperations&type=gateway');
    expect(shells.body.managedObjects.map((object: { name: string }) => object.name)).toEqual(['Gateway']);
    const groups = await get(
      '/inventory/managedObjects?fragmentType=c8y_IsDeviceGroup&withTotalElements=true',
    );
    expect(groups.body.statistics.totalElements).toBe(3);
    expect((await get('/inventory/managedObjects?pageSize=2001')).status).toBe(422);
  });

  it('isolates tenants: another tenant finds nothing of these', async () => {
    const id = await idOf('inv-0');
    expect((await get(`/inventory/managedObjects/${id}`, stranger)).status).toBe(404);
    expect((await get('/identity/externalIds/c8y_Serial/inv-0', stranger)).status).toBe(404);
    const list = await get('/inventory/managedObjects?withTotalElements=true', stranger);
    expect(list.body).toMatchObject({ managedObjects: [], statistics: { totalElements: 0 } });
  });

  it('lets a device read its own managed object and external id, and nothing else (403)', async () => {
    const device = deviceAuth('acme', 'inv-2', 'pw-2');
    const own = await get(`/inventory/managedObjects/${await idOf('inv-2')}`, device);
    expect(own.status).toBe(200);
    expect(own.body.owner).toBe('device_inv-2');
    expect((await get('/identity/externalIds/c8y_Serial/inv-2', device)).status).toBe(200);
    const other = await get(`/inventory/managedObjects/${await idOf('inv-4')}`, device);
    expect(other.status).toBe(403);
    expect(other.body.error).toBe('security/Forbidden');
    expect((await get('/identity/externalIds/c8y_Serial/inv-4', device)).status).toBe(403);
    expect((await get('/inventory/managedObjects', device)).status).toBe(403);
    expect(
      (await get(`/inventory/managedObjects/${await idOf('inv-2')}`, deviceAuth('acme', 'inv-2', 'wrong')))
        .status,
    ).toBe(401);
  });

  it('needs ROLE_DEVICE_CONTROL_READ', async () => {
    const nobody = (await tenantUser(t.http, 'acme', [], 'nobody@acme.test')).auth;
    const res = await get('/inventory/managedObjects', nobody);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('security/Forbidden');
  });
});
