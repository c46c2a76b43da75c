import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../../core/auth/current-user.decorator';
import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { Operation } from '../../../core/http/operation.decorator';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { MobileCallerService } from '../mobile-auth/mobile-caller.service';
import { eachItem, type ItemFailure } from './batch';
import { UnlockZoneDto, ZoneOperationResponse, ZoneStateDto } from './dto/zone-control.dto';
import { UnlockRateLimitGuard } from './unlock-rate-limit.guard';
import { ZoneControlService } from './zone-control.service';

const BATCH =
  'A JSON array of up to 100 items; one result per item, in order. An invalid item, or an unknown area, answers ' +
  '`{status, message}` (400, 404) in its place; the other items go on.';
const UNLOCK =
  'The area opens for `duration` seconds (1 to 3600), then reverts by itself: the end is a time stored on the area, ' +
  'read by every instance, not a timer. A lockdown is never unlocked: `result` "Denied". Rate limited per user ' +
  '(30 unlock calls a minute, 429).';
const NOT_FOUND = "No controlled area with this zone-id in the caller's tenant.";

@ApiTags('Primis mobile: zones')
@Controller('api/mobile')
export class ZoneControlController {
  constructor(
    private readonly zones: ZoneControlService,
    private readonly callers: MobileCallerService,
  ) {}

  @Post('zone_state')
  @Transactional()
  @Authenticated({ roles: [Role.MOBILE_ADMIN] })
  @Operation({
    id: 'updateZoneState',
    summary: 'Set the state of one controlled area (admin)',
    description:
      'States: 10 normal, 11 open, 12 secure, 13 lockdown (README, "Zone states"). Ends a running momentary unlock.',
  })
  @ApiCreatedResponse({ type: ZoneOperationResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async setState(
    @Body() dto: ZoneStateDto,
    @CurrentUser() principal: Principal,
  ): Promise<ZoneOperationResponse> {
    return this.zones.setState(await this.callers.resolve(principal), dto);
  }

  @Post('zone_states')
  @Transactional()
  @Authenticated({ roles: [Role.MOBILE_ADMIN] })
  @Operation({
    id: 'updateZoneStates',
    summary: 'Set the states of several controlled areas (admin)',
    description: BATCH,
  })
  @ApiBody({ type: ZoneStateDto, isArray: true })
  @ApiCreatedResponse({ type: ZoneOperationResponse, isArray: true })
  async setStates(
    @Body() body: unknown,
    @CurrentUser() principal: Principal,
  ): Promise<(ZoneOperationResponse | ItemFailure)[]> {
    const caller = await this.callers.resolve(principal);
    return eachItem(body, ZoneStateDto, (item) => this.zones.setState(caller, item));
  }

  @Post('unlock_zone')
  @Transactional()
  @UseGuards(UnlockRateLimitGuard)
  @Authenticated({ roles: [Role.MOBILE_ADMIN] })
  @Operation({
    id: 'unlockZone',
    summary: 'Momentarily unlock one controlled area (admin, any area)',
    description: UNLOCK,
  })
  @ApiCreatedResponse({ type: ZoneOperationResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiTooManyRequestsResponse({ description: 'Too many unlock calls; see Retry-After.' })
  async unlock(
    @Body() dto: UnlockZoneDto,
    @CurrentUser() principal: Principal,
  ): Promise<ZoneOperationResponse> {
    return this.zones.unlockAsAdmin(await this.callers.resolve(principal), dto);
  }

  @Post('unlock_zones')
  @Transactional()
  @UseGuards(UnlockRateLimitGuard)
  @Authenticated({ roles: [Role.MOBILE_ADMIN] })
  @Operation({
    id: 'unlockZones',
    summary: 'Momentarily unlock several controlled areas (admin, any area)',
    description: `${UNLOCK} ${BATCH}`,
  })
  @ApiBody({ type: UnlockZoneDto, isArray: true })
  @ApiCreatedResponse({ type: ZoneOperationResponse, isArray: true })
  @ApiTooManyRequestsResponse({ description: 'Too many unlock calls; see Retry-After.' })
  async unlockMany(
    @Body() body: unknown,
    @CurrentUser() principal: Principal,
  ): Promise<(ZoneOperationResponse | ItemFailure)[]> {
    const caller = await this.callers.resolve(principal);
    return eachItem(body, UnlockZoneDto, (item) => this.zones.unlockAsAdmin(caller, item));
  }

  @Post('user/unlock_zone')
  @Transactional()
  @UseGuards(UnlockRateLimitGuard)
  @Authenticated({ roles: [Role.MOBILE_USER, Role.MOBILE_ADMIN] })
  @Operation({
    id: 'unlockZoneAsUser',
    summary: 'Momentarily unlock one controlled area the user may enter now',
    description: `${UNLOCK} An area the user may not enter now (no access group, no schedule on) answers "Denied" with the reason in \`info\`.`,
  })
  @ApiCreatedResponse({ type: ZoneOperationResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiTooManyRequestsResponse({ description: 'Too many unlock calls; see Retry-After.' })
  async unlockAsUser(
    @Body() dto: UnlockZoneDto,
    @CurrentUser() principal: Principal,
  ): Promise<ZoneOperationResponse> {
    return this.zones.unlockAsUser(await this.callers.resolve(principal), dto);
  }

  @Post('user/unlock_zones')
  @Transactional()
  @UseGuards(UnlockRateLimitGuard)
  @Authenticated({ roles: [Role.MOBILE_USER, Role.MOBILE_ADMIN] })
  @Operation({
    id: 'unlockZonesAsUser',
    summary: 'Momentarily unlock several controlled areas the user may enter now',
    description: `${UNLOCK} ${BATCH}`,
  })
  @ApiBody({ type: UnlockZoneDto, isArray: true })
  @ApiCreatedResponse({ type: ZoneOperationResponse, isArray: true })
  @ApiTooManyRequestsResponse({ description: 'Too many unlock calls; see Retry-After.' })
  async unlockManyAsUser(
    @Body() body: unknown,
    @CurrentUser() principal: Principal,
  ): Promise<(ZoneOperationResponse | ItemFailure)[]> {
    const caller = await this.callers.resolve(principal);
    return eachItem(body, UnlockZoneDto, (item) => this.zones.unlockAsUser(caller, item));
  }
}
