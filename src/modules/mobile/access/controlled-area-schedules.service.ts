import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { isUniqueViolation } from '../../../core/database/database-errors';
import { leanQuery } from '../../../core/database/lean-query';
import { PlatformException } from '../../../core/http/app.exception';
import { AreaScheduleReferences } from '../site-model/area-schedule-references';
import { PrimisException } from '../primis.exception';
import type {
  AreaScheduleResponse,
  AreaScheduleZoneDto,
  CreateAreaScheduleDto,
} from './dto/controlled-area-schedule.dto';
import { ControlledAreaScheduleEntity } from './entities/controlled-area-schedule.entity';

interface ScheduleRow {
  name: string;
  description: string;
  site_id: string;
}

/**
 * Links controlled areas to a schedule with on/off actions (run inside the request's transaction). A
 * link points at its schedule and area like an access group does (AreaScheduleReferences): they are on
 * one site, and neither is deleted nor moved while the link stands.
 */
@Injectable()
export class ControlledAreaSchedulesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly references: AreaScheduleReferences,
  ) {}

  private get links() {
    return this.txHost.tx.getRepository(ControlledAreaScheduleEntity);
  }

  async create(tenantId: string, dto: CreateAreaScheduleDto): Promise<AreaScheduleResponse> {
    const [schedule] = (
      await leanQuery<ScheduleRow>(
        this.txHost.tx,
        'SELECT name, description, site_id FROM mobile_schedules WHERE tenant_id = ? AND id = ?',
        [tenantId, dto.id],
      )
    ).records;
    if (!schedule) throw PrimisException.notFound('Schedule');
    await this.checkAreas(tenantId, dto, schedule.site_id);
    // In area order: two requests naming the same areas take their rows in the same order.
    const zones = [...dto.zones].sort((a, b) => compare(a.controlled_area_id, b.controlled_area_id));
    for (const zone of zones) await this.upsert(tenantId, dto, zone, schedule.site_id);
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

  /** Removes one link (management API); its schedule and area may then be deleted or moved. */
  async remove(tenantId: string, scheduleId: number, areaId: string): Promise<void> {
    const { affected } = await this.links.delete({ tenantId, scheduleId, controlledAreaId: areaId });
    if (!affected) throw PlatformException.notFound(`controlled area ${areaId} on schedule ${scheduleId}`);
    await this.references.release(tenantId, scheduleId, areaId);
  }

  /** Every area exists in the tenant (404) and is on the schedule's site (400). */
  private async checkAreas(tenantId: string, dto: CreateAreaScheduleDto, siteId: string): Promise<void> {
    const wanted = [...new Set(dto.zones.map((zone) => zone.controlled_area_id))];
    const { records } = await leanQuery<{ id: string; site_id: string }>(
      this.txHost.tx,
      `SELECT id, site_id FROM mobile_controlled_areas WHERE tenant_id = ? AND id IN (${wanted.map(() => '?').join(', ')})`,
      [tenantId, ...wanted],
    );
    const sites = new Map(records.map((row) => [row.id, row.site_id]));
    const missing = wanted.find((id) => !sites.has(id));
    if (missing !== undefined) throw PrimisException.notFound(`Controlled area ${missing}`);
    const elsewhere = wanted.find((id) => sites.get(id) !== siteId);
    if (elsewhere !== undefined)
      throw PrimisException.badRequest(
        `Controlled area ${elsewhere} is not on site ${siteId} of schedule ${dto.id}`,
      );
  }

  /** The (schedule, area) pair's actions, replaced when it exists; a new pair points at both. */
  private async upsert(
    tenantId: string,
    dto: CreateAreaScheduleDto,
    zone: AreaScheduleZoneDto,
    siteId: string,
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
      await this.links.update(key, values); // another request created (and counted) the pair meanwhile
      return;
    }
    const missing = await this.references.take(tenantId, dto.id, zone.controlled_area_id, siteId);
    if (missing === 'schedule') throw PrimisException.notFound('Schedule');
    if (missing === 'area') throw PrimisException.notFound(`Controlled area ${zone.controlled_area_id}`);
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
