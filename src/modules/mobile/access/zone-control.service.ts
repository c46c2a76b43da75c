import { Injectable } from '@nestjs/common';
import { PrimisException } from '../primis.exception';
import { DENIAL_INFO, DenialReason } from './access-decision';
import { AccessEvents } from './access-events';
import { AccessRulesRepository, type AreaFacts } from './access-rules.repository';
import { AreaRights } from './area-rights.service';
import { Clock } from './clock';
import { ZoneControlRepository } from './zone-control.repository';
import type { UnlockZoneDto, ZoneOperationResponse, ZoneStateDto } from './dto/zone-control.dto';
import type { MobileCaller } from '../mobile-auth/mobile-caller.service';

const GRANTED: ZoneOperationResponse = { status: 'ok', result: 'Granted' };
const denied = (reason: DenialReason): ZoneOperationResponse => ({
  status: 'ok',
  result: 'Denied',
  info: DENIAL_INFO[reason],
});

/** Zone states and momentary unlocks. An unlock is a timestamp on the area's row: it ends by itself. */
@Injectable()
export class ZoneControlService {
  constructor(
    private readonly rules: AccessRulesRepository,
    private readonly zones: ZoneControlRepository,
    private readonly rights: AreaRights,
    private readonly events: AccessEvents,
    private readonly clock: Clock,
  ) {}

  async setState(caller: MobileCaller, dto: ZoneStateDto): Promise<ZoneOperationResponse> {
    const now = this.clock.now();
    if (!(await this.zones.setState(caller.tenantId, dto['zone-id'], dto.state, now))) throw areaNotFound();
    await this.events.zoneStateChanged({
      tenantId: caller.tenantId,
      zoneId: dto['zone-id'],
      state: dto.state,
      unlockedUntil: null,
      by: caller.email,
    });
    return GRANTED;
  }

  /** An admin unlocks any area of the tenant; only a lockdown refuses. */
  async unlockAsAdmin(caller: MobileCaller, dto: UnlockZoneDto): Promise<ZoneOperationResponse> {
    return this.unlock(caller, await this.area(caller, dto), dto);
  }

  /** A user unlocks an area they may enter now (their access groups, schedules, no lockdown). */
  async unlockAsUser(caller: MobileCaller, dto: UnlockZoneDto): Promise<ZoneOperationResponse> {
    const area = await this.area(caller, dto);
    const [reason] = await this.rights.reasons(caller.tenantId, caller.userId, [area], this.clock.now());
    return reason === null ? this.unlock(caller, area, dto) : denied(reason);
  }

  private async area(caller: MobileCaller, dto: UnlockZoneDto): Promise<AreaFacts> {
    const area = await this.rules.areaById(caller.tenantId, dto['zone-id']);
    if (!area) throw areaNotFound();
    return area;
  }

  private async unlock(
    caller: MobileCaller,
    area: AreaFacts,
    dto: UnlockZoneDto,
  ): Promise<ZoneOperationResponse> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + dto.duration * 1000);
    if (!(await this.zones.unlockUntil(caller.tenantId, area.id, until, now)))
      return denied(DenialReason.LOCKDOWN);
    await this.events.zoneStateChanged({
      tenantId: caller.tenantId,
      zoneId: area.id,
      state: area.state,
      unlockedUntil: until,
      by: caller.email,
    });
    return GRANTED;
  }
}

const areaNotFound = () => PrimisException.notFound('Controlled area');
