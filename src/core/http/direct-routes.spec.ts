import {
  type ArgumentsHost,
  BadRequestException,
  Body,
  type CallHandler,
  type CanActivate,
  Catch,
  ConflictException,
  Controller,
  createParamDecorator,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  Header as SetHeader,
  HttpCode,
  HttpException,
  Injectable,
  Module,
  type NestInterceptor,
  Param,
  type PipeTransform,
  Post,
  Query,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EMPTY, type Observable, of } from 'rxjs';
import request from 'supertest';
import { serveRoutesDirectly } from './direct-routes';
import { prepareRouteHandlers } from './route-handlers';

/** The global guard: a request passes with `x-allow: yes`. */
class AllowGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<FastifyRequest>().headers['x-allow'] === 'yes';
  }
}

/** A route's own guard, answering with a promise: even numbers only. */
@Injectable()
class EvenGuard implements CanActivate {
  canActivate(context: ExecutionContext): Promise<boolean> {
    const { n } = context.switchToHttp().getRequest<FastifyRequest<{ Params: { n: string } }>>().params;
    return Promise.resolve(Number(n) % 2 === 0);
  }
}

/** A route's own guard failing or passing every way a guard can: by :how. */
@Injectable()
class HowGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean | Promise<boolean> | Observable<boolean> {
    const { how } = context.switchToHttp().getRequest<FastifyRequest<{ Params: { how: string } }>>().params;
    if (how === 'throws') throw new BadRequestException('refused at once');
    if (how === 'rejects') return Promise.reject(new BadRequestException('refused later'));
    return how === 'observed' ? of(true) : true;
  }
}

@Injectable()
class DoublePipe implements PipeTransform {
  transform(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new BadRequestException('not a number');
    return n * 2;
  }
}

/** Adds one, later: a pipe answering with a promise. */
@Injectable()
class LaterPipe implements PipeTransform {
  async transform(value: number): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve));
    if (value > 100) throw new BadRequestException('too big');
    return value + 1;
  }
}

const Header = createParamDecorator(
  (name: string, context: ExecutionContext) =>
    context.switchToHttp().getRequest<FastifyRequest>().headers[name],
);

/** An argument that cannot be read. */
const Unreadable = createParamDecorator(() => {
  throw new BadRequestException('unreadable');
});

/** A header, by promise: Nest settles a custom argument's promise. */
const LaterHeader = createParamDecorator((name: string, context: ExecutionContext) =>
  Promise.resolve(context.switchToHttp().getRequest<FastifyRequest>().headers[name]),
);

@Catch()
class ShapeFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const status = error instanceof HttpException ? error.getStatus() : 500;
    void host.switchToHttp().getResponse<FastifyReply>().status(status).send({ error: error.message });
  }
}

@Controller('things')
class ThingsController {
  @Get('own')
  own(@Res() reply: FastifyReply): void {
    void reply.status(299).send('own');
  }

  @Get('pass')
  pass(@Res({ passthrough: true }) reply: FastifyReply): object {
    void reply.header('x-pass', '1').status(203);
    return { passed: true };
  }

  @Get('fail')
  async fail(): Promise<never> {
    await new Promise((resolve) => setImmediate(resolve));
    throw new ConflictException('taken');
  }

  @Get('throws')
  throws(): never {
    throw new ConflictException('at once');
  }

  @Get('observed')
  observed(): Observable<object> {
    return of({ observed: true });
  }

  @Get('empty')
  empty(): Observable<object> {
    return EMPTY;
  }

  @Get('sent-later')
  sentLater(@Res() reply: FastifyReply): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve)).then(() => void reply.send({ late: true }));
  }

  @Get('returns-reply')
  returnsReply(@Res() reply: FastifyReply): FastifyReply {
    return reply.send({ returned: true });
  }

  @Get('unreadable')
  unreadable(@Unreadable() value: string): object {
    return { value };
  }

  @Get('checked/:how')
  @UseGuards(HowGuard)
  checked(@Param('how') how: string): object {
    return { how };
  }

  @Get('even/:n')
  @UseGuards(EvenGuard)
  even(@Param('n') n: string): object {
    return { n };
  }

  @Get(':n')
  read(@Param('n', DoublePipe) n: number, @Query('q') q: string, @Header('x-who') who: string): object {
    return { n, q, who };
  }

  @Get('later/:n')
  later(@Param('n', DoublePipe, LaterPipe) n: number, @LaterHeader('x-who') who: string): object {
    return { n, who };
  }

  @Post()
  async create(@Body() body: unknown): Promise<object> {
    await new Promise((resolve) => setImmediate(resolve));
    return { created: body };
  }

  @Post('accept')
  @HttpCode(202)
  @SetHeader('x-pass', 'declared')
  accept(): void {}
}

