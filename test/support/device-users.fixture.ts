import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import { IsArray, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { Authenticated } from '../../src/core/auth/authenticated.decorator';
import { CurrentUser } from '../../src/core/auth/current-user.decorator';
import type { Principal } from '../../src/core/auth/principal';
import { Role } from '../../src/core/auth/role.enum';
import { DeviceUsersService } from '../../src/core/device-users/device-users.service';
import { PlatformException } from '../../src/core/http/app.exception';
import { Operation } from '../../src/core/http/operation.decorator';
import { Transactional } from '../../src/core/transaction/transactional.decorator';

class DeviceCredentialsDto {
  @IsString()
  @Length(1, 1000)
  deviceId: string;

  @IsString()
  password: string;

  /** Given, it is stored as is (no hashing): lets a test upsert thousands of rows cheaply. */
  @IsOptional()
  @IsString()
  passwordHash?: string;
}

class UpsertDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DeviceCredentialsDto)
  devices: DeviceCredentialsDto[];
}

class DeviceIdDto {
  @IsString()
  deviceId: string;
}

/** Drives DeviceUsersService as the Cumulocity module will (test only: a SYSTEM_ADMIN route per method). */
@Controller('test/device-users/:tenantId')
@Authenticated({ roles: [Role.SYSTEM_ADMIN] })
class DeviceUsersFixtureController {
  constructor(private readonly deviceUsers: DeviceUsersService) {}

  @Post('upsert')
  @Transactional()
  @Operation({ id: 'testUpsertDeviceUsers', summary: 'test fixture' })
  async upsert(@Param('tenantId') tenantId: string, @Body() dto: UpsertDto): Promise<Record<string, string>> {
    const rows = await Promise.all(
      dto.devices.map(async ({ deviceId, password, passwordHash }) => ({
        deviceId,
        passwordHash: passwordHash ?? (await this.deviceUsers.hash(password)),
      })),
    );
    return Object.fromEntries(await this.deviceUsers.upsertManyHashed(tenantId, rows));
  }

  @Post('issue')
  @Transactional()
  @Operation({ id: 'testIssueDeviceUser', summary: 'test fixture' })
  async issue(@Param('tenantId') tenantId: string, @Body() dto: DeviceIdDto): Promise<{ password: string }> {
    return { password: await this.deviceUsers.issue(tenantId, dto.deviceId) };
  }

  @Post('revoke')
  @Transactional()
  @Operation({ id: 'testRevokeDeviceUser', summary: 'test fixture' })
  async revoke(@Param('tenantId') tenantId: string, @Body() dto: DeviceIdDto): Promise<{ revoked: boolean }> {
    return { revoked: await this.deviceUsers.revoke(tenantId, dto.deviceId) };
  }
}

/** A route a device reaches (`device: 'self'`) beside a role: answers who called. */
@Controller('test/device-self')
class DeviceSelfController {
  @Get()
  @Authenticated({ roles: [Role.ROLE_DEVICE_CONTROL_READ], device: 'self' })
  @Operation({ id: 'testDeviceSelf', summary: 'test fixture' })
  whoAmI(@CurrentUser() caller: Principal) {
    return { kind: caller.kind, deviceId: caller.deviceId, tenantId: caller.tenantId, name: caller.email };
  }

  /** As a Cumulocity read of one device: its own device user or a reader; another device is not there. */
  @Get(':deviceId')
  @Authenticated({ roles: [Role.ROLE_DEVICE_CONTROL_READ], device: 'self' })
  @Operation({ id: 'testDeviceSelfById', summary: 'test fixture' })
  device(@Param('deviceId') deviceId: string, @CurrentUser() caller: Principal) {
    if (!caller.mayAccessDevice(deviceId)) throw PlatformException.notFound('device');
    return { deviceId };
  }
}

@Module({ controllers: [DeviceUsersFixtureController, DeviceSelfController] })
export class DeviceUsersFixtureModule {}
