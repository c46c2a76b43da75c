import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { findForUpdate } from '../database/row-lock';
import { TenantEntity } from './entities/tenant.entity';

@Injectable()
export class TenantsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(TenantEntity);
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.repository.findOneBy({ id });
  }

  /** The tenant row, locked until the transaction ends: serializes changes that must respect its limits. */
  findForUpdate(id: string): Promise<TenantEntity | null> {
    return findForUpdate(this.txHost.tx, TenantEntity, { id });
  }

  list(skip: number, take: number): Promise<TenantEntity[]> {
    return this.repository.find({ order: { id: 'ASC' }, skip, take });
  }

  async insert(tenant: TenantEntity): Promise<void> {
    await this.repository.insert(tenant);
  }

  async update(
    id: string,
    changes: Partial<Pick<TenantEntity, 'name' | 'activeDeviceLimit' | 'acceptedDeviceLimit'>>,
  ): Promise<void> {
    await this.repository.update({ id }, changes);
  }
}
