import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { CoreModule } from './core/core.module';
import { AccessDevicesModule } from './modules/access-devices/access-devices.module';
import { AdmissionModule } from './modules/admission/admission.module';
import { DevicesModule } from './modules/devices/devices.module';
import { MobileModule } from './modules/mobile/mobile.module';
import { NegotiationModule } from './modules/negotiation/negotiation.module';
import { NewDeviceRequestsModule } from './modules/new-device-requests/new-device-requests.module';

/** The platform plus the feature modules (each speaks one vendor's API). */
@Module({})
export class AppModule {
  /** `extra`: modules mounted beside the features (the e2e tests mount their fixtures this way). */
  static forRoot(config: AppConfig, extra: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        DevicesModule,
        NegotiationModule,
        AdmissionModule,
        AccessDevicesModule,
        NewDeviceRequestsModule,
        MobileModule,
        ...extra,
      ],
    };
  }
}
