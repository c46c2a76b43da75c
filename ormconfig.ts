import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { mainDataSourceOptions } from './src/core/database/data-source-options';
import { dialectFor } from './src/core/database/server-dialect';

const { database } = loadConfig();

/**
 * The DataSource of the TypeORM CLI (`npm run typeorm -- migration:show`), from the same environment
 * as the app, speaking the dialect the server says it is (the CLI awaits an exported promise).
 */
export default (async () => new DataSource(mainDataSourceOptions(database, await dialectFor(database))))();
