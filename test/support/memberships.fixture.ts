import { Body, Controller, Delete, Get, Module, Param, Put } from '@nestjs/common';
import { ArrayUnique, IsArray, IsInt } from 'class-validator';
import { Authenticated } from '../../src/core/auth/authenticated.decorator';
import { Role } from '../../src/core/auth/role.enum';
import { Operation } from '../../src/core/http/operation.decorator';
import { Transactional } from '../../src/core/transaction/transactional.decorator';
import { MembershipsService } from '../../src/modules/mobile/site-model/memberships.service';
import { SiteModelModule } from '../../src/modules/mobile/site-model/site-model.module';

class MembershipsDto {
  @IsArray()
  @ArrayUnique()
  @IsInt({ each: true })
  accessGroupIds: number[];
}

/** Drives MembershipsService as the mobile-users API does (test only: a SYSTEM_ADMIN route per method). */
@Controller('test/memberships/:tenantId/:userId')
@Authenticated({ roles: [Role.SYSTEM_ADMIN] })
class MembershipsFixtureController {
  constructor(private readonly memberships: MembershipsService) {}

  @Put()
  @Transactional()
  @Operation({ id: 'testReplaceMemberships', summary: 'test fixture' })
  async replace(
    @Param('tenantId') tenantId: string,
    @Param('userId') userId: string,
    @Body() dto: MembershipsDto,
  ): Promise<number[]> {
    await this.memberships.replace(tenantId, userId, dto.accessGroupIds);
    return this.memberships.groupIds(tenantId, userId);
  }

  @Get()
  @Operation({ id: 'testListMemberships', summary: 'test fixture' })
  groupIds(@Param('tenantId') tenantId: string, @Param('userId') userId: string): Promise<number[]> {
    return this.memberships.groupIds(tenantId, userId);
  }

  @Delete()
  @Transactional()
  @Operation({ id: 'testRemoveMemberships', summary: 'test fixture' })
  async remove(@Param('tenantId') tenantId: string, @Param('userId') userId: string): Promise<void> {
    await this.memberships.removeUser(tenantId, userId);
  }
}

@Module({ imports: [SiteModelModule], controllers: [MembershipsFixtureController] })
export class MembershipsFixtureModule {}
