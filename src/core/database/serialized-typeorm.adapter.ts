import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { exclusively } from './sqlite-serializer';

/** The nestjs-cls TypeORM adapter, with each transaction taking its turn on SQLite (see sqlite-serializer). */
export class SerializedTypeOrmAdapter extends TransactionalAdapterTypeOrm {
  constructor() {
    super({ dataSourceToken: DataSource });
    const factory = this.optionsFactory;
    this.optionsFactory = (dataSource: DataSource) => {
      const options = factory(dataSource);
      return {
        ...options,
        wrapWithTransaction: (txOptions, fn, setClient) =>
          exclusively(dataSource, () => options.wrapWithTransaction(txOptions, fn, setClient)),
      };
    };
  }
}
