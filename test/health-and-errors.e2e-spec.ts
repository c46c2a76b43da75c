import type { Server } from 'node:http';
import { connect } from 'node:net';
import { startTestApp, type TestApp, ADMIN_AUTH } from './support/test-app';

/** One request with a target as given (HTTP clients, supertest's too, only send paths), its raw answer. */
async function rawRequest(server: Server, target: string, headers: string[]): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.end(
      [`GET ${target} HTTP/1.1`, 'Host: gateway', 'Connection: close', ...headers, '', ''].join('\r\n'),
    );
  });
}

describe('platform: request ids, errors, health, docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => t.close());

  it('echoes the caller X-Request-ID and generates one otherwise', async () => {
    const given = await t.http.get('/health/live').set('x-request-id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const generated = await t.http.get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await t.http.get('/health/live').set('x-request-id', 'bad id with spaces');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with problem+json carrying the request id', async () => {
    const res = await t.http.get('/no/such/route').set('x-request-id', 'req-404');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /no/such/route',
      instance: '/no/such/route',
      code: 'not_found',
      requestId: 'req-404',
    });
  });

  it('answers a route with an empty path parameter as no route at all, even to the system admin', async () => {
    const res = await t.http.get('/api/v1/tenants//audit-events').set('authorization', ADMIN_AUTH);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      title: 'Not Found',
      detail: 'Cannot GET /api/v1/tenants//audit-events',
      code: 'not_found',
    });
  });

  it('rejects a body over the limit with 413 problem+json', async () => {
    const res = await t.http
      .post('/api/v1/tenants')
      .set('authorization', ADMIN_AUTH)
      .send({ id: 'big', name: 'x'.repeat(4000) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect((await t.http.get('/api/v1/tenants/big').set('authorization', ADMIN_AUTH)).status).toBe(404);
  });

  it('answers a request target that is not a path with 404, though the router would match it', async () => {
    const answer = await rawRequest(t.app.getHttpServer(), '*api/v1/tenants', [
      `Authorization: ${ADMIN_AUTH}`,
      'X-Request-ID: req-star',
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer).toMatch(/\r\nx-request-id: req-star\r\n/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 404, code: 'not_found', requestId: 'req-star' });
  });

  it('gives a request 5 minutes to arrive whole, as Node does (Fastify alone would wait for ever)', () => {
    expect(t.app.getHttpServer().requestTimeout).toBe(300_000);
  });

  it('rejects malformed JSON with 400 problem+json', async () => {
    const res = await t.http
      .post('/api/v1/tenants')
      .set('authorization', ADMIN_AUTH)
      .set('content-type', 'application/json')
      .send('{"id":');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, code: 'bad_request' });
  });

  it('parses vendor +json media types with parameters, whatever their case', async () => {
    const res = await t.http
      .post('/api/v1/tenants')
      .set('authorization', ADMIN_AUTH)
      .set('content-type', 'Application/VND.com.nsn.cumulocity.newDeviceRequest+JSON;ver=0.9')
      .send(JSON.stringify({ id: 'vendor-json', name: 'Vendor' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 'vendor-json', name: 'Vendor' });
  });

  it('reports liveness and readiness with the database status', async () => {
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    expect(live.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    expect(live.headers['content-type']).toBe('application/json; charset=utf-8');
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('answers liveness outside Nest as it did inside: HEAD, trailing slash, and documented', async () => {
    const head = await t.http.head('/health/live');
    expect(head.status).toBe(200);
    expect(head.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.http.get('/health/live/')).body).toEqual({
      status: 'ok',
      info: {},
      error: {},
      details: {},
    });
    const post = await t.http.post('/health/live');
    expect(post.status).toBe(404);
    expect(post.headers['content-type']).toMatch(/^application\/problem\+json/);
    const doc = await t.http.get('/docs-json');
    expect(doc.body.paths['/health/live'].get).toMatchObject({
      operationId: 'healthLive',
      tags: ['Platform: health'],
      security: [],
    });
  });

  it('serves Swagger UI and the OpenAPI document with both security schemes', async () => {
    const ui = await t.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = await t.http.get('/docs-json');
    expect(doc.body.components.securitySchemes).toEqual({
      basic: expect.objectContaining({ type: 'http', scheme: 'basic' }),
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    });
    expect(doc.body.paths['/api/v1/tenants'].post.operationId).toBe('createTenant');
    expect(
      doc.body.paths['/api/v1/tenants'].post.responses['400'].content['application/problem+json'].schema,
    ).toEqual({
      $ref: '#/components/schemas/ProblemDetails',
    });
  });
});
