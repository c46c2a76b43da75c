import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { CompensationEntity } from '../src/core/transaction/journal/compensation.entity';
import { JOURNAL_DATA_SOURCE } from '../src/core/transaction/tokens';
import { ADMIN_AUTH, startTestApp, type TestApp, tenantUser } from './support/test-app';

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The value of one series in a Prometheus text exposition, undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics: Prometheus /metrics, for a SYSTEM_ADMIN or on METRICS_PORT', () => {
  let t: TestApp;
  let metricsPort: number;
  const scrape = async () => {
    const res = await t.http.get('/metrics').set('authorization', ADMIN_AUTH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  beforeAll(async () => {
    metricsPort = await freePort();
    // The reconciler stays out of the way: the pending undo below keeps waiting.
    t = await startTestApp({ METRICS_PORT: String(metricsPort), RECONCILER_INTERVAL_MS: '3600000' });
  });
  afterAll(() => t.close());

  it('refuses callers without credentials (401) and callers who are not SYSTEM_ADMIN (403)', async () => {
    expect((await t.http.get('/metrics')).status).toBe(401);
    const user = await tenantUser(t.http, 'metrics-tenant', ['TENANT_ADMIN']);
    const forbidden = await t.http.get('/metrics').set('authorization', user.auth);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'forbidden' });
  });

  it('counts requests by route template, method and status, with latency buckets', async () => {
    const before = await scrape();
    const live = 'http_request_duration_seconds_count{method="GET",route="/health/live",status_code="200"}';
    const tenant =
      'http_request_duration_seconds_count{method="GET",route="/api/v1/tenants/:tenantId",status_code="200"}';
    const missing = 'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}';
    for (let i = 0; i < 3; i += 1) expect((await t.http.get('/health/live')).status).toBe(200);
    for (const id of ['metrics-tenant', 'management'])
      expect((await t.http.get(`/api/v1/tenants/${id}`).set('authorization', ADMIN_AUTH)).status).toBe(200);
    expect((await t.http.get('/no/such/route')).status).toBe(404);

    const after = await scrape();
    expect((sample(after, live) ?? 0) - (sample(before, live) ?? 0)).toBe(3);
    expect((sample(after, tenant) ?? 0) - (sample(before, tenant) ?? 0)).toBe(2); // one series, two tenants
    expect((sample(after, missing) ?? 0) - (sample(before, missing) ?? 0)).toBe(1);
    expect(
      sample(
        after,
        'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/health/live",status_code="200"}',
      ),
    ).toBe(sample(after, live));
    expect(after).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('reports the database pools, the compensation backlog and the reconciler lag, and process metrics', async () => {
    const journal = t.app.get<DataSource>(JOURNAL_DATA_SOURCE);
    const due = new Date(Date.now() - 90_000);
    await journal.getRepository(CompensationEntity).insert({
      scopeId: '00000000-0000-4000-8000-000000000001',
      tenantId: null,
      requestId: 'metrics-test',
      kind: 'metrics.test',
      key: null,
      payload: {},
      status: 'pending',
      attempts: 1,
      lastError: 'remote down',
      nextAttemptAt: due,
      lockedUntil: null,
      createdAt: due,
      updatedAt: due,
    });
    const text = await scrape();
    for (const pool of ['main', 'journal']) {
      expect(sample(text, `db_pool_connections_in_use{pool="${pool}"}`)).toBeGreaterThanOrEqual(0);
      expect(sample(text, `db_pool_requests_waiting{pool="${pool}"}`)).toBe(0);
      expect(sample(text, `db_pool_connections_max{pool="${pool}"}`)).toBeGreaterThanOrEqual(1);
    }
    expect(sample(text, 'compensations_open{status="pending"}')).toBe(1);
    expect(sample(text, 'compensations_open{status="armed"}')).toBe(0);
    expect(sample(text, 'compensation_reconciler_lag_seconds')).toBeGreaterThanOrEqual(90);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(t.app.get(DataSource).isInitialized).toBe(true);
  });

  it('serves the same metrics on METRICS_PORT without credentials, and nothing else there', async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/metrics",status_code="200"}',
    );
    expect(sample(text, 'compensations_open{status="pending"}')).toBe(1);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/health/live`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
