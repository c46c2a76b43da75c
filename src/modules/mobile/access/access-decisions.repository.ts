import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { FindOptionsWhere } from 'typeorm';
import { leanQuery } from '../../../core/database/lean-query';
import { ACCESS_SQL } from './access-sql';
import { AccessDecisionEntity } from './entities/access-decision.entity';

export type DecisionRecord = Omit<AccessDecisionEntity, 'id'>;

export interface DecisionFilter {
  userId?: string;
  zoneId?: string;
}

/** The audit of access decisions: one lean INSERT per decision; pages newest first on (tenant, [user|zone,] id). */
@Injectable()
export class AccessDecisionsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async record(decision: DecisionRecord): Promise<void> {
    await leanQuery(this.txHost.tx, ACCESS_SQL.recordDecision, [
      decision.tenantId,
      decision.decidedAt,
      decision.userId,
      decision.email,
      decision.phoneId,
      decision.method,
      decision.zoneId,
      decision.result,
      decision.reason,
      decision.distance,
    ]);
  }

  list(
    tenantId: string,
    filter: DecisionFilter,
    skip: number,
    take: number,
  ): Promise<AccessDecisionEntity[]> {
    const where: FindOptionsWhere<AccessDecisionEntity> = { tenantId };
    if (filter.userId) where.userId = filter.userId;
    if (filter.zoneId) where.zoneId = filter.zoneId;
    return this.txHost.tx
      .getRepository(AccessDecisionEntity)
      .find({ where, order: { id: 'DESC' }, skip, take });
  }
}
