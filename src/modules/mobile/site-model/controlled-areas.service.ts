import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { PlatformException } from '../../../core/http/app.exception';
import { ZoneState, zoneStateByName } from '../access/zone-state';
import type { GeoLocationDto, PutControlledAreaDto } from './dto/controlled-area.dto';
import { BeaconEntity } from './entities/beacon.entity';
import { ControlledAreaEntity } from './entities/controlled-area.entity';
import { MAX_GPS_RADIUS_METERS, toMeters } from './gps-unit';
import { GROUPS_LISTING_AREA, referrersOf, SCHEDULES_DRIVING_AREA } from './referrers';
import { badField, unprocessable } from './site-model.errors';
import { AREAS, BEACONS, SiteModelStore, SITES, type Upserted } from './site-model.store';
import { moveSite } from './site-moves';

/** An area with the beacon it names (for the beacon's major and minor), as the API shows it. */
export interface AreaWithBeacon {
  area: ControlledAreaEntity;
  beacon: BeaconEntity | null;
}

/** Controlled areas: their site, state and geolocation (beacon and/or GPS circle). */
@Injectable()
export class ControlledAreasService {
  constructor(private readonly store: SiteModelStore) {}

  async put(tenantId: string, id: string, dto: PutControlledAreaDto): Promise<Upserted<AreaWithBeacon>> {
    const now = new Date();
    const key = { tenantId, id };
    const geo = dto.geoLocation ?? { enabled: false };
    if (geo.enabled && !geo.beacon && !geo.gps)
      throw badField('geoLocation', 'enabled needs a beacon or gps');
    if (geo.gps && toMeters(geo.gps.radius, geo.gps.unitType) > MAX_GPS_RADIUS_METERS)
      throw badField('geoLocation.gps.radius', `may be at most ${MAX_GPS_RADIUS_METERS} meters`);
    const existing = await this.store.lock(ControlledAreaEntity, key);
    await moveSite(this.store, AREAS, tenantId, id, existing?.siteId, dto.siteId);
    const beacon = await this.pointAtBeacon(tenantId, id, existing?.beaconUniqueId ?? null, geo);
    const state = zoneStateByName(dto.state ?? 'normal') ?? ZoneState.NORMAL;
    const record = Object.assign(new ControlledAreaEntity(), {
      ...key,
      siteId: dto.siteId,
      name: dto.name,
      description: dto.description ?? '',
      state,
      stateChangedAt: existing && existing.state === state ? existing.stateChangedAt : now,
      unlockedUntil: existing?.unlockedUntil ?? null,
      toggle: dto.toggle ?? '',
      factor: dto.factor ?? 0,
      authorizationMode: dto.authorizationMode ?? 0,
      authorizationTimeout: dto.authorizationTimout ?? 0,
      zoneGroupId: dto.zoneGroupId ?? '',
      geoEnabled: geo.enabled,
      beaconUniqueId: beacon?.uniqueId ?? null,
      gpsLatitude: geo.gps?.latitude ?? null,
      gpsLongitude: geo.gps?.longitude ?? null,
      gpsRadius: geo.gps?.radius ?? null,
      gpsUnitType: geo.gps?.unitType ?? null,
      referenceCount: existing?.referenceCount ?? 0,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    const { created } = await this.store.save(
      ControlledAreaEntity,
      key,
      record,
      existing,
      `controlled area ${id} was created concurrently`,
    );
    return { record: { area: record, beacon }, created };
  }

  async get(tenantId: string, id: string): Promise<AreaWithBeacon> {
    const area = await this.store.find(ControlledAreaEntity, { tenantId, id });
    if (!area) throw PlatformException.notFound(`controlled area ${id}`);
    const beacon = area.beaconUniqueId
      ? await this.store.find(BeaconEntity, { tenantId, uniqueId: area.beaconUniqueId })
      : null;
    return { area, beacon };
  }

  async list(tenantId: string, skip: number, take: number): Promise<AreaWithBeacon[]> {
    const areas = await this.store.page(ControlledAreaEntity, { tenantId }, { id: 'ASC' }, skip, take);
    const named = areas.map((area) => area.beaconUniqueId).filter((id): id is string => id !== null);
    const beacons = named.length
      ? await this.store.manager.findBy(BeaconEntity, { tenantId, uniqueId: In(named) })
      : [];
    const byId = new Map(beacons.map((beacon) => [beacon.uniqueId, beacon]));
    return areas.map((area) => ({ area, beacon: byId.get(area.beaconUniqueId ?? '') ?? null }));
  }

  /** Refused (409) while an access group lists the area or a schedule drives it; frees its site and beacon. */
  async delete(tenantId: string, id: string): Promise<void> {
    const area = await this.store.lock(ControlledAreaEntity, { tenantId, id });
    if (!area) throw PlatformException.notFound(`controlled area ${id}`);
    if (!(await this.store.deleteUnreferenced(AREAS, tenantId, id))) {
      const referrers = await referrersOf(this.store, tenantId, id, [
        GROUPS_LISTING_AREA,
        SCHEDULES_DRIVING_AREA,
      ]);
      throw PlatformException.conflict(
        `controlled area ${id} is in use (${referrers}): remove it from them first`,
      );
    }
    await this.store.release(SITES, tenantId, [area.siteId]);
    if (area.beaconUniqueId) await this.store.release(BEACONS, tenantId, [area.beaconUniqueId]);
  }

  /**
   * Moves the area's pointer from its old beacon to the one `geo` names (422 when the tenant has none
   * such, or when the body's major/minor are not the beacon's; 409 when another area has it).
   */
  private async pointAtBeacon(
    tenantId: string,
    areaId: string,
    previous: string | null,
    geo: GeoLocationDto,
  ): Promise<BeaconEntity | null> {
    const wanted = geo.beacon?.uniqueId ?? null;
    if (wanted !== previous) {
      if (previous) await this.store.release(BEACONS, tenantId, [previous]);
      if (wanted)
        await this.store.reference(BEACONS, tenantId, [wanted], { field: 'geoLocation.beacon.uniqueId' });
    }
    if (!wanted || !geo.beacon) return null;
    const beacon = (await this.store.find(BeaconEntity, { tenantId, uniqueId: wanted })) as BeaconEntity;
    for (const part of ['major', 'minor'] as const) {
      const given = geo.beacon[part];
      if (given !== undefined && given !== null && given !== beacon[part])
        throw unprocessable([
          {
            field: `geoLocation.beacon.${part}`,
            message: `beacon ${wanted} has ${part} ${beacon[part]}, not ${given}`,
          },
        ]);
    }
    const holder = await this.store.find(ControlledAreaEntity, { tenantId, beaconUniqueId: wanted });
    if (holder && holder.id !== areaId)
      throw PlatformException.conflict(`beacon ${wanted} is already used by controlled area ${holder.id}`);
    return beacon;
  }
}
