import { Injectable } from '@nestjs/common';
import { PlatformException } from '../../../core/http/app.exception';
import { MAX_RAW_DATA_BYTES, type PutBeaconDto } from './dto/beacon.dto';
import { BeaconEntity } from './entities/beacon.entity';
import { BEACONS, SiteModelStore, type Upserted } from './site-model.store';

/** Beacons; the uuid is kept lower case, so a phone's report matches whatever case it uses. */
@Injectable()
export class BeaconsService {
  constructor(private readonly store: SiteModelStore) {}

  async put(tenantId: string, uniqueId: string, dto: PutBeaconDto): Promise<Upserted<BeaconEntity>> {
    const key = { tenantId, uniqueId };
    const existing = await this.store.lock(BeaconEntity, key);
    const record = Object.assign(new BeaconEntity(), {
      ...key,
      uuid: dto.uuid.toLowerCase(),
      major: dto.major,
      minor: dto.minor,
      advInterval: dto.advInterval,
      avgEventInterval: dto.avgEventInterval ?? null,
      lastEventTimestamp: dto.lastEventTimestamp === undefined ? null : new Date(dto.lastEventTimestamp),
      batteryLevel: dto.batteryLevel ?? null,
      master: dto.master ?? null,
      deviceData: rawData('deviceData', dto.deviceData),
      statusData: rawData('statusData', dto.statusData),
      referenceCount: existing?.referenceCount ?? 0,
      updatedAt: new Date(),
    });
    const identity = `${record.uuid} ${record.major}/${record.minor}`;
    return this.store.save(
      BeaconEntity,
      key,
      record,
      existing,
      `another beacon has uuid/major/minor ${identity}`,
    );
  }

  async get(tenantId: string, uniqueId: string): Promise<BeaconEntity> {
    const beacon = await this.store.find(BeaconEntity, { tenantId, uniqueId });
    if (!beacon) throw PlatformException.notFound(`beacon ${uniqueId}`);
    return beacon;
  }

  list(tenantId: string, skip: number, take: number): Promise<BeaconEntity[]> {
    return this.store.page(BeaconEntity, { tenantId }, { uniqueId: 'ASC' }, skip, take);
  }

  /** Refused (409) while a controlled area uses the beacon. */
  async delete(tenantId: string, uniqueId: string): Promise<void> {
    if (!(await this.store.lock(BeaconEntity, { tenantId, uniqueId })))
      throw PlatformException.notFound(`beacon ${uniqueId}`);
    if (!(await this.store.deleteUnreferenced(BEACONS, tenantId, uniqueId)))
      throw PlatformException.conflict(
        `beacon ${uniqueId} is used by a controlled area: change the area first`,
      );
  }
}

function rawData(field: string, value: Record<string, unknown> | undefined): string | null {
  if (value === undefined) return null;
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json) > MAX_RAW_DATA_BYTES)
    throw PlatformException.badRequest(`${field} may hold at most ${MAX_RAW_DATA_BYTES} bytes of JSON`);
  return json;
}
