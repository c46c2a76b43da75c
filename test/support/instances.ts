import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { JOURNAL_DATA_SOURCE } from '../../src/core/transaction/tokens';
import { ADMIN } from './test-app';

export interface Started {
  apps: NestFastifyApplication[];
  /** The start-up errors of the instances that did not come up. */
  failures: Error[];
}

/** Starts one instance per environment, all at the same moment, as a deployment rolling out does. */
export async function startTogether(envs: Record<string, string>[]): Promise<Started> {
  const outcomes = await Promise.allSettled(
    envs.map(async (env) => {
      const app = await createApp(
        loadConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'silent', ...env }),
      );
      await app.getHttpAdapter().getInstance().ready();
      return app;
    }),
  );
  return {
    apps: outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])),
    failures: outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : [])),
  };
}

/** How many times each migration is recorded, in the main and the journal migrations tables. */
export async function recordedMigrations(app: NestFastifyApplication) {
  const count = async (dataSource: DataSource, table: string) => {
    const rows: { name: string; times: number | string }[] = await dataSource.query(
      `SELECT name, COUNT(*) AS times FROM ${table} GROUP BY name ORDER BY name`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, Number(row.times)]));
  };
  const main = app.get(DataSource);
  return {
    main: await count(main, main.options.migrationsTableName ?? 'migrations'),
    journal: await count(app.get<DataSource>(JOURNAL_DATA_SOURCE), 'journal_migrations'),
  };
}

/** Every migration file, each recorded once: what a correct start-up leaves behind. */
export function eachMigrationOnce(app: NestFastifyApplication) {
  const once = (dataSource: DataSource) =>
    Object.fromEntries(
      dataSource.migrations.map((migration) => [migration.name ?? migration.constructor.name, 1]),
    );
  return { main: once(app.get(DataSource)), journal: once(app.get<DataSource>(JOURNAL_DATA_SOURCE)) };
}

export const closeAll = async (apps: NestFastifyApplication[]) => {
  await Promise.all(apps.map((app) => app.close()));
};
