import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { isUniqueViolation } from '../database/database-errors';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import type { StoredAnswer } from './stored-answer';

/** Who asks, with which key, for what. */
export interface KeyRequest {
  id: string;
  tenantId: string;
  principalId: string;
  key: string;
  fingerprint: string;
  requestId: string;
  /** Who holds the row: a fresh UUID per claim (a request id may be the client's). */
  token: string;
}

export type ClaimOutcome =
  | { outcome: 'run' }
  | { outcome: 'replay'; answer: StoredAnswer }
  | { outcome: 'mismatch' }
  | { outcome: 'in-use' }
  | { outcome: 'answer-lost' };

/** Attempts at a claim whose row changes under it (deleted, expired, taken over) before it gives up. */
const CLAIM_ATTEMPTS = 3;
/** Expired records deleted per statement: purges stay short on a busy table. */
const PURGE_BATCH = 500;

/**
 * The records, outside any request transaction (autocommit), so every instance sees a claim at once,
 * except the `committed` mark, written inside it. Each change is a guarded write on the one row,
 * matched on the request that holds it.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(
    private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly config: AppConfig,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(IdempotencyKeyEntity);
  }

  /** Runs the request (a new key, an expired one, or one whose runner's lease ran out), or says why not. */
  async claim(request: KeyRequest): Promise<ClaimOutcome> {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
      if (await this.insert(request)) return { outcome: 'run' };
      const row = await this.repository.findOneBy({ id: request.id });
      if (!row) continue; // released meanwhile: insert again
      const now = Date.now();
      if (row.expiresAt.getTime() > now) {
        if (row.fingerprint !== request.fingerprint) return { outcome: 'mismatch' };
        if (row.state === 'done' && row.answer) return { outcome: 'replay', answer: row.answer };
        if (row.leaseUntil.getTime() > now) return { outcome: 'in-use' };
        // Its work committed, then its process died before the answer was stored: never run it twice.
        if (row.state === 'committed') return { outcome: 'answer-lost' };
      }
      if (await this.takeOver(row, request)) return { outcome: 'run' };
    }
    return { outcome: 'in-use' };
  }

  /** Keeps the lease of a request still running. */
  async renew(request: KeyRequest): Promise<void> {
    await this.repository.update(
      { id: request.id, token: request.token, state: In(['running', 'committed']) },
      { leaseUntil: this.leaseUntil() },
    );
  }

  /**
   * The handler succeeded: inside its transaction, so the mark commits with its work or not at all
   * (a handler without a transaction has committed its work already).
   */
  async markCommitted(request: KeyRequest): Promise<void> {
    await this.txHost.tx.update(
      IdempotencyKeyEntity,
      { id: request.id, token: request.token, state: 'running' },
      { state: 'committed' },
    );
  }

  async store(request: KeyRequest, answer: StoredAnswer): Promise<void> {
    await this.repository.update(
      { id: request.id, token: request.token, state: In(['running', 'committed']) },
      { state: 'done', answer },
    );
  }

  /** Frees the key (an answer that is not kept) unless its work committed: the next request with it runs. */
  async release(request: KeyRequest): Promise<void> {
    await this.repository.delete({ id: request.id, token: request.token, state: 'running' });
  }

  /** Deletes expired records, a batch at a time; returns how many went. */
  async purgeExpired(): Promise<number> {
    let purged = 0;
    for (;;) {
      const expired = await this.repository.find({
        select: { id: true },
        where: { expiresAt: LessThan(new Date()) },
        take: PURGE_BATCH,
      });
      if (expired.length === 0) return purged;
      await this.repository.delete(expired.map((row) => row.id));
      purged += expired.length;
      if (expired.length < PURGE_BATCH) return purged;
    }
  }

  private async insert(request: KeyRequest): Promise<boolean> {
    const now = new Date();
    try {
      await this.repository.insert({
        ...request,
        state: 'running',
        leaseUntil: this.leaseUntil(),
        expiresAt: new Date(now.getTime() + this.config.idempotency.ttlSeconds * 1000),
        answer: null,
        createdAt: now,
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Starts over on a row as it was read: only one of the requests that read it wins. */
  private async takeOver(row: IdempotencyKeyEntity, request: KeyRequest): Promise<boolean> {
    const now = new Date();
    const result = await this.repository.update(
      { id: row.id, token: row.token, state: row.state, leaseUntil: row.leaseUntil },
      {
        fingerprint: request.fingerprint,
        requestId: request.requestId,
        token: request.token,
        state: 'running',
        leaseUntil: this.leaseUntil(),
        expiresAt: new Date(now.getTime() + this.config.idempotency.ttlSeconds * 1000),
        answer: null,
        createdAt: now,
      },
    );
    return (result.affected ?? 0) === 1;
  }

  private leaseUntil(): Date {
    return new Date(Date.now() + this.config.idempotency.leaseSeconds * 1000);
  }
}