@Module({
  imports: [DiscoveryModule],
  controllers: [ThingsController],
  providers: [
    EvenGuard,
    HowGuard,
    DoublePipe,
    LaterPipe,
    { provide: APP_GUARD, useClass: AllowGuard },
    { provide: APP_FILTER, useClass: ShapeFilter },
  ],
})
class ThingsModule {}

class Passthrough implements NestInterceptor {
  intercept(_: ExecutionContext, next: CallHandler) {
    return next.handle();
  }
}

@Controller('intercepted')
class InterceptedController {
  @Get()
  @UseInterceptors(Passthrough)
  read(): object {
    return {};
  }
}

@Module({ imports: [DiscoveryModule], controllers: [InterceptedController] })
class InterceptedModule {}

@Controller('geo')
class MisreadController {
  @Get(':lat,:lng')
  read(@Param('lat') lat: string): object {
    return { lat };
  }
}

@Module({ imports: [DiscoveryModule], controllers: [MisreadController] })
class MisreadModule {}

/** The global guard given to the direct routes, counting its calls: the routes are served by them. */
const counted = {
  calls: 0,
  canActivate(context: ExecutionContext): boolean {
    this.calls += 1;
    return new AllowGuard().canActivate(context);
  },
};

/** The filter given to the direct routes, counting its calls: each failure reaches it once. */
const reported = {
  calls: 0,
  catch(error: Error, host: ArgumentsHost): void {
    this.calls += 1;
    new ShapeFilter().catch(error, host);
  },
};

async function start(
  module: object,
  direct: boolean,
  filter: ExceptionFilter = reported,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
  // An answer held on its way out, as the idempotency hook holds one while it stores it (a second,
  // empty send would overtake it).
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (_request, _reply, payload) => {
      if (payload) await new Promise((resolve) => setTimeout(resolve, 20));
      return payload;
    });
  if (direct) {
    prepareRouteHandlers(app, []);
    serveRoutesDirectly(app, { guards: [counted], filter });
  }
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

type Call = { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: object };
const allowed = { 'x-allow': 'yes' };

/** What a client sees of an answer. */
async function answer(app: NestFastifyApplication, { method, url, headers = {}, payload }: Call) {
  const client = request(app.getHttpServer());
  const call = (method === 'GET' ? client.get(url) : client.post(url)).set(headers);
  const response = await (payload ? call.send(payload) : call);
  return {
    status: response.status,
    type: response.headers['content-type'] as string | undefined,
    pass: response.headers['x-pass'] as string | undefined,
    body: response.text,
  };
}

