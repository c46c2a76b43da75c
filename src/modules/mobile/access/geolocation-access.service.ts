import { Injectable } from '@nestjs/common';
import { fromMeters, type GpsUnit, MAX_GPS_RADIUS_METERS, toMeters } from '../site-model/gps-unit';
import { DENIAL_INFO, DenialReason } from './access-decision';
import { AccessDecisionsRepository } from './access-decisions.repository';
import { AccessEvents } from './access-events';
import { type AreaFacts, AccessRulesRepository } from './access-rules.repository';
import { AreaRights } from './area-rights.service';
import { Clock } from './clock';
import type { BeaconSightingDto, GpsPositionDto } from './dto/geolocation-access.dto';
import type { PrimisAccessResult } from './dto/geolocation-access.response';
import type { AccessMethod } from './entities/access-decision.entity';
import { boundingBox, distanceMeters } from './geo/geo-distance';
import type { MobileCaller } from '../mobile-auth/mobile-caller.service';

/**
 * How far around a GPS position areas are looked for (the indexed bounding box): the largest radius the
 * site model accepts, so no area that covers the phone is missed. The nearest area's distance is
 * answered when none covers the phone.
 */
export const GPS_SEARCH_METERS = MAX_GPS_RADIUS_METERS;
/** Areas examined per GPS request, nearest first. */
const GPS_CANDIDATES = 20;

interface Outcome {
  area: AreaFacts | null;
  reason: DenialReason | null;
  /** GPS only, in the area's unit. */
  distance?: number;
}

/** Geolocation access: finds the area by beacon or GPS, decides, audits the decision, answers Primis' body. */
@Injectable()
export class GeolocationAccessService {
  constructor(
    private readonly rules: AccessRulesRepository,
    private readonly rights: AreaRights,
    private readonly decisions: AccessDecisionsRepository,
    private readonly events: AccessEvents,
    private readonly clock: Clock,
  ) {}

  async byBeacon(caller: MobileCaller, beacon: BeaconSightingDto): Promise<PrimisAccessResult> {
    const now = this.clock.now();
    const area = await this.rules.areaByBeacon(
      caller.tenantId,
      beacon.uuid.toLowerCase(),
      beacon.major,
      beacon.minor,
    );
    let reason: DenialReason | null = DenialReason.UNKNOWN_BEACON;
    if (area && !area.geoEnabled) reason = DenialReason.GEOLOCATION_DISABLED;
    else if (area) [reason] = await this.rights.reasons(caller.tenantId, caller.userId, [area], now);
    return this.conclude(caller, 'beacon', { area, reason }, now);
  }

  async byGps(caller: MobileCaller, position: GpsPositionDto): Promise<PrimisAccessResult> {
    const now = this.clock.now();
    const candidates = await this.rules.areasInBox(
      caller.tenantId,
      boundingBox(position, GPS_SEARCH_METERS),
      position,
      GPS_CANDIDATES,
    );
    const measured = candidates
      .map((area) => ({
        area,
        meters: distanceMeters(position, { latitude: area.latitude ?? 0, longitude: area.longitude ?? 0 }),
      }))
      .sort((a, b) => a.meters - b.meters);
    const covering = measured.filter(
      ({ area, meters }) => area.radius !== null && meters <= toMeters(area.radius, area.unitType as GpsUnit),
    );
    const inUnit = ({ area, meters }: (typeof measured)[number]) =>
      fromMeters(meters, area.unitType as GpsUnit);
    if (covering.length === 0) {
      const nearest = measured[0];
      const outcome = nearest
        ? { area: nearest.area, reason: DenialReason.NO_AREA_NEARBY, distance: inUnit(nearest) }
        : { area: null, reason: DenialReason.NO_AREA_NEARBY };
      return this.conclude(caller, 'gps', outcome, now);
    }
    // Several areas may cover the phone: the nearest the user may enter, else why the nearest is denied.
    const reasons = await this.rights.reasons(
      caller.tenantId,
      caller.userId,
      covering.map(({ area }) => area),
      now,
    );
    const chosen = Math.max(0, reasons.indexOf(null));
    const outcome = {
      area: covering[chosen].area,
      reason: reasons[chosen],
      distance: inUnit(covering[chosen]),
    };
    return this.conclude(caller, 'gps', outcome, now);
  }

  /** Audits the decision, tells the events, and answers it. */
  private async conclude(
    caller: MobileCaller,
    method: AccessMethod,
    outcome: Outcome,
    now: Date,
  ): Promise<PrimisAccessResult> {
    const decision = {
      tenantId: caller.tenantId,
      decidedAt: now,
      userId: caller.userId,
      email: caller.email,
      phoneId: caller.phoneId,
      method,
      zoneId: outcome.area?.id ?? null,
      result: outcome.reason === null ? ('granted' as const) : ('denied' as const),
      reason: outcome.reason,
      distance: outcome.distance ?? null,
    };
    await this.events.accessDecided(decision, () => this.decisions.record(decision));
    return {
      result: decision.result,
      zoneid: outcome.area?.id ?? '',
      zonename: outcome.area?.name ?? '',
      ...(outcome.distance === undefined ? {} : { distance: outcome.distance }),
      info: outcome.reason === null ? '' : DENIAL_INFO[outcome.reason],
    };
  }
}
