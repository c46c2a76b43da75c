import { DataSource } from 'typeorm';
import { gate, resetRemotes, SagaFixtureModule } from './support/saga.fixture';
import { ADMIN_AUTH, startTestApp, type TestApp } from './support/test-app';

describe('graceful shutdown (what SIGTERM triggers)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, [SagaFixtureModule]);
    resetRemotes();
  });

  it('lets an in-flight request finish and commit, then closes the database', async () => {
    const reached = new Promise<void>((resolve) => (gate.reached = resolve));
    const inFlight = t.http
      .post('/test/saga')
      .set('authorization', ADMIN_AUTH)
      .send({ tenantId: 'in-flight', failAt: 'hang' })
      .then((res) => res);
    await reached;
    const closing = t.app.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(t.app.get(DataSource).isInitialized).toBe(true); // still serving the in-flight request
    gate.release?.();
    expect((await inFlight).status).toBe(201);
    await closing;
    expect(t.app.get(DataSource).isInitialized).toBe(false);
  });

  afterAll(() => t.close()); // closing again is harmless; it drops the test database
});
