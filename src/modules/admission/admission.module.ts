import { Module, type OnModuleInit } from '@nestjs/common';
import { ErrorShapes } from '../../core/http/error-shapes';
import { AdmissionController } from './admission.controller';
import { AdmissionService } from './admission.service';
import { AuthSetsRepository } from './auth-sets.repository';
import { menderErrorShape } from './mender-error.shape';
import { PageAnchors } from './page-anchors';

/** Mender device admission: auth sets, paged with Link headers, the admission state machine. */
@Module({
  controllers: [AdmissionController],
  providers: [AuthSetsRepository, AdmissionService, PageAnchors],
})
export class AdmissionModule implements OnModuleInit {
  constructor(private readonly shapes: ErrorShapes) {}

  /** Mender's error shape, which also echoes the request id in X-MEN-RequestID on every answer. */
  onModuleInit(): void {
    this.shapes.register(menderErrorShape);
  }
}
