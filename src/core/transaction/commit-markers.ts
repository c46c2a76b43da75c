import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource, LessThan } from 'typeorm';
import { CompensationCommitEntity } from './entities/compensation-commit.entity';
import { JOURNAL_DATA_SOURCE } from './tokens';

/** Proof, in the application database, that a request with undos committed. */
@Injectable()
export class CommitMarkers {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly dataSource: DataSource,
    @Inject(JOURNAL_DATA_SOURCE) private readonly journalSource: DataSource,
  ) {}

  /** Inside the request's transaction: commits with the request's rows, or not at all. */
  async write(scopeId: string): Promise<void> {
    await this.txHost.tx.insert(CompensationCommitEntity, { scopeId, committedAt: new Date() });
  }

  /** Outside any transaction: what the database really holds. */
  async exists(scopeId: string): Promise<boolean> {
    return this.dataSource.getRepository(CompensationCommitEntity).existsBy({ scopeId });
  }

  /**
   * From inside a transaction: what is committed now, not what the transaction's snapshot saw. On
   * MySQL through the journal's pool (same database, autocommit), so a request never waits for a
   * second connection of the main pool while it holds locks; SQLite runs one transaction at a time.
   */
  async committedNow(scopeId: string): Promise<boolean> {
    if (this.dataSource.options.type === 'better-sqlite3')
      return this.txHost.tx.existsBy(CompensationCommitEntity, { scopeId });
    const rows: unknown[] = await this.journalSource.query(
      'SELECT scope_id FROM compensation_commits WHERE scope_id = ?',
      [scopeId],
    );
    return rows.length > 0;
  }

  async remove(scopeId: string): Promise<void> {
    await this.dataSource.getRepository(CompensationCommitEntity).delete({ scopeId });
  }

  async removeOlderThan(date: Date): Promise<void> {
    await this.dataSource.getRepository(CompensationCommitEntity).delete({ committedAt: LessThan(date) });
  }
}
