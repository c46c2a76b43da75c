import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../database/lean-query';
import { TenantEntity } from './entities/tenant.entity';
import type { TenantLimit } from './tenant-limits';

@Injectable()
export class TenantsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(TenantEntity);
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.repository.findOneBy({ id });
  }

  /**
   * One more under the limit, in one statement: false when the count is at (or above) the limit.
   * The row stays locked until the transaction ends, so concurrent changes queue here.
   */
  async increment(id: string, { count, limit }: TenantLimit): Promise<boolean> {
    const sql = `UPDATE tenants SET ${count} = ${count} + 1 WHERE id = ? AND (${limit} IS NULL OR ${count} < ${limit})`;
    return (await leanQuery(this.txHost.tx, sql, [id])).affected === 1;
  }

  /** One fewer; never below zero. */
  async decrement(id: string, { count }: TenantLimit): Promise<void> {
    await leanQuery(
      this.txHost.tx,
      `UPDATE tenants SET ${count} = ${count} - 1 WHERE id = ? AND ${count} > 0`,
      [id],
    );
  }

  list(skip: number, take: number): Promise<TenantEntity[]> {
    return this.repository.find({ order: { id: 'ASC' }, skip, take });
  }

  async insert(tenant: TenantEntity): Promise<void> {
    await this.repository.insert(tenant);
  }

  async update(
    id: string,
    changes: Partial<
      Pick<
        TenantEntity,
        'name' | 'activeDeviceLimit' | 'acceptedDeviceLimit' | 'mobilePhonesPerUser' | 'mobilePhonesTotal'
      >
    >,
  ): Promise<void> {
    await this.repository.update({ id }, changes);
  }
}
