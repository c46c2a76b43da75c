import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { BULK, csvFile, deviceAuth, uploadCsv } from './support/bulk-csv';

const HEADER = 'ID;CREDENTIALS;TYPE;NAME;ICCID;IDTYPE;PATH;SHELL';

describe('Cumulocity bulk CSV import', () => {
  let t: TestApp;
  let admin: string;
  let reader: string;
  const upload = (file: Buffer, query = '', auth = admin) => uploadCsv(t.http, auth, file, query);
  const externalId = (id: string, type = 'c8y_Serial', auth = reader) =>
    t.http.get(`/identity/externalIds/${type}/${encodeURIComponent(id)}`).set('authorization', auth);
  const managedObject = async (id: string, type = 'c8y_Serial') => {
    const ext = await externalId(id, type);
    expect(ext.status).toBe(200);
    return (
      await t.http.get(`/inventory/managedObjects/${ext.body.managedObject.id}`).set('authorization', reader)
    ).body;
  };
  const groupsNamed = async (name: string) => {
    const res = await t.http
      .get('/inventory/managedObjects?fragmentType=c8y_IsDeviceGroup&pageSize=2000')
      .set('authorization', reader);
    return (res.body.managedObjects as { id: string; name: string }[]).filter((group) => group.name === name);
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_ADMIN'])).auth;
    reader = (await tenantUser(t.http, 'acme', ['ROLE_DEVICE_CONTROL_READ'])).auth;
    await tenantUser(t.http, 'globex', ['ROLE_DEVICE_CONTROL_READ']);
  });
  afterAll(() => t.close());

  it('imports the spec example: devices, IDTYPE, groups from PATH, SIM and shell fragments', async () => {
    const res = await upload(
      csvFile(
        HEADER,
        'id_101;abcd1234;type_of_device;Device 101;111111111;;csv device/subgroup0;1',
        'id_102;abcd1234;type_of_device;Device 102;222222222;;csv device/subgroup0;0',
        'id_111;abcd1234;type_of_device;Device 111;333333333;c8y_Imei;csv device1/subgroup1;0',
        'id_122;abcd1234;type_of_device;Device 122;;;csv device1/subgroup2;',
      ),
    );
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      numberOfAll: 4,
      numberOfCreated: 4,
      numberOfFailed: 0,
      numberOfSuccessful: 4,
      credentialUpdatedList: [],
      failedCreationList: [],
    });
    expect(await managedObject('id_101')).toMatchObject({
      name: 'Device 101',
      type: 'type_of_device',
      owner: 'device_id_101',
      c8y_IsDevice: {},
      c8y_Mobile: { iccid: '111111111' },
      c8y_SupportedOperations: ['c8y_Command'],
      assetParents: { references: [{ managedObject: { name: 'subgroup0' } }] },
    });
    const plain = await managedObject('id_102');
    expect(plain.c8y_SupportedOperations).toBeUndefined();
    expect(plain.c8y_Mobile).toEqual({ iccid: '222222222' });
    expect((await externalId('id_111')).status).toBe(404);
    expect(await managedObject('id_111', 'c8y_Imei')).toMatchObject({ name: 'Device 111' });
    expect((await managedObject('id_122')).c8y_Mobile).toBeUndefined();
    expect(await groupsNamed('subgroup0')).toHaveLength(1);
  });

  it('answers the vendor media type when asked, and an empty body without Accept (status unchanged)', async () => {
    const vendor = await t.http
      .post(BULK)
      .set('authorization', admin)
      .set('accept', 'application/vnd.com.nsn.cumulocity.bulkNewDeviceRequest+json')
      .attach('file', csvFile('ID,CREDENTIALS', 'mt-1,pw-1'), 'devices.csv');
    expect(vendor.status).toBe(201);
    expect(vendor.headers['content-type']).toMatch(
      /^application\/vnd\.com\.nsn\.cumulocity\.bulkNewDeviceRequest\+json/,
    );
    expect(vendor.body.numberOfCreated).toBe(1);
    const silent = await t.http
      .post(BULK)
      .set('authorization', admin)
      .attach('file', csvFile('ID,CREDENTIALS', 'mt-2,pw-2'), 'devices.csv');
    expect(silent.status).toBe(201);
    expect(silent.text).toBe('');
    expect((await externalId('mt-2')).status).toBe(200);
  });

  it('detects tab and comma separators and reads headers in any case, ignoring unknown columns', async () => {
    const tab = await upload(csvFile('id\tCredentials\tcolour', 'tab-1\tpw\tred'));
    const comma = await upload(csvFile('Id,credentials,Type,Name', 'comma-1,pw,t,Comma 1'));
    expect([tab.body.numberOfCreated, comma.body.numberOfCreated]).toEqual([1, 1]);
    expect(await managedObject('comma-1')).toMatchObject({ name: 'Comma 1', type: 't' });
  });

  it('reports each failing line (CREDENTIALS masked) and imports the others', async () => {
    const res = await upload(
      csvFile(
        HEADER,
        'ok-1;secret-1;t;Ok 1;;;;',
        ';secret-2;t;No id;;;;',
        'no-pw;;t;No password;;;;',
        'sim-only;secret-3;;;999;;;',
        'shell-only;secret-4;t;;;;;1',
        'bad-path;secret-5;t;Bad path;;;a//b;',
        'short;secret-6',
        'ok-2;secret-7;t;Ok 2;;;;',
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      numberOfAll: 8,
      numberOfCreated: 2,
      numberOfFailed: 6,
      numberOfSuccessful: 2,
      credentialUpdatedList: [],
      failedCreationList: [
        { bulkNewDeviceStatus: 'FAILED', failureReason: 'ID is empty', line: ';***;t;No id;;;;' },
        {
          bulkNewDeviceStatus: 'FAILED',
          deviceId: 'no-pw',
          failureReason: 'CREDENTIALS is empty',
          line: 'no-pw;***;t;No password;;;;',
        },
        {
          bulkNewDeviceStatus: 'FAILED',
          deviceId: 'sim-only',
          failureReason: 'ICCID need TYPE and NAME in the same row',
          line: 'sim-only;***;;;999;;;',
        },
        {
          bulkNewDeviceStatus: 'FAILED',
          deviceId: 'shell-only',
          failureReason: 'SHELL need TYPE and NAME in the same row',
          line: 'shell-only;***;t;;;;;1',
        },
        {
          bulkNewDeviceStatus: 'FAILED',
          deviceId: 'bad-path',
          failureReason: 'PATH has an empty group name',
          line: 'bad-path;***;t;Bad path;;;a//b;',
        },
        {
          bulkNewDeviceStatus: 'FAILED',
          deviceId: 'short',
          failureReason: 'The row has 2 values where the header has 8',
          line: 'short;***',
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect((await externalId('ok-2')).status).toBe(200);
    expect((await externalId('sim-only')).status).toBe(404);
  });

  it('refuses a file whose header breaks the spec before writing anything (422, Cumulocity error shape)', async () => {
    const noCredentials = await upload(csvFile('ID;TYPE', 'h-1;t'));
    expect(noCredentials.status).toBe(422);
    expect(noCredentials.body).toEqual({
      error: 'devicecontrol/Invalid Data',
      message: 'line 1: The header lacks the required column(s) CREDENTIALS',
      info: expect.any(String),
    });
    const pathWithoutName = await upload(csvFile('ID;CREDENTIALS;TYPE;PATH', 'h-2;pw;t;a'));
    expect(pathWithoutName.body.message).toBe(
      'line 1: Columns PATH need the columns TYPE and NAME in the file',
    );
    const empty = await upload(Buffer.from(''));
    expect(empty.status).toBe(422);
    expect((await externalId('h-2')).status).toBe(404);
  });

  it('updates the credentials of an existing id (CREDENTIAL_UPDATED), the same id twice in a file too', async () => {
    await upload(csvFile('ID,CREDENTIALS', 'cred-1,first-password'));
    const res = await upload(csvFile('ID,CREDENTIALS', 'cred-1,second-password', 'cred-2,a', 'cred-2,b'));
    expect(res.body).toEqual({
      numberOfAll: 3,
      numberOfCreated: 1,
      numberOfFailed: 0,
      numberOfSuccessful: 3,
      credentialUpdatedList: [
        { bulkNewDeviceStatus: 'CREDENTIAL_UPDATED', deviceId: 'cred-1' },
        { bulkNewDeviceStatus: 'CREDENTIAL_UPDATED', deviceId: 'cred-2' },
      ],
      failedCreationList: [],
    });
    const id = (await externalId('cred-1')).body.managedObject.id;
    const as = (password: string) =>
      t.http
        .get(`/inventory/managedObjects/${id}`)
        .set('authorization', deviceAuth('acme', 'cred-1', password));
    expect((await as('second-password')).status).toBe(200);
    expect((await as('first-password')).status).toBe(401);
  });

  it('each imported device authenticates as device_<ID> with its CREDENTIALS (Basic)', async () => {
    await upload(csvFile('ID;CREDENTIALS', 'basic-1;pw-basic-1'));
    const id = (await externalId('basic-1')).body.managedObject.id;
    const res = await t.http
      .get(`/inventory/managedObjects/${id}`)
      .set('authorization', deviceAuth('acme', 'basic-1', 'pw-basic-1'));
    expect(res.status).toBe(200);
    expect(res.body.owner).toBe('device_basic-1');
  });

  it('ignores TENANT outside the management tenant', async () => {
    const res = await upload(csvFile('ID;CREDENTIALS;TENANT', 'tenant-col;pw;globex'));
    expect(res.body.numberOfCreated).toBe(1);
    expect((await externalId('tenant-col')).status).toBe(200);
  });

  it('in the management tenant requires TENANT and registers each line in its tenant', async () => {
    const missing = await upload(csvFile('ID;CREDENTIALS', 'm-0;pw'), '', ADMIN_AUTH);
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe('line 1: The header lacks the required column(s) TENANT');
    const res = await upload(
      csvFile('ID;CREDENTIALS;TENANT', 'm-1;pw;globex', 'm-2;pw;nowhere', 'm-3;pw;'),
      '',
      ADMIN_AUTH,
    );
    expect(res.body).toMatchObject({
      numberOfCreated: 1,
      failedCreationList: [
        { deviceId: 'm-2', failureReason: 'Tenant nowhere does not exist', line: 'm-2;***;nowhere' },
        { deviceId: 'm-3', failureReason: 'TENANT is empty (required in the management tenant)' },
      ],
    });
    const globexReader = (await tenantUser(t.http, 'globex', ['ROLE_DEVICE_CONTROL_READ'], 'r2@globex.test'))
      .auth;
    expect((await externalId('m-1', 'c8y_Serial', globexReader)).status).toBe(200);
    expect((await externalId('m-1')).status).toBe(404);
  });

  it('creates a path of groups once, nested, also when two imports create it at once', async () => {
    const file = (prefix: string) =>
      csvFile(
        'ID;CREDENTIALS;TYPE;NAME;PATH',
        ...Array.from({ length: 5 }, (_, i) => `${prefix}-${i};pw;t;n;Fleet/North/Depot 7`),
      );
    const [first, second] = await Promise.all([upload(file('conc-a')), upload(file('conc-b'))]);
    expect([first.body.numberOfCreated, second.body.numberOfCreated]).toEqual([5, 5]);
    const again = await upload(file('conc-c'));
    expect(again.body.numberOfCreated).toBe(5);
    for (const name of ['Fleet', 'North', 'Depot 7']) expect(await groupsNamed(name)).toHaveLength(1);
    const [depot] = await groupsNamed('Depot 7');
    const leaf = await t.http.get(`/inventory/managedObjects/${depot.id}`).set('authorization', reader);
    expect(leaf.body.childAssets.references).toHaveLength(15);
    expect(leaf.body.assetParents.references).toEqual([
      { managedObject: expect.objectContaining({ name: 'North' }) },
    ]);
  });

  it('dryRun=true answers the same report and writes nothing', async () => {
    await upload(csvFile('ID;CREDENTIALS', 'dry-existing;pw'));
    const file = csvFile(
      'ID;CREDENTIALS;TYPE;NAME;PATH',
      'dry-new;pw;t;n;Dry group',
      'dry-existing;pw2;t;n;',
      ';pw;t;n;',
    );
    const dry = await upload(file, '?dryRun=true');
    expect(dry.status).toBe(201);
    expect(dry.body).toEqual({
      numberOfAll: 3,
      numberOfCreated: 1,
      numberOfFailed: 1,
      numberOfSuccessful: 2,
      credentialUpdatedList: [{ bulkNewDeviceStatus: 'CREDENTIAL_UPDATED', deviceId: 'dry-existing' }],
      failedCreationList: [
        { bulkNewDeviceStatus: 'FAILED', failureReason: 'ID is empty', line: ';***;t;n;' },
      ],
    });
    expect((await externalId('dry-new')).status).toBe(404);
    expect(await groupsNamed('Dry group')).toHaveLength(0);
    expect((await upload(file)).body).toEqual(dry.body); // the real run answers what the dry run said
  });

  it('mode=all-or-nothing writes nothing when a line fails, everything when none does', async () => {
    const failing = await upload(
      csvFile('ID;CREDENTIALS;TYPE;NAME;PATH', 'aon-1;pw;t;n;AON group', 'aon-2;'),
      '?mode=all-or-nothing',
    );
    expect(failing.status).toBe(422);
    expect(failing.body).toMatchObject({
      error: 'devicecontrol/Invalid Data',
      message: 'mode=all-or-nothing: 1 of 2 lines failed, nothing was written',
    });
    expect((await externalId('aon-1')).status).toBe(404);
    expect(await groupsNamed('AON group')).toHaveLength(0);
    const passing = await upload(csvFile('ID;CREDENTIALS', 'aon-3;pw', 'aon-4;pw'), '?mode=all-or-nothing');
    expect(passing.body).toMatchObject({ numberOfCreated: 2, numberOfFailed: 0 });
  });

  it('stops at the line and field caps, naming the limit and the line (422)', async () => {
    const longLine = await upload(
      csvFile('ID;CREDENTIALS;NAME', 'cap-1;pw;x', `cap-2;pw;${'n;'.repeat(9000)}`),
    );
    expect(longLine.status).toBe(422);
    expect(longLine.body.message).toBe('MAX_LINE_BYTES (16384 bytes) exceeded at line 3');
    const longField = await upload(csvFile('ID;CREDENTIALS', `cap-3;${'p'.repeat(5000)}`));
    expect(longField.body.message).toBe('MAX_FIELD_BYTES (4096 bytes) exceeded at line 2');
    const unterminated = await upload(
      csvFile('ID;CREDENTIALS', 'cap-4;"never closed', ...Array(5000).fill('x;y')),
    );
    expect(unterminated.status).toBe(422);
    expect(unterminated.body.message).toMatch(/^MAX_(LINE|FIELD)_BYTES \(\d+ bytes\) exceeded at line 2$/);
  });

  it('stops an upload over UPLOAD_LIMIT_BYTES with a 413 naming the line', async () => {
    const small = await t.startAnotherInstance({ UPLOAD_LIMIT_BYTES: '2000' });
    const res = await uploadCsv(
      (await import('supertest')).default(small.getHttpServer()),
      admin,
      csvFile('ID;CREDENTIALS', ...Array.from({ length: 300 }, (_, i) => `big-${i};pw`)),
    );
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      message: expect.stringMatching(/^UPLOAD_LIMIT_BYTES \(2000 bytes\) exceeded at line \d+$/),
    });
  });

  /** A multipart body written out by hand: a form field, then the file part, closed or not. */
  const multipart = (file: string, closed = true) =>
    [
      '--b0undary',
      'Content-Disposition: form-data; name="note"',
      '',
      'fields beside the file are ignored',
      '--b0undary',
      'Content-Disposition: form-data; name="file"; filename="devices.csv"',
      'Content-Type: text/csv',
      '',
      file,
      closed ? '--b0undary--\r\n' : '',
    ].join('\r\n');
  const sendMultipart = (body: string, query = '') =>
    t.http
      .post(`${BULK}${query}`)
      .set('authorization', admin)
      .set('accept', 'application/json')
      .set('content-type', 'multipart/form-data; boundary=b0undary')
      .send(body);

  it('reads the file part after other form fields; a body without its closing boundary writes nothing (422)', async () => {
    const whole = await sendMultipart(multipart('ID;CREDENTIALS\nform-1;pw\nform-2;pw'));
    expect(whole.status).toBe(201);
    expect(whole.body).toMatchObject({ numberOfCreated: 2, numberOfFailed: 0 });
    const unclosed = await sendMultipart(
      multipart('ID;CREDENTIALS\nform-3;pw\nform-4;pw', false),
      '?mode=all-or-nothing',
    );
    expect(unclosed.status).toBe(422);
    expect(unclosed.body).toMatchObject({
      error: 'devicecontrol/Invalid Data',
      message: 'The upload is not a whole multipart/form-data body: Unexpected end of multipart data',
    });
    expect((await externalId('form-3')).status).toBe(404);
  });

  it('fails the import of an upload whose connection closes mid-file, writing nothing of it', async () => {
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const file = 'ID;CREDENTIALS\ncut-1;pw\ncut-2;pw\ncut-3;pw';
    const body = Buffer.from(multipart(file));
    const cut = httpRequest({
      port,
      method: 'POST',
      path: `${BULK}?mode=all-or-nothing`,
      headers: {
        authorization: admin,
        'content-type': 'multipart/form-data; boundary=b0undary',
        'content-length': body.length,
      },
    });
    cut.on('error', () => undefined); // the client's own side of the cut
    cut.write(body.subarray(0, body.indexOf('cut-2')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    cut.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await externalId('cut-1')).status).toBe(404);
    const whole = await sendMultipart(multipart(file), '?mode=all-or-nothing');
    expect(whole.body).toMatchObject({ numberOfCreated: 3, numberOfFailed: 0, credentialUpdatedList: [] });
  });

  it('wants multipart with a part named file, and ROLE_DEVICE_CONTROL_ADMIN', async () => {
    const json = await t.http
      .post(BULK)
      .set('authorization', admin)
      .set('accept', 'application/json')
      .send({ id: 1 });
    expect(json.status).toBe(422);
    expect(json.body.message).toBe("Send the CSV file as multipart/form-data, in a part named 'file'");
    const wrongPart = await t.http
      .post(BULK)
      .set('authorization', admin)
      .set('accept', 'application/json')
      .attach('upload', csvFile('ID;CREDENTIALS', 'x;y'), 'devices.csv');
    expect(wrongPart.status).toBe(422);
    const forbidden = await upload(csvFile('ID;CREDENTIALS', 'x;y'), '', reader);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toBe('security/Forbidden');
  });
});
