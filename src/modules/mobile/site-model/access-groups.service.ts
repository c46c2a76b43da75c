import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { PlatformException } from '../../../core/http/app.exception';
import type { PutAccessGroupDto } from './dto/access-group.dto';
import { AccessGroupAreaEntity } from './entities/access-group-area.entity';
import { AccessGroupScheduleEntity } from './entities/access-group-schedule.entity';
import { AccessGroupEntity } from './entities/access-group.entity';
import { MobileUserAccessGroupEntity } from './entities/mobile-user-access-group.entity';
import { ACCESS_GROUPS, AREAS, SCHEDULES, SiteModelStore, SITES, type Upserted } from './site-model.store';
import { moveSite } from './site-moves';

/** An access group with the ids it links to, in id order. */
export interface AccessGroupWithLinks {
  group: AccessGroupEntity;
  controlledAreaIds: string[];
  scheduleIds: number[];
}

/**
 * Access groups and their links to areas and schedules of their own site. Each link holds a reference
 * on the area or schedule (see SiteModelStore), so neither can be deleted or moved to another site
 * while a group lists it.
 */
@Injectable()
export class AccessGroupsService {
  constructor(private readonly store: SiteModelStore) {}

  async put(tenantId: string, id: number, dto: PutAccessGroupDto): Promise<Upserted<AccessGroupWithLinks>> {
    const now = new Date();
    const key = { tenantId, id };
    const existing = await this.store.lock(AccessGroupEntity, key);
    await moveSite(this.store, ACCESS_GROUPS, tenantId, id, existing?.siteId, dto.siteId);
    if (existing) await this.unlink(tenantId, id);
    await this.store.reference(
      AREAS,
      tenantId,
      dto.controlledAreaIds,
      { field: 'controlledAreaIds', list: true },
      dto.siteId,
    );
    await this.store.reference(
      SCHEDULES,
      tenantId,
      dto.scheduleIds,
      { field: 'scheduleIds', list: true },
      dto.siteId,
    );
    const record = Object.assign(new AccessGroupEntity(), {
      ...key,
      siteId: dto.siteId,
      name: dto.name,
      description: dto.description ?? '',
      memberCount: existing?.memberCount ?? 0,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    const { created } = await this.store.save(
      AccessGroupEntity,
      key,
      record,
      existing,
      `access group ${id} was created concurrently`,
    );
    await this.store.insert(
      AccessGroupAreaEntity,
      dto.controlledAreaIds.map((controlledAreaId) => ({ tenantId, accessGroupId: id, controlledAreaId })),
    );
    await this.store.insert(
      AccessGroupScheduleEntity,
      dto.scheduleIds.map((scheduleId) => ({ tenantId, accessGroupId: id, scheduleId })),
    );
    return { record: (await this.withLinks(tenantId, [record]))[0], created };
  }

  async get(tenantId: string, id: number): Promise<AccessGroupWithLinks> {
    const group = await this.store.find(AccessGroupEntity, { tenantId, id });
    if (!group) throw PlatformException.notFound(`access group ${id}`);
    return (await this.withLinks(tenantId, [group]))[0];
  }

  async list(tenantId: string, skip: number, take: number): Promise<AccessGroupWithLinks[]> {
    return this.withLinks(
      tenantId,
      await this.store.page(AccessGroupEntity, { tenantId }, { id: 'ASC' }, skip, take),
    );
  }

  /** Removes the group, its links and its memberships (its members simply lose what it granted). */
  async delete(tenantId: string, id: number): Promise<void> {
    const group = await this.store.lock(AccessGroupEntity, { tenantId, id });
    if (!group) throw PlatformException.notFound(`access group ${id}`);
    await this.unlink(tenantId, id);
    await this.store.deleteWhere(MobileUserAccessGroupEntity, { tenantId, accessGroupId: id });
    await this.store.deleteWhere(AccessGroupEntity, { tenantId, id });
    await this.store.release(SITES, tenantId, [group.siteId]);
  }

  /** Drops the group's links and the references they held. */
  private async unlink(tenantId: string, id: number): Promise<void> {
    const [links] = await this.withLinks(tenantId, [{ tenantId, id } as AccessGroupEntity]);
    await this.store.release(AREAS, tenantId, links.controlledAreaIds);
    await this.store.release(SCHEDULES, tenantId, links.scheduleIds);
    await this.store.deleteWhere(AccessGroupAreaEntity, { tenantId, accessGroupId: id });
    await this.store.deleteWhere(AccessGroupScheduleEntity, { tenantId, accessGroupId: id });
  }

  private async withLinks(tenantId: string, groups: AccessGroupEntity[]): Promise<AccessGroupWithLinks[]> {
    if (groups.length === 0) return [];
    const accessGroupId = In(groups.map((group) => group.id));
    const areas = await this.store.manager.find(AccessGroupAreaEntity, {
      where: { tenantId, accessGroupId },
      order: { controlledAreaId: 'ASC' },
    });
    const schedules = await this.store.manager.find(AccessGroupScheduleEntity, {
      where: { tenantId, accessGroupId },
      order: { scheduleId: 'ASC' },
    });
    return groups.map((group) => ({
      group,
      controlledAreaIds: areas
        .filter((link) => link.accessGroupId === group.id)
        .map((link) => link.controlledAreaId),
      scheduleIds: schedules.filter((link) => link.accessGroupId === group.id).map((link) => link.scheduleId),
    }));
  }
}
