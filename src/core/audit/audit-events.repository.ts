import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { And, type FindOptionsWhere, LessThan, MoreThanOrEqual } from 'typeorm';
import type { ListAuditEventsQuery } from './dto/list-audit-events.dto';
import { AuditEventEntity } from './entities/audit-event.entity';

@Injectable()
export class AuditEventsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Newest first, by the (tenant_id, [action|target,] id) indexes. */
  list(
    tenantId: string,
    filter: ListAuditEventsQuery,
    skip: number,
    take: number,
  ): Promise<AuditEventEntity[]> {
    const where: FindOptionsWhere<AuditEventEntity> = { tenantId };
    if (filter.action) where.action = filter.action;
    if (filter.target) where.target = filter.target;
    if (filter.from && filter.to) where.at = And(MoreThanOrEqual(filter.from), LessThan(filter.to));
    else if (filter.from) where.at = MoreThanOrEqual(filter.from);
    else if (filter.to) where.at = LessThan(filter.to);
    return this.txHost.tx.getRepository(AuditEventEntity).find({ where, order: { id: 'DESC' }, skip, take });
  }
}
