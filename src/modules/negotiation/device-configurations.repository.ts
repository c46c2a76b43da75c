import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { findForUpdate } from '../../core/database/row-lock';
import { DeviceConfigurationEntity } from './entities/device-configuration.entity';

/** What the polling hot path needs to decide on a 304. */
export interface PollState {
  desiredHash: string;
  pendingCredentialTransaction: string | null;
}

@Injectable()
export class DeviceConfigurationsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(DeviceConfigurationEntity);
  }

  /**
   * The hot path: two primary-key statements, no entity hydration. Stores the capabilities (they are
   * overwritten on every call, whatever happens next) and reads what decides a 304.
   * Undefined when the device has no configuration yet.
   */
  async storeCapabilities(
    tenantId: string,
    deviceId: string,
    capabilities: string,
  ): Promise<PollState | undefined> {
    const updated = await this.repository
      .createQueryBuilder()
      .update()
      .set({ capabilities, updatedAt: new Date() })
      .where({ tenantId, deviceId })
      .execute();
    if (!updated.affected) return undefined;
    return this.repository
      .createQueryBuilder('c')
      .select([
        'c.desired_hash AS desiredHash',
        'c.pending_credential_transaction AS pendingCredentialTransaction',
      ])
      .where('c.tenant_id = :tenantId AND c.device_id = :deviceId', { tenantId, deviceId })
      .getRawOne<PollState>();
  }

  find(tenantId: string, deviceId: string): Promise<DeviceConfigurationEntity | null> {
    return this.repository.findOneBy({ tenantId, deviceId });
  }

  findForUpdate(tenantId: string, deviceId: string): Promise<DeviceConfigurationEntity | null> {
    return findForUpdate(this.txHost.tx, DeviceConfigurationEntity, { tenantId, deviceId });
  }

  async insert(configuration: DeviceConfigurationEntity): Promise<void> {
    await this.repository.insert(configuration);
  }

  async update(
    tenantId: string,
    deviceId: string,
    changes: Partial<DeviceConfigurationEntity>,
  ): Promise<void> {
    await this.repository.update({ tenantId, deviceId }, { ...changes, updatedAt: new Date() });
  }
}
