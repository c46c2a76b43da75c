import { DataSource } from 'typeorm';
import { CompensationReconciler } from '../src/core/transaction/compensation-reconciler';
import { deskPhoneType } from './support/desk-phone-type';
import { FakeProvisioningServer } from './support/fake-provisioning-server';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';
import { FAST_WEBHOOKS, type ReceivedEvent, WebhookReceiver } from './support/webhook-receiver';

const MANUAL_RECONCILER = { RECONCILER_INTERVAL_MS: '3600000' };
const BASE = '/api/v1/tenants/acme/groups/g/advanced_access_devices/';
const MAC = '0A0B0C0D0E0F';
const ROLLED_BACK = 'apio.access-device.rolled-back';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * "Access device rolled back" events of undos that a later request runs while ordering its own work
 * on the MAC: the event rides in that request's transaction, so when it rolls back the undo runs
 * again, and every undo yields its event once (one `webhook-id` per undo).
 */
describe('APIO rolled-back events when a later request settles an earlier undo', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let admin: string;
  const receiver = new WebhookReceiver();
  const redirect = new FakeProvisioningServer();
  const vendor = new FakeProvisioningServer();

  const create = (name: string, macAddress = MAC) =>
    t.http.post(BASE).set('authorization', admin).send({ deviceName: name, deviceType: 'Desk', macAddress });
  /** Fails with the vendor's record stored and its undo left pending: an earlier request's open undo. */
  const failLeavingVendorRecord = async () => {
    vendor.fail('PUT', 'timeout'); // stored, answered too late: the request fails
    vendor.fail('DELETE', 'status500'); // and its rollback of the vendor record fails
    expect((await create('first')).status).toBe(400);
    return vendor.records.get(MAC)!.provisioningId;
  };
  const openUndos = async () => {
    const rows: unknown[] = [];
    for (const status of ['armed', 'committing', 'pending'])
      rows.push(
        ...(
          await t.http
            .get(`/api/v1/compensations?status=${status}&per_page=500`)
            .set('authorization', ADMIN_AUTH)
        ).body,
      );
    return rows;
  };
  /** Every rolled-back event after the mark, once `count` arrived and a little longer for strays. */
  const rolledBackAfter = async (mark: number, count: number): Promise<ReceivedEvent[]> => {
    const deadline = Date.now() + 15_000;
    const arrived = () => receiver.events.slice(mark).filter((event) => event.type === ROLLED_BACK);
    while (arrived().length < count && Date.now() < deadline) await sleep(50);
    await sleep(600);
    return arrived();
  };
  const provisioningIds = (events: ReceivedEvent[]) => events.map((event) => event.data.provisioningId);

  beforeAll(async () => {
    const [url, redirectUrl, vendorUrl] = await Promise.all([
      receiver.start(),
      redirect.start(),
      vendor.start(),
    ]);
    t = await startTestApp({ ...FAST_WEBHOOKS, ...MANUAL_RECONCILER });
    const tenantAdmin = (await tenantUser(t.http, 'acme', ['TENANT_ADMIN'])).auth;
    admin = (await tenantUser(t.http, 'acme', ['ACCESS_DEVICE_ADMIN'])).auth;
    const endpoint = await t.http
      .post('/api/v1/tenants/acme/webhooks')
      .set('authorization', tenantAdmin)
      .send({ url, eventTypes: [ROLLED_BACK] })
      .expect(201);
    receiver.secret = endpoint.body.secret as string;
    await deskPhoneType(t.http, 'acme', tenantAdmin, { redirect: redirectUrl, vendor: vendorUrl }, 300);
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([receiver.stop(), redirect.stop(), vendor.stop()]);
  });
  beforeEach(async () => {
    for (const name of ['first', 'second', 'holder'])
      await t.http.delete(`${BASE}${name}/`).set('authorization', admin);
    redirect.reset();
    vendor.reset();
    redirect.hangMs = vendor.hangMs = 400;
  });

  it('the later request rolls back after deleting the record: the earlier undo’s event is still sent, once', async () => {
    const mark = receiver.events.length;
    const earlier = await failLeavingVendorRecord();
    vendor.fail('PUT', 'status500'); // the later request settles the undo, then fails itself

    const later = await create('second');
    expect(later.status).toBe(400);
    expect(later.body.errors[0]).toMatchObject({ code: 31, details: { action: 'inserting' } });
    expect(vendor.records.has(MAC)).toBe(false);
    expect(redirect.records.has(MAC)).toBe(false);

    // The earlier request's redirect and vendor undos, the later request's two.
    const events = await rolledBackAfter(mark, 4);
    expect(new Set(provisioningIds(events)).size).toBe(4);
    const [settled] = events.filter((event) => event.data.provisioningId === earlier);
    expect(settled).toMatchObject({
      id: `msg_${earlier}`,
      data: { macAddress: MAC, server: 'acme-vendor', provisioningId: earlier },
    });
    expect(await openUndos()).toEqual([]);
  });

  it('the later request commits: the earlier undo’s event commits with it, once', async () => {
    const mark = receiver.events.length;
    const earlier = await failLeavingVendorRecord();

    expect((await create('second')).status).toBe(200);

    const events = await rolledBackAfter(mark, 2); // the earlier request's redirect and vendor undos
    expect(events).toHaveLength(2);
    expect(provisioningIds(events)).toContain(earlier);
    expect(vendor.records.get(MAC)?.document.deviceName).toBe('second');
    await t.app.get(CompensationReconciler).tick(); // finds nothing left to run again
    await sleep(600);
    expect(receiver.events.slice(mark).filter((event) => event.type === ROLLED_BACK)).toHaveLength(2);
    expect(await openUndos()).toEqual([]);
  });

  it('an undo skipped because a device relies on the record sends no event', async () => {
    expect((await create('holder', '0A0B0C0D0E99')).status).toBe(200);
    const mark = receiver.events.length;
    const earlier = await failLeavingVendorRecord();
    const [redirectUndo] = await rolledBackAfter(mark, 1);
    expect(redirectUndo.data).toMatchObject({ server: 'redirect' });
    // A device holds the MAC now (as after a crash the undo outlived): the record is its.
    await t.app
      .get(DataSource)
      .query(
        "UPDATE access_devices SET mac_address = ? WHERE tenant_id = 'acme' AND device_name = 'holder'",
        [MAC],
      );

    await sleep(1100); // past the pending undo's first backoff
    await t.app.get(CompensationReconciler).tick();

    expect(vendor.records.get(MAC)?.provisioningId).toBe(earlier);
    expect(await openUndos()).toEqual([]);
    await sleep(600);
    expect(
      provisioningIds(receiver.events.slice(mark).filter((event) => event.type === ROLLED_BACK)),
    ).toEqual([redirectUndo.data.provisioningId]);
  });
});
