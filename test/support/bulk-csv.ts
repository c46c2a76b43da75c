import type TestAgent from 'supertest/lib/agent';
import { basic } from './test-app';

export const BULK = '/devicecontrol/bulkNewDeviceRequests';

/** A CSV file from its lines. */
export const csvFile = (...lines: string[]): Buffer => Buffer.from(`${lines.join('\n')}\n`);

/** POSTs the file as Cumulocity clients do: multipart part `file`, Accept set (else the body is empty). */
export const uploadCsv = (http: TestAgent, auth: string, file: Buffer, query = '') =>
  http
    .post(`${BULK}${query}`)
    .set('authorization', auth)
    .set('accept', 'application/json')
    .attach('file', file, 'devices.csv');

/** Basic as a device user: `tenantId/device_<id>:password`. */
export const deviceAuth = (tenantId: string, deviceId: string, password: string): string =>
  basic(`${tenantId}/device_${deviceId}`, password);

/** Polls a background import until it is no longer RUNNING (bounded: 60 s). */
export async function settledJob(
  http: TestAgent,
  auth: string,
  id: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await http.get(`${BULK}/jobs/${id}`).set('authorization', auth);
    if (res.body.state !== 'RUNNING' || Date.now() > deadline) return res.body as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
