import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { type CredentialState, DeviceCredentialEntity } from './entities/device-credential.entity';

@Injectable()
export class DeviceCredentialsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(DeviceCredentialEntity);
  }

  inStates(tenantId: string, deviceId: string, states: CredentialState[]): Promise<DeviceCredentialEntity[]> {
    return this.repository.find({ where: { tenantId, deviceId, state: In(states) }, order: { id: 'ASC' } });
  }

  async insert(credential: Omit<DeviceCredentialEntity, 'id'>): Promise<void> {
    await this.repository.insert(credential);
  }

  async setState(
    tenantId: string,
    deviceId: string,
    from: CredentialState[],
    to: CredentialState,
    extra: { transactionId?: string; lookups?: string[] } = {},
  ): Promise<number> {
    const where = {
      tenantId,
      deviceId,
      state: In(from),
      ...(extra.transactionId !== undefined ? { transactionId: extra.transactionId } : {}),
      ...(extra.lookups !== undefined ? { lookup: In(extra.lookups) } : {}),
    };
    const result = await this.repository.update(where, { state: to, updatedAt: new Date() });
    return result.affected ?? 0;
  }

  async moveToTransaction(tenantId: string, deviceId: string, from: string, to: string): Promise<void> {
    await this.repository.update(
      { tenantId, deviceId, transactionId: from, state: 'pending' },
      { transactionId: to, updatedAt: new Date() },
    );
  }
}
