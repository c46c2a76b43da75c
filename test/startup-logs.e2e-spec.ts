import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { RUNTIME_FLAGS } from '../src/core/runtime/garbage-collection';
import { instanceEnv } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const ROOT = join(__dirname, '..');

/**
 * `node dist/src/main.js` with `flags` (by default those `npm start` passes) as a log collector sees it
 * (stdout a pipe, not a terminal), until it is ready or `timeoutMs` passes, then `whenReady` (it may wait
 * until the output holds a text); resolves with what it printed.
 */
async function startAndCollect(
  env: Record<string, string>,
  whenReady: (baseUrl: string, printed: (text: string) => Promise<void>) => Promise<void> = async () => {},
  { flags = RUNTIME_FLAGS, timeoutMs = 60_000 } = {},
): Promise<string[]> {
  const child = spawn(process.execPath, [...flags, join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const printed = async (text: string) => {
    const started = Date.now();
    while (!output.includes(text) && child.exitCode === null && Date.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await printed('Device gateway ready');
  const address = /on (http:\/\/localhost:\d+)/.exec(output)?.[1];
  if (address) await whenReady(address, printed);
  child.kill('SIGTERM');
  await exited;
  return output.split('\n').filter((line) => line.length > 0);
}

describe('start-up logs: JSON lines when stdout is not a terminal, route mapping at debug', () => {
  let database: TestDatabase;
  beforeAll(() => {
    execFileSync(process.execPath, [join('scripts', 'build-if-needed.js')], { cwd: ROOT, stdio: 'ignore' });
  });
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('at info: every log line is JSON, and no line maps a route or a module', async () => {
    const lines = await startAndCollect({ ...instanceEnv(database), LOG_LEVEL: 'info' });
    const ready = lines.filter((line) => line.startsWith('Device gateway ready'));
    expect(ready).toEqual([
      expect.stringMatching(/ on http:\/\/localhost:\d+ .*Swagger UI: http:\/\/localhost:\d+\/docs$/),
    ]);
    const logLines = lines
      .filter((line) => line !== ready[0])
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.level !== 30 && line.level !== 40)).toEqual([]);
    expect(logLines.map((line) => line.msg)).toContain('Nest application successfully started');
    const chatter = logLines.filter((line) =>
      ['RouterExplorer', 'RoutesResolver', 'InstanceLoader'].includes(line.context as string),
    );
    expect(chatter).toEqual([]);
  });

  it('started without the Node flags npm start passes, warns once, naming them', async () => {
    const lines = await startAndCollect(
      { ...instanceEnv(database), LOG_LEVEL: 'info' },
      (_baseUrl, printed) => printed('"context":"Runtime"'),
      { flags: [], timeoutMs: 10_000 }, // missing, it fails the assertion below, not the test's time
    );
    const warnings = lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.context === 'Runtime');
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        msg: expect.stringContaining('started without --no-memory-reducer'),
      }),
    ]);
  });

  it('writes one line per completed request, naming its request id once', async () => {
    const lines = await startAndCollect(
      { ...instanceEnv(database), LOG_LEVEL: 'info' },
      async (baseUrl, printed) => {
        await fetch(`${baseUrl}/health/live`, { headers: { 'x-request-id': 'log-line-1' } });
        await fetch(`${baseUrl}/api/v1/tenants`, { headers: { 'x-request-id': 'log-line-2' } }); // 401
        // The line is written once the answer has left (onResponse), which can be after it arrived.
        await printed('"reqId":"log-line-2"');
      },
    );
    // Started as npm start starts it: no warning about its flags (it would come before any request).
    expect(lines.filter((line) => line.includes('"context":"Runtime"'))).toEqual([]);
    const completed = lines.filter((line) => line.includes('"request completed"'));
    expect(completed.map((line) => line.match(/"reqId"/g)?.length)).toEqual([1, 1]);
    expect(completed.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ reqId: 'log-line-1', method: 'GET', url: '/health/live', statusCode: 200 }),
      expect.objectContaining({
        reqId: 'log-line-2',
        method: 'GET',
        url: '/api/v1/tenants',
        statusCode: 401,
      }),
    ]);
  });

  it('at debug: the route mapping is there, at level debug', async () => {
    const lines = await startAndCollect({ ...instanceEnv(database), LOG_LEVEL: 'debug' });
    const mapped = lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.context === 'RouterExplorer');
    expect(mapped.length).toBeGreaterThan(50);
    expect(mapped.every((line) => line.level === 20)).toBe(true);
    expect(mapped.map((line) => line.msg)).toContain('Mapped {/health/ready, GET} route');
  });
});
