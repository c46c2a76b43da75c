import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated } from '../auth/authenticated.decorator';
import { Role } from '../auth/role.enum';
import { Operation } from '../http/operation.decorator';
import { Metrics } from './metrics';

@ApiTags('Platform: health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Authenticated({ roles: [Role.SYSTEM_ADMIN] })
  @Operation({
    id: 'metrics',
    summary: 'Prometheus metrics of this instance',
    description:
      'Requests by route template, method and status with latency histograms, database pools, the compensation ' +
      "backlog and the reconciler's lag, process metrics. For scrapers without a SYSTEM_ADMIN's credentials, set " +
      'METRICS_PORT: the same text on a port of its own, without credentials (keep that port off public networks).',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4.', schema: { type: 'string' } })
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    await reply.type(this.metrics.contentType).send(await this.metrics.text());
  }
}
