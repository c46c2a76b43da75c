import { loadConfig } from '../../config/app-config';
import { openJournalDataSource, openMainDataSource } from './open-data-sources';

/**
 * CI check: migrate the configured database, then ask TypeORM what it would still change to match
 * the entities. Any statement means entities and migrations drifted: print it and fail.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  let drift = 0;
  const dialects = new Set<string>();
  for (const open of [openMainDataSource, openJournalDataSource]) {
    const dataSource = await open(config.database);
    dialects.add(dataSource.options.type);
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    for (const query of upQueries) console.error(`drift (${dataSource.options.type}): ${query.query}`);
    drift += upQueries.length;
    await dataSource.destroy();
  }
  if (drift > 0) {
    console.error(`${drift} statement(s) between entities and migrations: add a migration (see README).`);
    process.exit(1);
  }
  console.log(`No drift between entities and migrations (${[...dialects].join(', ')}).`);
}

void main();
