import { ClsServiceManager, CLS_ID } from 'nestjs-cls';
import { createLogger, logFormatFor, NestPinoLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('createLogger', () => {
  it('puts the request id of the current request context on every line', async () => {
    const { logger, lines } = capture();
    const cls = ClsServiceManager.getClsService();
    await cls.run(async () => {
      cls.set(CLS_ID, 'req-42');
      logger.info('inside');
      logger.child({ context: 'Service' }).warn('inside child');
    });
    logger.info('outside');
    expect(lines.map((line) => [line.msg, line.reqId])).toEqual([
      ['inside', 'req-42'],
      ['inside child', 'req-42'],
      ['outside', undefined],
    ]);
  });

  it('keeps the request id a line names itself, without writing it twice', () => {
    const written: string[] = [];
    const logger = createLogger('info', { write: (line: string) => written.push(line) });
    const cls = ClsServiceManager.getClsService();
    cls.run(() => {
      cls.set(CLS_ID, 'from-cls');
      logger.info({ reqId: 'given' }, 'request completed');
    });
    expect(written[0].match(/"reqId"/g)).toHaveLength(1);
    expect(JSON.parse(written[0]).reqId).toBe('given');
  });

  it('never writes passwords, tokens or the Authorization header', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Basic c2VjcmV0' } },
        body: { password: 'hunter22', refreshToken: 'r.t.x' },
      },
      'login',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/c2VjcmV0|hunter22|r\.t\.x/);
    expect(lines[0]).toMatchObject({
      req: { headers: { authorization: '[redacted]' } },
      body: { password: '[redacted]', refreshToken: '[redacted]' },
    });
  });

  it('finds secrets at the top, deep down, in arrays and in errors, and leaves the logged object alone', () => {
    const { logger, lines } = capture();
    const failure = Object.assign(new Error('vendor refused'), {
      request: { headers: { Authorization: 'Bearer e.y.j' }, body: { newPassword: 'pw-in-error' } },
    });
    const logged = {
      password: 'top-level-pw',
      jwt: 'j.w.t',
      a: { b: { c: { clientSecret: 'deep-secret', kept: 'visible' } } },
      devices: [{ deviceId: 'd1', securityToken: 'tok-1' }],
      at: new Date(0),
      err: failure,
    };
    logger.error(logged, 'failed');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/top-level-pw|j\.w\.t|deep-secret|tok-1|e\.y\.j|pw-in-error/);
    expect(lines[0]).toMatchObject({
      password: '[redacted]',
      jwt: '[redacted]',
      a: { b: { c: { clientSecret: '[redacted]', kept: 'visible' } } },
      devices: [{ deviceId: 'd1', securityToken: '[redacted]' }],
      at: '1970-01-01T00:00:00.000Z',
      err: {
        type: 'Error',
        message: 'vendor refused',
        stack: expect.stringContaining('vendor refused'),
        request: { headers: { Authorization: '[redacted]' }, body: { newPassword: '[redacted]' } },
      },
    });
    expect(logged.password).toBe('top-level-pw');
    expect(failure.request.headers.Authorization).toBe('Bearer e.y.j');
  });

  it('searches inner errors too, and copies each object once: a cycle is written as one', () => {
    const { logger, lines } = capture();
    const inner = Object.assign(new Error('inner'), { headers: { authorization: 'Bearer inner-secret' } });
    const outer = Object.assign(new Error('outer'), { inner });
    const many = new AggregateError([inner], 'many');
    const loop: Record<string, unknown> = { name: 'loop', token: 'loop-token' };
    // Ten back-references a level: copied naively to 8 levels, 10^8 copies.
    for (let i = 0; i < 10; i += 1) loop[`back${i}`] = loop;
    logger.error({ err: outer, many, loop }, 'nested');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/inner-secret|loop-token/);
    expect(lines[0]).toMatchObject({
      err: { message: 'outer', inner: { message: 'inner', headers: { authorization: '[redacted]' } } },
      many: { aggregateErrors: [{ headers: { authorization: '[redacted]' } }] },
      loop: { name: 'loop', token: '[redacted]', back0: '[Circular]', back9: '[Circular]' },
    });
  });

  it('is readable at a terminal and JSON lines anywhere else', () => {
    expect(logFormatFor({ isTTY: true })).toBe('pretty');
    expect(logFormatFor({ isTTY: false })).toBe('json');
    expect(logFormatFor({})).toBe('json'); // a pipe or a file has no isTTY
  });
});

describe('NestPinoLogger', () => {
  it('writes an object a caller logs as the line itself, and an error with its stack', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = new NestPinoLogger(
      createLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) }),
    );
    logger.error({ err: new Error('disk full'), msg: 'bulk import job failed' }, 'BulkImportJobs');
    logger.warn(new Error('slow down'), 'Somewhere');
    expect(lines[0]).toMatchObject({
      msg: 'bulk import job failed',
      err: { type: 'Error', message: 'disk full', stack: expect.stringContaining('disk full') },
    });
    expect(lines[1]).toMatchObject({
      context: 'Somewhere',
      msg: 'slow down',
      err: { message: 'slow down', stack: expect.stringContaining('slow down') },
    });
  });

  it("writes Nest's per-module and per-route start-up lines at debug, everything else as Nest says", () => {
    const lines: Record<string, unknown>[] = [];
    const logger = new NestPinoLogger(
      createLogger('debug', { write: (line: string) => lines.push(JSON.parse(line)) }),
    );
    logger.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    logger.log('HealthController {/health}:', 'RoutesResolver');
    logger.log('CoreModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.warn('careful', 'Somewhere');
    expect(lines.map((line) => [line.level, line.context])).toEqual([
      [20, 'RouterExplorer'],
      [20, 'RoutesResolver'],
      [20, 'InstanceLoader'],
      [30, 'NestApplication'],
      [40, 'Somewhere'],
    ]);
  });
});
