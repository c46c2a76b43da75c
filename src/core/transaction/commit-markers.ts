import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource, LessThan } from 'typeorm';
import { CompensationCommitEntity } from './entities/compensation-commit.entity';

/** Proof, in the application database, that a request with undos committed. */
@Injectable()
export class CommitMarkers {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly dataSource: DataSource,
  ) {}

  /** Inside the request's transaction: commits with the request's rows, or not at all. */
  async write(scopeId: string): Promise<void> {
    await this.txHost.tx.insert(CompensationCommitEntity, { scopeId, committedAt: new Date() });
  }

  /** Outside any transaction: what the database really holds. */
  async exists(scopeId: string): Promise<boolean> {
    return this.dataSource.getRepository(CompensationCommitEntity).existsBy({ scopeId });
  }

  async remove(scopeId: string): Promise<void> {
    await this.dataSource.getRepository(CompensationCommitEntity).delete({ scopeId });
  }

  async removeOlderThan(date: Date): Promise<void> {
    await this.dataSource.getRepository(CompensationCommitEntity).delete({ committedAt: LessThan(date) });
  }
}
