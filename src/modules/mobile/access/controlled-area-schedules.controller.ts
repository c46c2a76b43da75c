import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../../core/auth/authenticated.decorator';
import { CurrentUser } from '../../../core/auth/current-user.decorator';
import type { Principal } from '../../../core/auth/principal';
import { Role } from '../../../core/auth/role.enum';
import { Operation } from '../../../core/http/operation.decorator';
import { Transactional } from '../../../core/transaction/transactional.decorator';
import { ControlledAreaSchedulesService } from './controlled-area-schedules.service';
import { AreaScheduleResponse, CreateAreaScheduleDto } from './dto/controlled-area-schedule.dto';

@ApiTags('Primis mobile: zones')
@Controller('api/controlled_area_schedules')
export class ControlledAreaSchedulesController {
  constructor(private readonly schedules: ControlledAreaSchedulesService) {}

  @Post('schedule')
  @Transactional()
  @Authenticated({ roles: [Role.MOBILE_ADMIN] })
  @Operation({
    id: 'createControlledAreaSchedule',
    summary: 'Drive controlled areas by a schedule (admin)',
    description:
      'While the schedule is on, each listed area in the normal state takes `on_action`, otherwise `off_action` ' +
      '(0 none, 1 open, 2 secure): what the effective-state poll answers. Posting an (id, area) pair again replaces ' +
      'its actions. All or nothing: an unknown schedule or area is a 404 and nothing is written.',
  })
  @ApiCreatedResponse({ type: AreaScheduleResponse })
  @ApiNotFoundResponse({
    description: 'No schedule with this id, or no such controlled area, in the tenant.',
  })
  create(
    @Body() dto: CreateAreaScheduleDto,
    @CurrentUser() principal: Principal,
  ): Promise<AreaScheduleResponse> {
    return this.schedules.create(principal.tenantId, dto);
  }
}
