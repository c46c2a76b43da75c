import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { MoreThan } from 'typeorm';
import {
  ConfigurationTransactionEntity,
  type TransactionStatus,
} from './entities/configuration-transaction.entity';

@Injectable()
export class ConfigurationTransactionsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(ConfigurationTransactionEntity);
  }

  async insert(transaction: ConfigurationTransactionEntity): Promise<void> {
    await this.repository.insert(transaction);
  }

  findById(tenantId: string, id: string): Promise<ConfigurationTransactionEntity | null> {
    return this.repository.findOneBy({ tenantId, id });
  }

  latest(tenantId: string, deviceId: string, take: number): Promise<ConfigurationTransactionEntity[]> {
    return this.repository.find({
      where: { tenantId, deviceId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take,
    });
  }

  async supersedeOpen(tenantId: string, deviceId: string): Promise<void> {
    await this.repository.update(
      { tenantId, deviceId, status: 'open' },
      { status: 'superseded', closedAt: new Date() },
    );
  }

  /**
   * open and unexpired -> `status`, in one conditional UPDATE: of concurrent commits (or a commit and
   * a reject) exactly one wins, on every instance.
   */
  async close(
    tenantId: string,
    deviceId: string,
    id: string,
    status: Exclude<TransactionStatus, 'open'>,
    reason: { reasonCode?: string; reasonMessage?: string } = {},
  ): Promise<boolean> {
    const now = new Date();
    const result = await this.repository.update(
      { tenantId, deviceId, id, status: 'open', expiresAt: MoreThan(now) },
      { status, closedAt: now, ...reason },
    );
    return result.affected === 1;
  }
}
