import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { FindOptionsWhere } from 'typeorm';
import { findForUpdate } from '../../core/database/row-lock';
import { DeviceEntity } from './entities/device.entity';

export interface DeviceFilter {
  active?: boolean;
  type?: string;
}

/** Devices, always by tenant, through the request's transaction. */
@Injectable()
export class DevicesRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(DeviceEntity);
  }

  findById(tenantId: string, id: string): Promise<DeviceEntity | null> {
    return this.repository.findOneBy({ tenantId, id });
  }

  findForUpdate(tenantId: string, id: string): Promise<DeviceEntity | null> {
    return findForUpdate(this.txHost.tx, DeviceEntity, { tenantId, id });
  }

  list(tenantId: string, filter: DeviceFilter, skip: number, take: number): Promise<DeviceEntity[]> {
    const where: FindOptionsWhere<DeviceEntity> = { tenantId };
    if (filter.active !== undefined) where.active = filter.active;
    if (filter.type !== undefined) where.deviceType = filter.type;
    return this.repository.find({ where, order: { id: 'ASC' }, skip, take });
  }

  async insert(device: DeviceEntity): Promise<void> {
    await this.repository.insert(device);
  }

  async setActive(tenantId: string, id: string, active: boolean, updatedAt: Date): Promise<void> {
    await this.repository.update({ tenantId, id }, { active, updatedAt });
  }
}
