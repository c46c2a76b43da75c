import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../../core/database/lean-query';
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
   * The hot path, no entity hydration: reads what decides a 304 with the stored capabilities, and
   * writes the reported capabilities only when they differ (a fleet polling with nothing new costs one
   * primary-key read). Undefined when the device has no configuration yet. A promise chain, as the
   * whole poll is: each async frame would be a promise more for the request context's hooks (issue 12).
   */
  storeCapabilities(
    tenantId: string,
    deviceId: string,
    capabilities: string,
  ): Promise<PollState | undefined> {
    const manager = this.txHost.tx;
    return leanQuery<PollState & { capabilities: string }>(
      manager,
      'SELECT desired_hash AS desiredHash, pending_credential_transaction AS pendingCredentialTransaction, capabilities FROM device_configurations WHERE tenant_id = ? AND device_id = ?',
      [tenantId, deviceId],
    ).then(({ records: [stored] }) => {
      if (!stored) return undefined;
      const state = {
        desiredHash: stored.desiredHash,
        pendingCredentialTransaction: stored.pendingCredentialTransaction,
      };
      if (stored.capabilities === capabilities) return state;
      return leanQuery(
        manager,
        'UPDATE device_configurations SET capabilities = ?, updated_at = ? WHERE tenant_id = ? AND device_id = ?',
        [capabilities, new Date(), tenantId, deviceId],
      ).then(() => state);
    });
  }

  find(tenantId: string, deviceId: string): Promise<DeviceConfigurationEntity | null> {
    return this.repository.findOneBy({ tenantId, deviceId });
  }

  findForUpdate(tenantId: string, deviceId: string): Promise<DeviceConfigurationEntity | null> {
    return findForUpdate(this.txHost.tx, DeviceConfigurationEntity, { tenantId, deviceId });
  }

  /**
   * Inserts the row if the device has none, then locks it (one statement, so two first negotiations,
   * or a negotiation and an operator's PUT, never deadlock on MySQL gap locks). `replace` lists the
   * columns an existing row takes from `configuration`; none: the existing row is kept as it is.
   */
  async upsertForUpdate(
    configuration: DeviceConfigurationEntity,
    replace: string[] = [],
  ): Promise<DeviceConfigurationEntity> {
    await this.repository
      .createQueryBuilder()
      .insert()
      .values(configuration)
      .orUpdate(replace.length > 0 ? replace : ['tenant_id'], ['tenant_id', 'device_id'])
      .execute();
    return (await this.findForUpdate(
      configuration.tenantId,
      configuration.deviceId,
    )) as DeviceConfigurationEntity;
  }

  async update(
    tenantId: string,
    deviceId: string,
    changes: Partial<DeviceConfigurationEntity>,
  ): Promise<void> {
    await this.repository.update({ tenantId, deviceId }, { ...changes, updatedAt: new Date() });
  }
}
