import { Module, type OnModuleInit } from '@nestjs/common';
import { ErrorShapes } from '../../core/http/error-shapes';
import { cumulocityErrorShape } from './cumulocity-error.shape';
import { CumulocityMediaTypeInterceptor } from './cumulocity-media-type';
import { DeviceCredentialsController } from './device-credentials.controller';
import { DeviceCredentialsService } from './device-credentials.service';
import { NewDeviceRequestSettingsController } from './new-device-request-settings.controller';
import { NewDeviceRequestsController } from './new-device-requests.controller';
import { NewDeviceRequestsRepository } from './new-device-requests.repository';
import { NewDeviceRequestsService } from './new-device-requests.service';

/**
 * Cumulocity device registration: new device requests, the bootstrap poll for device credentials, the
 * bulk CSV import and the identity/inventory read API for what it creates.
 */
@Module({
  controllers: [NewDeviceRequestsController, NewDeviceRequestSettingsController, DeviceCredentialsController],
  providers: [
    CumulocityMediaTypeInterceptor,
    NewDeviceRequestsRepository,
    NewDeviceRequestsService,
    DeviceCredentialsService,
  ],
})
export class NewDeviceRequestsModule implements OnModuleInit {
  constructor(private readonly shapes: ErrorShapes) {}

  onModuleInit(): void {
    this.shapes.register(cumulocityErrorShape);
  }
}
