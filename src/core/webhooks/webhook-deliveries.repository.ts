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

interface ClaimRow {
  id: number;
  event_id: string;
  payload: string;
  attempts: number;
  endpoint_id: string;
  url: string;
  secret_sealed: string;
}

/**
 * Due rows of active endpoints that no earlier pending row of the same (endpoint, resource) holds
 * back: a later event of a resource waits until the earlier one is delivered or has failed for good.
 */
const DUE = `
SELECT d.id, d.event_id, d.payload, d.attempts, d.endpoint_id, e.url, e.secret_sealed
FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.locked_until IS NULL OR d.locked_until < ?)
  AND e.active = 1
  AND NOT EXISTS (
    SELECT 1 FROM webhook_deliveries p
    WHERE p.endpoint_id = d.endpoint_id AND p.resource_key = d.resource_key AND p.status = 'pending' AND p.id < d.id)
ORDER BY d.id`;

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
   * Claims up to `limit` due deliveries until `lockedUntil`: one guarded UPDATE marks the rows still
   * free with this claim id, so two instances never both claim a row while its lease holds.
   */
  async claimDue(limit: number, claimId: string, lockedUntil: Date): Promise<ClaimedDelivery[]> {
    const now = new Date();
    const { records } = await leanQuery<ClaimRow>(this.txHost.tx, `${DUE} LIMIT ${Math.floor(limit)}`, [
      now,
      now,
    ]);
    if (records.length === 0) return [];
    const ids = records.map((row) => Number(row.id));
    const { affected } = await leanQuery(
      this.txHost.tx,
      `UPDATE webhook_deliveries SET locked_until = ?, claim_id = ?
       WHERE id IN (${ids.map(() => '?').join(',')}) AND status = 'pending'
         AND (locked_until IS NULL OR locked_until < ?)`,
      [lockedUntil, claimId, ...ids, now],
    );
    if (affected === 0) return [];
    const mine =
      affected === ids.length
        ? new Set(ids)
        : new Set(
            (
              await leanQuery<{ id: number }>(
                this.txHost.tx,
                'SELECT id FROM webhook_deliveries WHERE claim_id = ?',
                [claimId],
              )
            ).records.map((row) => Number(row.id)),
          );
    return records
      .filter((row) => mine.has(Number(row.id)))
      .map((row) => ({
        id: Number(row.id),
        eventId: row.event_id,
        payload: row.payload,
        attempts: Number(row.attempts),
        endpointId: row.endpoint_id,
        url: row.url,
        secretSealed: row.secret_sealed,
      }));
  }

  /** Records an attempt's outcome (a settled row's next_attempt_at is when it settled), unless the claim was lost (its lease ran out and another took the row). */
  async settle(
    id: number,
    claimId: string,
    outcome: {
      status: WebhookDeliveryStatus;
      attempts: number;
      lastError: string | null;
      nextAttemptAt: Date;
      deliveredAt: Date | null;
    },
  ): Promise<void> {
    await this.repository.update(
      { id, claimId },
      { ...outcome, lastError: outcome.lastError?.slice(0, 1000) ?? null, lockedUntil: null, claimId: null },
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
