import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
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
  constructor(
    private readonly shapes: ErrorShapes,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.shapes.register(menderErrorShape);
    // Mender echoes the request id in X-MEN-RequestID on every response, not only on errors. A callback
    // hook: every response of every API passes here, and an async one costs each a promise and a turn.
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (menderErrorShape.matches(request.url.split('?')[0]))
        void reply.header('x-men-requestid', request.id);
      done(null, payload);
    });
  }
}
