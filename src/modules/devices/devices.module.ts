import { Module, type OnModuleInit } from '@nestjs/common';
import { ErrorShapes } from '../../core/http/error-shapes';
import { CredentialsController } from './credentials.controller';
import { DeviceCredentialsRepository } from './device-credentials.repository';
import { DeviceCredentialsService } from './device-credentials.service';
import { DevicesController } from './devices.controller';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';
import { genetecErrorShape } from './genetec-error.shape';

/** Genetec Clearance device service: devices, activation under the tenant's limit, credentials. */
@Module({
  controllers: [DevicesController, CredentialsController],
  providers: [DevicesRepository, DevicesService, DeviceCredentialsRepository, DeviceCredentialsService],
  exports: [DevicesService, DeviceCredentialsService],
})
export class DevicesModule implements OnModuleInit {
  constructor(private readonly shapes: ErrorShapes) {}

  onModuleInit(): void {
    this.shapes.register(genetecErrorShape);
  }
}