describe('serveRoutesDirectly', () => {
  let nest: NestFastifyApplication;
  let direct: NestFastifyApplication;

  beforeAll(async () => {
    nest = await start(ThingsModule, false);
    direct = await start(ThingsModule, true);
  });
  afterAll(async () => {
    await nest.close();
    await direct.close();
  });

  // The last element: false where no route serves the request (no guard is asked).
  const cases: [string, Call, { status: number; body: string; pass?: string }, boolean?][] = [
    [
      'the global guard refuses',
      { method: 'GET', url: '/things/4' },
      { status: 403, body: '{"error":"Forbidden resource"}' },
    ],
    [
      'path, query and custom arguments, the argument pipe applied',
      { method: 'GET', url: '/things/4?q=x', headers: { ...allowed, 'x-who': 'ann' } },
      { status: 200, body: '{"n":8,"q":"x","who":"ann"}' },
    ],
    [
      'pipes in order, one by promise, and a custom argument by promise',
      { method: 'GET', url: '/things/later/4', headers: { ...allowed, 'x-who': 'ann' } },
      { status: 200, body: '{"n":9,"who":"ann"}' },
    ],
    [
      "the argument pipe's error",
      { method: 'GET', url: '/things/four', headers: allowed },
      { status: 400, body: '{"error":"not a number"}' },
    ],
    [
      "the route's own guard, by promise",
      { method: 'GET', url: '/things/even/3', headers: allowed },
      { status: 403, body: '{"error":"Forbidden resource"}' },
    ],
    [
      'an empty path parameter is no route (404), the guards not asked',
      { method: 'GET', url: '/things/even/', headers: allowed },
      { status: 404, body: '{"error":"Cannot GET /things/even/"}' },
      false,
    ],
    [
      'passes both guards',
      { method: 'GET', url: '/things/even/2', headers: allowed },
      { status: 200, body: '{"n":"2"}' },
    ],
    [
      'POST is a 201 with the value',
      { method: 'POST', url: '/things', headers: allowed, payload: { a: 1 } },
      { status: 201, body: '{"created":{"a":1}}' },
    ],
    [
      '@HttpCode and @Header, nothing returned',
      { method: 'POST', url: '/things/accept', headers: allowed },
      { status: 202, body: '', pass: 'declared' },
    ],
    [
      'the handler sends its own answer',
      { method: 'GET', url: '/things/own', headers: allowed },
      { status: 299, body: 'own' },
    ],
    [
      'passthrough: the handler sets status and headers, the value is sent',
      { method: 'GET', url: '/things/pass', headers: allowed },
      { status: 203, body: '{"passed":true}', pass: '1' },
    ],
    [
      'an async error reaches the filter',
      { method: 'GET', url: '/things/fail', headers: allowed },
      { status: 409, body: '{"error":"taken"}' },
    ],
    [
      'the handler throws at once',
      { method: 'GET', url: '/things/throws', headers: allowed },
      { status: 409, body: '{"error":"at once"}' },
    ],
    [
      "a route's own guard throws",
      { method: 'GET', url: '/things/checked/throws', headers: allowed },
      { status: 400, body: '{"error":"refused at once"}' },
    ],
    [
      "a route's own guard rejects",
      { method: 'GET', url: '/things/checked/rejects', headers: allowed },
      { status: 400, body: '{"error":"refused later"}' },
    ],
    [
      "a route's own guard answers by observable",
      { method: 'GET', url: '/things/checked/observed', headers: allowed },
      { status: 200, body: '{"how":"observed"}' },
    ],
    [
      "the handler's observable: its last value",
      { method: 'GET', url: '/things/observed', headers: allowed },
      { status: 200, body: '{"observed":true}' },
    ],
    [
      "the handler's observable with no value",
      { method: 'GET', url: '/things/empty', headers: allowed },
      { status: 500, body: '{"error":"no elements in sequence"}' },
    ],
    [
      'a custom argument that cannot be read',
      { method: 'GET', url: '/things/unreadable', headers: allowed },
      { status: 400, body: '{"error":"unreadable"}' },
    ],
    [
      'an argument pipe rejects',
      { method: 'GET', url: '/things/later/60', headers: allowed },
      { status: 400, body: '{"error":"too big"}' },
    ],
    [
      'the handler takes the reply and sends later, the answer held on its way out',
      { method: 'GET', url: '/things/sent-later', headers: allowed },
      { status: 200, body: '{"late":true}' },
    ],
    [
      'the handler returns the reply it sent',
      { method: 'GET', url: '/things/returns-reply', headers: allowed },
      { status: 200, body: '{"returned":true}' },
    ],
  ];

  it.each(cases)('%s: as Nest answers', async (_, call, expected, served = true) => {
    const [before, failures] = [counted.calls, reported.calls];
    const seen = await answer(direct, call);
    expect(counted.calls).toBe(before + (served ? 1 : 0)); // served directly, not by Nest's router
    expect(reported.calls).toBe(failures + (served && seen.status >= 400 ? 1 : 0)); // each failure once
    expect(seen).toMatchObject(expected);
    expect(seen).toEqual(await answer(nest, call));
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('filter down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('filter down'))],
  ])('answers a bare 500 when the exception filter itself %s', async (_, fails) => {
    const failing = await start(ThingsModule, true, { catch: fails });
    try {
      // Refused by the guard, then the filter fails: neither hanging nor the app-wide filter asked again.
      const seen = await answer(failing, { method: 'GET', url: '/things/4' });
      expect(seen).toEqual({
        status: 500,
        type: 'application/problem+json; charset=utf-8',
        pass: undefined,
        body: '{"type":"about:blank","title":"Internal Server Error","status":500}',
      });
    } finally {
      await failing.close();
    }
  });

  it("refuses at start-up a path whose parameters Fastify's router reads otherwise", async () => {
    await expect(start(MisreadModule, true)).rejects.toThrow(
      "MisreadController.read: the path parameter :lat in /geo/:lat,:lng is read differently by Fastify's router",
    );
  });

  it('refuses at start-up a route whose interceptor it would not run', async () => {
    await expect(start(InterceptedModule, true)).rejects.toThrow(
      'InterceptedController.read: interceptors are not served',
    );
  });
});
