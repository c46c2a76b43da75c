import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { leanQuery } from '../database/lean-query';
import { type WebhookDeliveryStatus, WebhookDeliveryEntity } from './entities/webhook-delivery.entity';

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  id: number;
  eventId: string;
  payload: string;
  attempts: number;
  endpointId: string;
  url: string;
  secretSealed: string;
}

/** Candidates read per delivery claimed (see claimDue). */
const CANDIDATES_PER_CLAIM = 4;

/** Fisher-Yates, on a copy. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * Due rows of active endpoints that no earlier pending row of the same (endpoint, resource) holds
 * back: a later event of a resource waits until the earlier one is delivered or has failed for good.
 * Read in (status, next_attempt_at) index order, stopping at the LIMIT: rows waiting out a backoff are
 * never read. The endpoint's state is a scalar subquery so the optimizer keeps that order (a join,
 * or EXISTS, lets MySQL start from the endpoint and sort every pending row).
 */
const DUE = `
SELECT d.id FROM webhook_deliveries d
WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.locked_until IS NULL OR d.locked_until < ?)
  AND (SELECT e.active FROM webhook_endpoints e WHERE e.id = d.endpoint_id) = 1
  AND NOT EXISTS (
    SELECT 1 FROM webhook_deliveries p
    WHERE p.endpoint_id = d.endpoint_id AND p.resource_key = d.resource_key AND p.status = 'pending' AND p.id < d.id)
ORDER BY d.next_attempt_at, d.id`;

const CLAIMED = `
SELECT d.id, d.event_id AS eventId, d.payload, d.attempts, d.endpoint_id AS endpointId, e.url,
  e.secret_sealed AS secretSealed
FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
WHERE d.claim_id = ? AND d.id IN`;

/**
 * The outbox of deliveries. The dispatcher claims rows with a lease (any instance, no coordination
 * beyond a guarded UPDATE); the admin API reads them per endpoint, always scoped by tenant.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(WebhookDeliveryEntity);
  }

  /**
   * Claims up to `limit` due deliveries until `lockedUntil`. Reads a few times more candidates and
   * claims a random `limit` of them, so instances draining at once seldom reach for the same rows;
   * one guarded UPDATE marks the rows still free with this claim id, so two instances never both
   * claim a row while its lease holds. `more`: a full page of candidates was due.
   */
  async claimDue(
    limit: number,
    claimId: string,
    lockedUntil: Date,
  ): Promise<{ claimed: ClaimedDelivery[]; more: boolean }> {
    const now = new Date();
    const candidatesLimit = limit * CANDIDATES_PER_CLAIM;
    const { records } = await leanQuery<{ id: number }>(this.txHost.tx, `${DUE} LIMIT ${candidatesLimit}`, [
      now,
      now,
    ]);
    const more = records.length === candidatesLimit;
    const ids = shuffled(records.map((row) => Number(row.id))).slice(0, limit);
    if (ids.length === 0) return { claimed: [], more };
    const list = `(${ids.map(() => '?').join(',')})`;
    const { affected } = await leanQuery(
      this.txHost.tx,
      `UPDATE webhook_deliveries SET locked_until = ?, claim_id = ?
       WHERE id IN ${list} AND status = 'pending' AND (locked_until IS NULL OR locked_until < ?)`,
      [lockedUntil, claimId, ...ids, now],
    );
    if (affected === 0) return { claimed: [], more };
    const claimed = await leanQuery<ClaimedDelivery>(this.txHost.tx, `${CLAIMED} ${list}`, [claimId, ...ids]);
    return {
      claimed: claimed.records.map((row) => ({ ...row, id: Number(row.id), attempts: Number(row.attempts) })),
      more,
    };
  }

  /** The claimed rows the endpoint took: delivered, in one statement. */
  async settleDelivered(ids: number[], claimId: string, at: Date): Promise<void> {
    if (ids.length === 0) return;
    await leanQuery(
      this.txHost.tx,
      `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_error = NULL,
         next_attempt_at = ?, delivered_at = ?, locked_until = NULL, claim_id = NULL
       WHERE claim_id = ? AND id IN (${ids.map(() => '?').join(',')})`,
      [at, at, claimId, ...ids],
    );
  }

  /**
   * A failed attempt: pending again (due at `nextAttemptAt`) or failed for good (a settled row's
   * next_attempt_at is when it settled). Skipped when the claim was lost (its lease ran out and
   * another instance took the row).
   */
  async settleFailed(
    id: number,
    claimId: string,
    outcome: { status: 'pending' | 'failed'; attempts: number; lastError: string; nextAttemptAt: Date },
  ): Promise<void> {
    await this.repository.update(
      { id, claimId },
      { ...outcome, lastError: outcome.lastError.slice(0, 1000), lockedUntil: null, claimId: null },
    );
  }

  /** Deletes delivered and failed rows settled before `before`; returns how many. */
  async removeSettledBefore(before: Date): Promise<number> {
    const { affected } = await leanQuery(
      this.txHost.tx,
      "DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND next_attempt_at < ?",
      [before],
    );
    return affected;
  }

  list(
    tenantId: string,
    endpointId: string,
    status: WebhookDeliveryStatus | undefined,
    skip: number,
    take: number,
  ): Promise<WebhookDeliveryEntity[]> {
    return this.repository.find({
      where: { tenantId, endpointId, ...(status ? { status } : {}) },
      order: { id: 'DESC' },
      skip,
      take,
    });
  }

  find(tenantId: string, endpointId: string, id: number): Promise<WebhookDeliveryEntity | null> {
    return this.repository.findOneBy({ tenantId, endpointId, id });
  }

  /** A delivered or failed row back to pending, due now; false when it is pending already. */
  async requeue(tenantId: string, endpointId: string, id: number): Promise<boolean> {
    const { affected } = await leanQuery(
      this.txHost.tx,
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, locked_until = NULL,
         claim_id = NULL, delivered_at = NULL
       WHERE id = ? AND tenant_id = ? AND endpoint_id = ? AND status <> 'pending'`,
      [new Date(), id, tenantId, endpointId],
    );
    return affected === 1;
  }
}
