import {
  Controller,
  Get,
  type MiddlewareConsumer,
  Module,
  type NestMiddleware,
  type NestModule,
  Req,
  Version,
  VersioningType,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import request from 'supertest';
import { LeanFastifyAdapter } from './lean-fastify-adapter';

/** The onRequest hooks Fastify runs for the request being served (its route context's, a private field). */
function onRequestHooksOf(fastifyRequest: FastifyRequest): number {
  const context = Object.getOwnPropertySymbols(fastifyRequest).find(
    (symbol) => symbol.description === 'fastify.context',
  );
  const hooks = (fastifyRequest as unknown as Record<symbol, { onRequest: unknown[] | null }>)[context!];
  return hooks.onRequest?.length ?? 0;
}

@Controller('probe')
class ProbeController {
  @Get()
  hooks(@Req() request: FastifyRequest): { hooks: number } {
    return { hooks: onRequestHooksOf(request) };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

@Controller('versioned')
class VersionedController {
  @Get()
  @Version('2')
  read(): string {
    return 'v2';
  }
}

@Module({ controllers: [VersionedController] })
class VersionedModule {}

class NoopMiddleware implements NestMiddleware {
  use(_request: unknown, _reply: unknown, next: () => void): void {
    next();
  }
}

@Module({ controllers: [ProbeController] })
class MiddlewareModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(NoopMiddleware).forRoutes('*');
  }
}

const apps: NestFastifyApplication[] = [];
async function create(
  adapter: FastifyAdapter,
  module: new () => object = ProbeModule,
  options = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: false,
    abortOnError: false,
    ...options,
  });
  apps.push(app);
  return app;
}

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close().catch(() => undefined);
});

describe('LeanFastifyAdapter', () => {
  it("serves routes through none of Nest's or middie's request hooks, which Nest's own adapter runs", async () => {
    const lean = await create(new LeanFastifyAdapter({}));
    await lean.init();
    await lean.getHttpAdapter().getInstance().ready();
    const plain = await create(new FastifyAdapter());
    await plain.init();
    await plain.getHttpAdapter().getInstance().ready();

    const leanAnswer = await request(lean.getHttpServer()).get('/probe').expect(200);
    const plainAnswer = await request(plain.getHttpServer()).get('/probe').expect(200);
    expect(leanAnswer.body).toEqual({ hooks: 0 });
    expect((plainAnswer.body as { hooks: number }).hooks).toBeGreaterThanOrEqual(7);
  });

  it("keeps the app's own hooks, added once Nest's constructor is done", async () => {
    const app = await create(new LeanFastifyAdapter({}));
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (_request, reply, done) => {
        void reply.header('x-own-hook', 'ran');
        done();
      });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const answer = await request(app.getHttpServer()).get('/probe').expect(200);
    expect(answer.headers['x-own-hook']).toBe('ran');
    expect(answer.body).toEqual({ hooks: 1 });
  });

  it('refuses each feature whose hook it leaves out, instead of serving without it', async () => {
    const cors = await create(new LeanFastifyAdapter({}));
    expect(() => cors.enableCors()).toThrow(/^CORS is not served/);

    const versioned = await create(new LeanFastifyAdapter({}), VersionedModule);
    versioned.enableVersioning({ type: VersioningType.CUSTOM, extractor: () => '2' });
    await expect(versioned.init()).rejects.toThrow(/^Custom versioning is not served/);

    const middleware = await create(new LeanFastifyAdapter({}), MiddlewareModule);
    await expect(middleware.init()).rejects.toThrow(/^Nest middleware is not served/);

    await expect(
      create(new LeanFastifyAdapter({}), ProbeModule, { return503OnClosing: true }),
    ).rejects.toThrow(/^return503OnClosing is not served/);
  });
});
