import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { mainDataSourceOptions } from './src/core/database/data-source-options';

/** The DataSource of the TypeORM CLI (`npm run typeorm -- migration:show`), from the same environment as the app. */
export default new DataSource(mainDataSourceOptions(loadConfig().database));
