import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { createTestDatabase, type TestDatabase } from './test-database';

export const LOOPBACK = '127.0.0.0/8,::1';
export const ADMIN = { email: 'admin@example.com', password: 'admin-password-123' };

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  config: AppConfig;
  /** A second instance on the same database (MySQL: proves invariants across instances). */
  startAnotherInstance(env?: Record<string, string>): Promise<NestFastifyApplication>;
  close(): Promise<void>;
}

/** What every test instance runs with, in process or as a child process: its database, a known admin, no logs. */
export function instanceEnv(database: TestDatabase): Record<string, string> {
  return {
    ...database.env,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    // The fake provisioning servers listen on loopback, which the outbound policy refuses by default.
    PROVISIONING_ALLOWED_NETWORKS: LOOPBACK,
    WEBHOOK_ALLOWED_NETWORKS: LOOPBACK, // and the webhook receivers
  };
}

/** The whole application on a fresh database, as `npm start` builds it, ready for supertest. */
export async function startTestApp(env: Record<string, string> = {}, modules: Type[] = []): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase();
  const instances: NestFastifyApplication[] = [];
  const boot = async (extra: Record<string, string> = {}) => {
    const config = loadConfig({ ...instanceEnv(database), ...env, ...extra });
    const app = await createApp(config, modules);
    await app.getHttpAdapter().getInstance().ready();
    instances.push(app);
    return { app, config };
  };
  const { app, config } = await boot();
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    startAnotherInstance: async (extra) => (await boot(extra)).app,
    /** Closes every instance, drops the database whatever happened, then reports the first close error. */
    close: async () => {
      const closed = [];
      for (const instance of instances.reverse())
        closed.push(
          await instance.close().then(
            () => undefined,
            (error: Error) => error,
          ),
        );
      await database.drop();
      const failure = closed.find((error) => error !== undefined);
      if (failure) throw failure;
    },
  };
}

export const basic = (email: string, password: string): string =>
  `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
export const ADMIN_AUTH = basic(ADMIN.email, ADMIN.password);

/** Creates a tenant and a user in it with the given roles; returns the user's Basic header and id. */
export async function tenantUser(
  http: TestAgent,
  tenantId: string,
  roles: string[],
  email = `user-${roles.join('-').toLowerCase() || 'none'}@${tenantId}.test`,
) {
  const password = 'user-password-123';
  const tenant = await http
    .post('/api/v1/tenants')
    .set('authorization', ADMIN_AUTH)
    .send({ id: tenantId, name: tenantId });
  if (tenant.status !== 201 && tenant.status !== 409)
    throw new Error(`tenant: ${tenant.status} ${tenant.text}`);
  const user = await http
    .post(`/api/v1/tenants/${tenantId}/users`)
    .set('authorization', ADMIN_AUTH)
    .send({ email, password, roles });
  if (user.status !== 201) throw new Error(`user: ${user.status} ${user.text}`);
  return { id: user.body.id as string, email, password, auth: basic(email, password) };
}
