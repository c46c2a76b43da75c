import { Module, type OnModuleInit } from '@nestjs/common';
import { ErrorShapes } from '../../core/http/error-shapes';
import { AccessModule } from './access/access.module';
import { MobileAuthModule } from './mobile-auth/mobile-auth.module';
import { primisErrorShape } from './primis-error.shape';
import { SiteModelModule } from './site-model/site-model.module';

/**
 * Identiv Primis mobile access: the site model and its management API (site-model), mobile users,
 * phones and tokens (mobile-auth), and the access decisions with every route that uses them (access).
 */
@Module({ imports: [SiteModelModule, MobileAuthModule, AccessModule] })
export class MobileModule implements OnModuleInit {
  constructor(private readonly shapes: ErrorShapes) {}

  onModuleInit(): void {
    this.shapes.register(primisErrorShape);
  }
}
