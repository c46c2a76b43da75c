import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { JOURNAL_DATA_SOURCE } from '../transaction/tokens';
import { openJournalDataSource, openMainDataSource } from './open-data-sources';

/** The configuration and both DataSources, migrated before anything else starts. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOURNAL_DATA_SOURCE) private readonly journal: DataSource,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: DataSource, useFactory: () => openMainDataSource(config.database) },
        { provide: JOURNAL_DATA_SOURCE, useFactory: () => openJournalDataSource(config.database) },
      ],
      exports: [AppConfig, DataSource, JOURNAL_DATA_SOURCE],
    };
  }

  /** Last step of a graceful shutdown, after the server has drained. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.dataSource.destroy(), this.journal.destroy()]);
  }
}
