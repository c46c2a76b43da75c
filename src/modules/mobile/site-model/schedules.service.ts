import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { leanQuery } from '../../../core/database/lean-query';
import { PlatformException } from '../../../core/http/app.exception';
import type { PutScheduleDto, SchedulePeriodDto } from './dto/schedule.dto';
import { SchedulePeriodEntity } from './entities/schedule-period.entity';
import { ScheduleEntity } from './entities/schedule.entity';
import { minuteOfDay, storedPeriodTime } from './period-times';
import { AREAS_DRIVEN_BY_SCHEDULE, GROUPS_USING_SCHEDULE, referrersOf } from './referrers';
import { periodMaskError } from './schedule-masks';
import { badField } from './site-model.errors';
import { SCHEDULES, SiteModelStore, SITES, type Upserted } from './site-model.store';
import { moveSite } from './site-moves';

/** A schedule with its periods (in order) and whether an access group uses it. */
export interface ScheduleWithPeriods {
  schedule: ScheduleEntity;
  periods: SchedulePeriodEntity[];
  used: boolean;
}

/** Schedules and their periods; a replace replaces the periods as a whole. */
@Injectable()
export class SchedulesService {
  constructor(private readonly store: SiteModelStore) {}

  async put(tenantId: string, id: number, dto: PutScheduleDto): Promise<Upserted<ScheduleWithPeriods>> {
    const now = new Date();
    const key = { tenantId, id };
    const periods = dto.periods.map((period, position) => toPeriod(tenantId, id, position, period));
    const existing = await this.store.lock(ScheduleEntity, key);
    await moveSite(this.store, SCHEDULES, tenantId, id, existing?.siteId, dto.siteId);
    const record = Object.assign(new ScheduleEntity(), {
      ...key,
      siteId: dto.siteId,
      name: dto.name,
      description: dto.description ?? '',
      referenceCount: existing?.referenceCount ?? 0,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    const { created } = await this.store.save(
      ScheduleEntity,
      key,
      record,
      existing,
      `schedule ${id} was created concurrently`,
    );
    await this.store.deleteWhere(SchedulePeriodEntity, { tenantId, scheduleId: id });
    await this.store.insert(SchedulePeriodEntity, periods);
    return { record: (await this.withPeriods(tenantId, [record]))[0], created };
  }

  async get(tenantId: string, id: number): Promise<ScheduleWithPeriods> {
    const schedule = await this.store.find(ScheduleEntity, { tenantId, id });
    if (!schedule) throw PlatformException.notFound(`schedule ${id}`);
    return (await this.withPeriods(tenantId, [schedule]))[0];
  }

  async list(tenantId: string, skip: number, take: number): Promise<ScheduleWithPeriods[]> {
    return this.withPeriods(
      tenantId,
      await this.store.page(ScheduleEntity, { tenantId }, { id: 'ASC' }, skip, take),
    );
  }

  /** Refused (409) while an access group uses the schedule or it drives an area; its periods go with it. */
  async delete(tenantId: string, id: number): Promise<void> {
    const schedule = await this.store.lock(ScheduleEntity, { tenantId, id });
    if (!schedule) throw PlatformException.notFound(`schedule ${id}`);
    if (!(await this.store.deleteUnreferenced(SCHEDULES, tenantId, id))) {
      const referrers = await referrersOf(this.store, tenantId, id, [
        GROUPS_USING_SCHEDULE,
        AREAS_DRIVEN_BY_SCHEDULE,
      ]);
      throw PlatformException.conflict(`schedule ${id} is in use (${referrers}): remove it from them first`);
    }
    await this.store.deleteWhere(SchedulePeriodEntity, { tenantId, scheduleId: id });
    await this.store.release(SITES, tenantId, [schedule.siteId]);
  }

  private async withPeriods(tenantId: string, schedules: ScheduleEntity[]): Promise<ScheduleWithPeriods[]> {
    const ids = schedules.map((schedule) => schedule.id);
    const periods = await this.periodsOf(tenantId, ids);
    const used = await this.usedByAccessGroups(tenantId, ids);
    return schedules.map((schedule) => ({
      schedule,
      periods: periods.filter((period) => period.scheduleId === schedule.id),
      used: used.has(schedule.id),
    }));
  }

  /** Which of `ids` an access group uses (the reference counter also counts controlled-area schedules). */
  private async usedByAccessGroups(tenantId: string, ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const { records } = await leanQuery<{ id: number }>(
      this.store.manager,
      `SELECT DISTINCT schedule_id AS id FROM mobile_access_group_schedules WHERE tenant_id = ? AND schedule_id IN (${ids.map(() => '?').join(', ')})`,
      [tenantId, ...ids],
    );
    return new Set(records.map((row) => Number(row.id)));
  }

  private async periodsOf(tenantId: string, ids: number[]): Promise<SchedulePeriodEntity[]> {
    if (ids.length === 0) return [];
    return this.store.manager.find(SchedulePeriodEntity, {
      where: { tenantId, scheduleId: In(ids) },
      order: { scheduleId: 'ASC', position: 'ASC' },
    });
  }
}

/** A period as stored; its masks and dates checked (400 naming `periods[i]...`). */
function toPeriod(tenantId: string, scheduleId: number, position: number, dto: SchedulePeriodDto) {
  const field = `periods[${position}]`;
  const exceptions = dto.exceptions ?? 0;
  const days = dto.days ?? 0;
  const maskError = periodMaskError(dto.frequency, exceptions, days);
  if (maskError) throw badField(field, maskError);
  const onTime = storedPeriodTime(dto.on_time);
  const offTime = storedPeriodTime(dto.off_time);
  if (onTime === undefined) throw badField(`${field}.on_time`, 'on_time is no calendar date and time');
  if (offTime === undefined) throw badField(`${field}.off_time`, 'off_time is no calendar date and time');
  if (onTime !== null && offTime !== null && offTime <= onTime)
    throw badField(`${field}.off_time`, 'off_time must be after on_time');
  return Object.assign(new SchedulePeriodEntity(), {
    tenantId,
    scheduleId,
    position,
    frequency: dto.frequency,
    exceptions,
    days,
    startMinute: minuteOfDay(dto.start_time ?? '00:00'),
    endMinute: minuteOfDay(dto.end_time ?? '24:00'),
    onTime,
    offTime,
  });
}
