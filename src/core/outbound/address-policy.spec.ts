import { OutboundAddressPolicy, OutboundAddressRefused, parseNetworkList } from './address-policy';

const policy = (allowed = '') => new OutboundAddressPolicy(parseNetworkList(allowed) as never);

describe('OutboundAddressPolicy', () => {
  it.each([
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['169.254.1.1', 'link-local (cloud metadata)'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
    ['64:ff9b::a9fe:a9fe', 'link-local (cloud metadata)'],
    ['64:ff9b:0:0:0:0:169.254.169.254', 'link-local (cloud metadata)'],
    ['64:FF9B:0000::A9FE:A9FE', 'link-local (cloud metadata)'],
    ['2002:a9fe:a9fe::1', 'link-local (cloud metadata)'],
    ['2002:a9fe:a9fe:0:0:0:0:0', 'link-local (cloud metadata)'],
    ['::a9fe:a9fe', 'link-local (cloud metadata)'],
    ['::169.254.169.254', 'link-local (cloud metadata)'],
    ['224.0.0.1', 'multicast'],
  ])('never calls %s (%s), even when every network is allowed', (address, what) => {
    expect(policy('0.0.0.0/0,::/0').refusalOfAddress(address)).toBe(`${address} is ${what}, never called`);
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0.0.0.0', 'this host'],
    ['::', 'this host'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['fd12:3456::1', 'private (unique local)'],
    ['::7f00:1', 'loopback'],
    ['::a00:1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:10a::5', 'private'],
    ['64:ff9b:1::a9fe:a9fe', 'NAT64 (local use)'],
    ['64:ff9b:1:a9fe:a9::', 'NAT64 (local use)'],
  ])('refuses %s (%s) unless the allow-list names it', (address, what) => {
    expect(policy().refusalOfAddress(address)).toBe(
      `${address} is ${what}, not in PROVISIONING_ALLOWED_NETWORKS`,
    );
    expect(policy('0.0.0.0/0,::/0').refusalOfAddress(address)).toBeNull();
  });

  it('allows exactly the listed networks', () => {
    const allowed = policy('127.0.0.1, 10.20.0.0/16');
    expect(allowed.refusalOfAddress('127.0.0.1')).toBeNull();
    expect(allowed.refusalOfAddress('::ffff:127.0.0.1')).toBeNull();
    expect(allowed.refusalOfAddress('10.20.255.1')).toBeNull();
    expect(allowed.refusalOfAddress('127.0.0.2')).toContain('loopback');
    expect(allowed.refusalOfAddress('10.21.0.1')).toContain('private');
    expect(allowed.refusalOfAddress('::1')).toContain('loopback');
  });

  it.each(['8.8.8.8', '2001:4860:4860::8888', '172.32.0.1', '64:ff9b::808:808', '2002:808:808::1'])(
    'calls a public address: %s',
    (address) => {
      expect(policy().refusalOfAddress(address)).toBeNull();
    },
  );

  it('judges URL hosts: bracketed IPv6, trailing dots, metadata names', () => {
    const guard = policy();
    expect(guard.refusalOfHost('[::1]')).toContain('loopback');
    expect(guard.refusalOfHost('METADATA.google.internal.')).toBe(
      'metadata.google.internal is a cloud metadata service, never called',
    );
    expect(guard.refusalOfHost('redirect.example.com')).toBeNull();
  });

  it('refuses a URL whose name resolves to a refused address, at configuration time', async () => {
    expect(await policy().refusalOfUrl('http://localhost:8080/api')).toBe(
      'localhost resolves to an address that is loopback, not in PROVISIONING_ALLOWED_NETWORKS',
    );
    expect(await policy('127.0.0.0/8,::1').refusalOfUrl('http://localhost:8080/api')).toBeNull();
    expect(await policy().refusalOfUrl('http://[::ffff:169.254.169.254]/')).toContain('never called');
    expect(await policy().refusalOfUrl('http://no-such-host.invalid/')).toBeNull();
  });

  it('fails the socket lookup of a name that resolves to a refused address (DNS rebinding)', async () => {
    const lookup = (guard: OutboundAddressPolicy, all: boolean) =>
      new Promise((resolve) => {
        guard.lookup('localhost', { all, family: 4 }, (error, address) => resolve(error ?? address));
      });

    const refused = await lookup(policy(), true);
    expect(refused).toBeInstanceOf(OutboundAddressRefused);
    expect((refused as Error).message).toBe(
      'localhost resolves to an address that is loopback, not in PROVISIONING_ALLOWED_NETWORKS',
    );
    expect(await lookup(policy('127.0.0.1'), true)).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(await lookup(policy('127.0.0.1'), false)).toBe('127.0.0.1');
  });
});

describe('parseNetworkList', () => {
  it('reads addresses and CIDR networks, comma-separated', () => {
    expect(parseNetworkList(' 10.0.0.0/8, ::1 ,')).toEqual([
      { network: '10.0.0.0', prefix: 8, what: 'allowed' },
      { network: '::1', prefix: 128, what: 'allowed' },
    ]);
    expect(parseNetworkList('')).toEqual([]);
  });

  it.each([
    ['10.0.0.0/33', '"10.0.0.0/33" is not an IP address or CIDR network'],
    ['localhost', '"localhost" is not an IP address or CIDR network'],
    ['10.0.0.0/8/1', '"10.0.0.0/8/1" is not an IP address or CIDR network'],
    ['169.254.169.254', '"169.254.169.254" is link-local (cloud metadata), which is never called'],
    ['fe80::/64', '"fe80::/64" is link-local, which is never called'],
  ])('refuses %s', (text, reason) => {
    expect(parseNetworkList(text)).toBe(reason);
  });
});
