import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, SkipAudit } from '../../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../../core/auth/current-user.decorator';
import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { Operation } from '../../../core/http/operation.decorator';
import { MobileCallerService } from '../mobile-auth/mobile-caller.service';
import { PrimisException } from '../primis.exception';
import { GeolocationAccessDto } from './dto/geolocation-access.dto';
import { GeolocationAccessResponse } from './dto/geolocation-access.response';
import { GeolocationAccessService } from './geolocation-access.service';

@ApiTags('Primis mobile: access')
@Controller('api/mobile/geolocation')
export class GeolocationAccessController {
  constructor(
    private readonly access: GeolocationAccessService,
    private readonly callers: MobileCallerService,
  ) {}

  // No @Transactional: reads, then the audit row alone or with its webhook event in one transaction
  // (AccessEvents.accessDecided), so a decision nobody subscribes to costs no BEGIN and COMMIT.
  @Post('access')
  @Authenticated({ roles: [Role.MOBILE_USER, Role.MOBILE_ADMIN] })
  @SkipAudit() // every decision is audited in mobile_access_decisions (GET .../access-control/decisions)
  @Operation({
    id: 'requestGeolocationAccess',
    summary: 'Ask to enter the controlled area at a beacon or a GPS position',
    description:
      'Give exactly one of `beacon` {uuid, major, minor} or `gps` {latitude, longitude}. 201 for granted and denied ' +
      "alike; `info` says why a request was denied; `distance` (in the area's unitType) only for GPS. Granted when one " +
      "of the user's access groups holds the area and one of its schedules is on now in the site's time zone, and the " +
      'area is not in lockdown. GPS: the nearest area covering the phone that the user may enter; when none covers ' +
      'it, the nearest area within 5 km is named with its distance. Every decision is audited.',
  })
  @ApiCreatedResponse({ type: GeolocationAccessResponse })
  async request(
    @Body() dto: GeolocationAccessDto,
    @CurrentUser() principal: Principal,
  ): Promise<GeolocationAccessResponse> {
    // Both absent or both given; null is absent (IsOptional lets it through): `{"gps": null}` names nothing.
    const { beacon, gps } = dto;
    if (!beacon === !gps)
      throw PrimisException.badRequest('Either the beacon or the gps property must be given, not both');
    const caller = await this.callers.resolve(principal, dto.guid);
    const primisResult = beacon
      ? await this.access.byBeacon(caller, beacon)
      : await this.access.byGps(caller, gps as NonNullable<typeof gps>);
    return { status: 'ok', primisResult };
  }
}
