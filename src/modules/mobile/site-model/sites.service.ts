import { Injectable } from '@nestjs/common';
import { PlatformException } from '../../../core/http/app.exception';
import type { PutHolidayDto, PutSiteDto } from './dto/site.dto';
import { SiteHolidayEntity } from './entities/site-holiday.entity';
import { SiteEntity } from './entities/site.entity';
import { SITES, SiteModelStore, type Upserted } from './site-model.store';

/** The canonical name of an IANA zone the DTO already checked (`utc` -> `UTC`). */
const canonicalZone = (zone: string) =>
  new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;

/** Sites and their holiday calendars. */
@Injectable()
export class SitesService {
  constructor(private readonly store: SiteModelStore) {}

  async put(tenantId: string, id: string, dto: PutSiteDto): Promise<Upserted<SiteEntity>> {
    const now = new Date();
    const existing = await this.store.lock(SiteEntity, { tenantId, id });
    // Everything else hangs on a site: a system administrator cannot create one in a tenant that does not exist.
    if (!existing && !(await this.store.tenantExists(tenantId))) throw PlatformException.notFound('tenant');
    const record = Object.assign(new SiteEntity(), {
      tenantId,
      id,
      name: dto.name,
      timeZone: canonicalZone(dto.timeZone),
      referenceCount: existing?.referenceCount ?? 0,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    return this.store.save(
      SiteEntity,
      { tenantId, id },
      record,
      existing,
      `site ${id} was created concurrently`,
    );
  }

  async get(tenantId: string, id: string): Promise<SiteEntity> {
    const site = await this.store.find(SiteEntity, { tenantId, id });
    if (!site) throw PlatformException.notFound(`site ${id}`);
    return site;
  }

  list(tenantId: string, skip: number, take: number): Promise<SiteEntity[]> {
    return this.store.page(SiteEntity, { tenantId }, { id: 'ASC' }, skip, take);
  }

  /** Refused (409) while controlled areas, schedules or access groups are on the site; its holidays go with it. */
  async delete(tenantId: string, id: string): Promise<void> {
    const site = await this.store.lock(SiteEntity, { tenantId, id });
    if (!site) throw PlatformException.notFound(`site ${id}`);
    if (!(await this.store.deleteUnreferenced(SITES, tenantId, id)))
      throw PlatformException.conflict(
        `site ${id} still has ${site.referenceCount} controlled areas, schedules or access groups: delete them first`,
      );
    await this.store.deleteWhere(SiteHolidayEntity, { tenantId, siteId: id });
  }

  async putHoliday(
    tenantId: string,
    siteId: string,
    date: string,
    dto: PutHolidayDto,
  ): Promise<Upserted<SiteHolidayEntity>> {
    if (!(await this.store.touch(SITES, tenantId, siteId, new Date())))
      throw PlatformException.notFound(`site ${siteId}`);
    const key = { tenantId, siteId, date };
    const existing = await this.store.lock(SiteHolidayEntity, key);
    const record = Object.assign(new SiteHolidayEntity(), { ...key, name: dto.name, holidayType: dto.type });
    return this.store.save(
      SiteHolidayEntity,
      key,
      record,
      existing,
      `holiday ${date} was created concurrently`,
    );
  }

  async getHoliday(tenantId: string, siteId: string, date: string): Promise<SiteHolidayEntity> {
    await this.get(tenantId, siteId);
    const holiday = await this.store.find(SiteHolidayEntity, { tenantId, siteId, date });
    if (!holiday) throw PlatformException.notFound(`holiday ${date} of site ${siteId}`);
    return holiday;
  }

  async listHolidays(
    tenantId: string,
    siteId: string,
    skip: number,
    take: number,
  ): Promise<SiteHolidayEntity[]> {
    await this.get(tenantId, siteId);
    return this.store.page(SiteHolidayEntity, { tenantId, siteId }, { date: 'ASC' }, skip, take);
  }

  async deleteHoliday(tenantId: string, siteId: string, date: string): Promise<void> {
    const holiday = await this.getHoliday(tenantId, siteId, date);
    await this.store.deleteWhere(SiteHolidayEntity, { tenantId, siteId, date: holiday.date });
  }
}
