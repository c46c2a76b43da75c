import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../../core/auth/current-user.decorator';
import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { Operation } from '../../../core/http/operation.decorator';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { type MobileCaller, MobileCallerService } from '../mobile-auth/mobile-caller.service';
import { PrimisException } from '../primis.exception';
import { Clock } from './clock';
import { BeaconStatusDto } from './dto/beacon-status.dto';
import { BeaconResponse } from '../site-model/dto/beacon.dto';
import {
  BeaconStatusResponse,
  MobileAccessGroupResponse,
  MobileControlledAreaResponse,
  MobileScheduleResponse,
} from './dto/mobile-reads.response';
import { MobileReadsRepository } from './mobile-reads.repository';

const MOBILE = { roles: [Role.MOBILE_USER, Role.MOBILE_ADMIN] };

@ApiTags('Primis mobile: site')
@Controller('api')
export class MobileReadsController {
  constructor(
    private readonly reads: MobileReadsRepository,
    private readonly callers: MobileCallerService,
    private readonly clock: Clock,
  ) {}

  /** The user who registered the phone in the admin's tenant; 404 for a phone unknown there. */
  private async ownerOf(principal: Principal, phoneId: string): Promise<MobileCaller> {
    const admin = await this.callers.resolve(principal);
    const userId = await this.callers.ownerOfPhone(admin.tenantId, phoneId);
    if (userId === undefined) throw PrimisException.notFound('Mobile device');
    return { ...admin, userId };
  }

  @Post('mobile/beacon/status')
  @Transactional()
  @Authenticated(MOBILE)
  @Operation({
    id: 'updateBeaconStatus',
    summary: 'Report a beacon health check (battery level)',
    description:
      'Updates every beacon of the tenant with this major/minor: batteryLevel, lastEventTimestamp.',
  })
  @ApiCreatedResponse({ type: BeaconStatusResponse })
  @ApiNotFoundResponse({ description: 'No beacon with this major/minor in the tenant.' })
  async beaconStatus(
    @Body() dto: BeaconStatusDto,
    @CurrentUser() principal: Principal,
  ): Promise<BeaconStatusResponse> {
    const now = this.clock.now();
    const updated = await this.reads.reportBeaconStatus(
      principal.tenantId,
      dto.major,
      dto.minor,
      dto.batteryLevel,
      now,
    );
    if (updated === 0) throw PrimisException.notFound('Beacon');
    return { status: 'ok', primisResult: {} };
  }

  @Get('mobile/beacons')
  @Authenticated(MOBILE)
  @Operation({ id: 'listMobileBeacons', summary: 'List every beacon of the tenant' })
  @ApiOkResponse({ type: BeaconResponse, isArray: true })
  beacons(@CurrentUser() principal: Principal): Promise<BeaconResponse[]> {
    return this.reads.beacons(principal.tenantId);
  }

  @Get('mobile/beacon/:beaconId')
  @Authenticated(MOBILE)
  @Operation({ id: 'getMobileBeacon', summary: 'Get one beacon by its uniqueId' })
  @ApiOkResponse({ type: BeaconResponse })
  @ApiNotFoundResponse({ description: 'No beacon with this uniqueId in the tenant.' })
  async beacon(
    @Param('beaconId') beaconId: string,
    @CurrentUser() principal: Principal,
  ): Promise<BeaconResponse> {
    const [beacon] = await this.reads.beacons(principal.tenantId, beaconId);
    if (!beacon) throw PrimisException.notFound('Beacon');
    return beacon;
  }

  @Get('mobile/controlled_areas')
  @Authenticated(MOBILE)
  @Operation({
    id: 'listOwnControlledAreas',
    summary: "List the controlled areas of the caller's access groups",
  })
  @ApiOkResponse({ type: MobileControlledAreaResponse, isArray: true })
  async ownAreas(@CurrentUser() principal: Principal): Promise<MobileControlledAreaResponse[]> {
    const caller = await this.callers.resolve(principal);
    return this.reads.areasOfUser(caller.tenantId, caller.userId);
  }

  @Get('mobile/:phoneId/controlled_areas')
  @Authenticated({ roles: [Role.MOBILE_ADMIN] })
  @Operation({
    id: 'listPhoneControlledAreas',
    summary: 'List the controlled areas of the user who registered a phone (admin)',
  })
  @ApiOkResponse({ type: MobileControlledAreaResponse, isArray: true })
  @ApiNotFoundResponse({ description: "No phone with this id registered in the admin's tenant." })
  async phoneAreas(
    @Param('phoneId') phoneId: string,
    @CurrentUser() principal: Principal,
  ): Promise<MobileControlledAreaResponse[]> {
    const owner = await this.ownerOf(principal, phoneId);
    return this.reads.areasOfUser(owner.tenantId, owner.userId);
  }

  @Get('mobile/access_groups')
  @Authenticated(MOBILE)
  @Operation({ id: 'listOwnAccessGroups', summary: 'List the access groups of the caller' })
  @ApiOkResponse({ type: MobileAccessGroupResponse, isArray: true })
  async ownGroups(@CurrentUser() principal: Principal): Promise<MobileAccessGroupResponse[]> {
    const caller = await this.callers.resolve(principal);
    return this.reads.groupsOfUser(caller.tenantId, caller.userId);
  }

  @Get('mobile/:phoneId/access_groups')
  @Authenticated({ roles: [Role.MOBILE_ADMIN] })
  @Operation({
    id: 'listPhoneAccessGroups',
    summary: 'List the access groups of the user who registered a phone (admin)',
  })
  @ApiOkResponse({ type: MobileAccessGroupResponse, isArray: true })
  @ApiNotFoundResponse({ description: "No phone with this id registered in the admin's tenant." })
  async phoneGroups(
    @Param('phoneId') phoneId: string,
    @CurrentUser() principal: Principal,
  ): Promise<MobileAccessGroupResponse[]> {
    const owner = await this.ownerOf(principal, phoneId);
    return this.reads.groupsOfUser(owner.tenantId, owner.userId);
  }

  @Get('mobile/schedules')
  @Authenticated(MOBILE)
  @Operation({
    id: 'listOwnSchedules',
    summary: "List the schedules of the caller's access groups",
    description:
      "Periods carry the spec's masks and dates, and this service's daily window (`start_time`, `end_time`).",
  })
  @ApiOkResponse({ type: MobileScheduleResponse, isArray: true })
  async ownSchedules(@CurrentUser() principal: Principal): Promise<MobileScheduleResponse[]> {
    const caller = await this.callers.resolve(principal);
    return this.reads.schedulesOfUser(caller.tenantId, caller.userId);
  }

  @Get('access_groups/:accessGroupId/controlled_areas_detail')
  @Authenticated({ roles: [Role.MOBILE_ADMIN] })
  @Operation({ id: 'listAccessGroupAreas', summary: 'List the controlled areas of an access group (admin)' })
  @ApiOkResponse({ type: MobileControlledAreaResponse, isArray: true })
  @ApiNotFoundResponse({ description: 'No access group with this id in the tenant.' })
  async groupAreas(
    @Param('accessGroupId', ParseIntPipe) accessGroupId: number,
    @CurrentUser() principal: Principal,
  ): Promise<MobileControlledAreaResponse[]> {
    const areas = await this.reads.areasOfGroup(principal.tenantId, accessGroupId);
    if (!areas) throw PrimisException.notFound('Access group');
    return areas;
  }
}
