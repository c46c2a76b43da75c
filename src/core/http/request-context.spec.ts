import Fastify, { type FastifyInstance } from 'fastify';
import { ClsServiceManager } from 'nestjs-cls';
import request from 'supertest';
import { ErrorShapes } from './error-shapes';
import { registerRequestContext } from './request-context';

describe('registerRequestContext', () => {
  const cls = ClsServiceManager.getClsService();
  const seen = () => ({ active: cls.isActive(), id: cls.isActive() ? cls.getId() : null });
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify({ genReqId: () => 'req-given' });
    registerRequestContext(fastify, cls, new ErrorShapes());
    fastify.get('/inside', () => seen());
    fastify.get('/outside', { config: { requestContext: false } }, () => seen());
    await fastify.ready();
  });
  afterAll(() => fastify.close());

  it('serves a route in a context that holds the request id, and echoes the id', async () => {
    const response = await request(fastify.server).get('/inside');
    expect(response.body).toEqual({ active: true, id: 'req-given' });
    expect(response.headers['x-request-id']).toBe('req-given');
  });

  it('serves a route configured with requestContext: false outside one, still echoing the id', async () => {
    const response = await request(fastify.server).get('/outside');
    expect(response.body).toEqual({ active: false, id: null });
    expect(response.headers['x-request-id']).toBe('req-given');
  });

  it('leaves no context behind: a request outside after one inside still finds none', async () => {
    await request(fastify.server).get('/inside');
    const response = await request(fastify.server).get('/outside');
    expect(response.body).toEqual({ active: false, id: null });
  });
});
