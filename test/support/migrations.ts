import { DataSource } from 'typeorm';
import type { mainDataSourceOptions } from '../../src/core/database/data-source-options';
import { openDataSource } from '../../src/core/database/open-data-sources';

type Options = ReturnType<typeof mainDataSourceOptions>;

/** A migration's timestamp: the last 13 digits of its class name (`TenantLimitCounters1763800000700`). */
const timestampOf = (migration: object) => Number(migration.constructor.name.slice(-13));

/**
 * Opens the database migrated up to, not including, the migration of `timestamp`: the schema in which
 * the rows that migration must carry over were written.
 */
export async function openMigratedBefore(options: Options, timestamp: number): Promise<DataSource> {
  const listing = await new DataSource(options).initialize();
  const earlier = listing.migrations
    .filter((migration) => timestampOf(migration) < timestamp)
    .map((migration) => migration.constructor as new () => never);
  await listing.destroy();
  return openDataSource({ ...options, migrations: earlier });
}
