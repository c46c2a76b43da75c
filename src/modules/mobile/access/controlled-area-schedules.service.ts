import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { isUniqueViolation } from '../../../core/database/database-errors';
import { leanQuery } from '../../../core/database/lean-query';
import { PrimisException } from '../primis.exception';
import type {
  AreaScheduleResponse,
  AreaScheduleZoneDto,
  CreateAreaScheduleDto,
} from './dto/controlled-area-schedule.dto';
import { ControlledAreaScheduleEntity } from './entities/controlled-area-schedule.entity';

/** Links controlled areas to a schedule with on/off actions (run inside the request's transaction). */
@Injectable()
export class ControlledAreaSchedulesService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get links() {
    return this.txHost.tx.getRepository(ControlledAreaScheduleEntity);
  }

  async create(tenantId: string, dto: CreateAreaScheduleDto): Promise<AreaScheduleResponse> {
    const [schedule] = (
      await leanQuery<{ name: string; description: string }>(
        this.txHost.tx,
        'SELECT name, description FROM mobile_schedules WHERE tenant_id = ? AND id = ?',
        [tenantId, dto.id],
      )
    ).records;
    if (!schedule) throw PrimisException.notFound('Schedule');
    const wanted = [...new Set(dto.zones.map((zone) => zone.controlled_area_id))];
    const { records } = await leanQuery<{ id: string }>(
      this.txHost.tx,
      `SELECT id FROM mobile_controlled_areas WHERE tenant_id = ? AND id IN (${wanted.map(() => '?').join(', ')})`,
      [tenantId, ...wanted],
    );
    const known = new Set(records.map((row) => row.id));
    const missing = wanted.find((id) => !known.has(id));
    if (missing !== undefined) throw PrimisException.notFound(`Controlled area ${missing}`);
    for (const zone of dto.zones) await this.upsert(tenantId, dto, zone);
    const links = await this.links.find({ where: { tenantId, scheduleId: dto.id }, order: { id: 'ASC' } });
    return {
      id: dto.id,
      name: schedule.name,
      description: schedule.description,
      zones: links.map((link) => ({
        id: String(link.id),
        controlled_area_id: link.controlledAreaId,
        on_action: link.onAction,
        off_action: link.offAction,
        description: link.description,
      })),
    };
  }

  /** The (schedule, area) pair's actions, replaced when it exists. */
  private async upsert(
    tenantId: string,
    dto: CreateAreaScheduleDto,
    zone: AreaScheduleZoneDto,
  ): Promise<void> {
    const key = { tenantId, scheduleId: dto.id, controlledAreaId: zone.controlled_area_id };
    const values = {
      onAction: zone.on_action,
      offAction: zone.off_action,
      description: zone.description ?? dto.description ?? '',
    };
    const { affected } = await this.links.update(key, values);
    if (affected) return;
    try {
      await this.links.insert({ ...key, ...values });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.links.update(key, values); // another request created the pair meanwhile
    }
  }
}
