import { Module, type OnModuleInit } from '@nestjs/common';
import { PhoneSessions } from '../../../core/auth/phone-sessions';
import { BeaconConfiguration } from './beacon-configuration';
import { LoginThrottle } from './login-throttle';
import { MobileCallerService } from './mobile-caller.service';
import { MobileLoginController } from './mobile-login.controller';
import { MobileLoginService } from './mobile-login.service';
import { MobilePhonesRepository } from './mobile-phones.repository';
import { MobileProfilesRepository } from './mobile-profiles.repository';
import { SiteModelModule } from '../site-model/site-model.module';
import { MobileUsersController } from './mobile-users.controller';
import { MobileUsersService } from './mobile-users.service';
import { PhoneLicenceService } from './phone-licence.service';
import { PhoneSessionStoreImpl } from './phone-session.store';

/**
 * Mobile users (their management API; memberships through the site model), phones, licence,
 * mobile login, tokens, registration and password. Exports
 * MobileCallerService: who calls a mobile route (tenant, user, admin, zoneAccess, phone).
 */
@Module({
  imports: [SiteModelModule],
  controllers: [MobileLoginController, MobileUsersController],
  providers: [
    MobilePhonesRepository,
    MobileProfilesRepository,
    MobileCallerService,
    MobileLoginService,
    LoginThrottle,
    PhoneSessionStoreImpl,
    PhoneLicenceService,
    MobileUsersService,
    BeaconConfiguration,
  ],
  exports: [MobileCallerService],
})
export class MobileAuthModule implements OnModuleInit {
  constructor(
    private readonly sessions: PhoneSessions,
    private readonly store: PhoneSessionStoreImpl,
  ) {}

  onModuleInit(): void {
    this.sessions.use(this.store);
  }
}
