import { Module, type OnModuleInit } from '@nestjs/common';
import { ErrorShapes } from '../../core/http/error-shapes';
import { AccessDeviceSettingsController } from './access-device-settings.controller';
import { AccessDeviceSettingsService } from './access-device-settings.service';
import { AccessDevicesController } from './access-devices.controller';
import { AccessDevicesRepository } from './access-devices.repository';
import { AccessDevicesService } from './access-devices.service';
import { apioErrorShape } from './apio-error.shape';
import { DeviceProvisioning } from './device-provisioning';
import { PhoneTypesController } from './phone-types.controller';
import { PhoneTypesService } from './phone-types.service';
import { ProvisioningServersService } from './provisioning-servers.service';

/** APIO advanced access devices: phone types, provisioning into redirect and vendor servers with rollback. */
@Module({
  controllers: [PhoneTypesController, AccessDevicesController, AccessDeviceSettingsController],
  providers: [
    AccessDevicesRepository,
    AccessDevicesService,
    AccessDeviceSettingsService,
    PhoneTypesService,
    ProvisioningServersService,
    DeviceProvisioning,
  ],
})
export class AccessDevicesModule implements OnModuleInit {
  constructor(private readonly shapes: ErrorShapes) {}

  onModuleInit(): void {
    this.shapes.register(apioErrorShape);
  }
}
