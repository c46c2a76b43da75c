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

  it('is readable at a terminal and JSON lines anywhere else', () => {
    expect(logFormatFor({ isTTY: true })).toBe('pretty');
    expect(logFormatFor({ isTTY: false })).toBe('json');
    expect(logFormatFor({})).toBe('json'); // a pipe or a file has no isTTY
  });
});

describe('NestPinoLogger', () => {
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
