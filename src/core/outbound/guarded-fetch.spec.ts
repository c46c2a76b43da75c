import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundAddressPolicy, OutboundAddressRefused, parseNetworkList } from './address-policy';
import { bodyPrefix, guardedFetch } from './guarded-fetch';

describe('guardedFetch', () => {
  const calls: string[] = [];
  const endless: string[] = [];
  let server: Server;
  let port: number;
  const loopback = new OutboundAddressPolicy(parseNetworkList('127.0.0.1') as never);
  const call = (path: string, policy = loopback, host = '127.0.0.1') =>
    guardedFetch(
      `http://${host}:${port}${path}`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
        signal: AbortSignal.timeout(2000),
      },
      policy,
    );

  beforeAll(async () => {
    server = createServer((request, response) => {
      calls.push(`${request.method} ${request.url}`);
      if (request.url === '/moved')
        return void response.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      if (request.url === '/empty') return void response.writeHead(204).end();
      if (request.url === '/slow') return void setTimeout(() => response.writeHead(200).end(), 500);
      if (request.url === '/endless') {
        // Writes 64 KiB chunks for as long as the client reads them.
        response.writeHead(500);
        const chunk = Buffer.alloc(64 * 1024, 'é');
        const more = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', more);
        };
        response.once('close', () => endless.push('closed'));
        return more();
      }
      request.pipe(response.writeHead(201, { 'x-echo': 'yes' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (calls.length = 0));

  it('answers as fetch does: status, headers and body', async () => {
    const response = await call('/echo');

    expect(response.status).toBe(201);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(await response.json()).toEqual({ a: 1 });
    expect((await call('/empty')).body).toBeNull();
    expect(calls).toEqual(['PUT /echo', 'PUT /empty']);
  });

  it('reads only the start of an endless answer, then lets the connection go', async () => {
    const text = await bodyPrefix(await call('/endless'), 1000);

    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000);
    expect(text.startsWith('éé')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(endless).toEqual(['closed']);
    expect(await bodyPrefix(await call('/empty'), 1000)).toBe('');
  });

  it('does not follow a redirect, which could lead anywhere', async () => {
    const response = await call('/moved');

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://169.254.169.254/');
    expect(calls).toEqual(['PUT /moved']);
  });

  it('never connects to a refused address, given as an address or as a name', async () => {
    const strict = new OutboundAddressPolicy([]);

    await expect(call('/echo', strict)).rejects.toThrow(
      new OutboundAddressRefused('127.0.0.1 is loopback, not in PROVISIONING_ALLOWED_NETWORKS'),
    );
    await expect(call('/echo', strict, 'localhost')).rejects.toBeInstanceOf(OutboundAddressRefused);
    expect(calls).toEqual([]);
    expect((await call('/echo', loopback, 'localhost')).status).toBe(201);
  });

  it('gives up when the signal fires', async () => {
    const signal = AbortSignal.timeout(100);
    const failure = await guardedFetch(
      `http://127.0.0.1:${port}/slow`,
      { method: 'GET', headers: {}, signal },
      loopback,
    ).catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'AbortError' });
    expect(signal.aborted).toBe(true);
  });
});
