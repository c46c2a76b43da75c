import { Module, type OnModuleInit } from '@nestjs/common';
import { ErrorShapes } from '../../core/http/error-shapes';
import { cumulocityErrorShape } from './cumulocity-error.shape';
import { CumulocityMediaTypeInterceptor } from './cumulocity-media-type';

/**
 * Cumulocity device registration: new device requests, the bootstrap poll for device credentials, the
 * bulk CSV import and the identity/inventory read API for what it creates.
 */
@Module({
  controllers: [],
  providers: [CumulocityMediaTypeInterceptor],
})
export class NewDeviceRequestsModule implements OnModuleInit {
  constructor(private readonly shapes: ErrorShapes) {}

  onModuleInit(): void {
    this.shapes.register(cumulocityErrorShape);
  }
}
