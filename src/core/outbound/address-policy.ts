import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup as resolveAll } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Family = 'ipv4' | 'ipv6';
export interface NetworkRange {
  network: string;
  prefix: number;
  what: string;
}

/** Never called, whatever the allow-list says: the cloud's metadata service lives here. */
const NEVER: NetworkRange[] = [
  { network: '169.254.0.0', prefix: 16, what: 'link-local (cloud metadata)' },
  { network: 'fe80::', prefix: 10, what: 'link-local' },
  { network: 'fd00:ec2::254', prefix: 128, what: 'cloud metadata' },
  { network: '100.100.100.200', prefix: 32, what: 'cloud metadata' },
  { network: '224.0.0.0', prefix: 4, what: 'multicast' },
  { network: '255.255.255.255', prefix: 32, what: 'broadcast' },
  { network: 'ff00::', prefix: 8, what: 'multicast' },
];

/**
 * Inside the operator's own networks: called only when the allow-list names them
 * (PROVISIONING_ALLOWED_NETWORKS, or WEBHOOK_ALLOWED_NETWORKS for webhooks).
 */
const UNLESS_ALLOWED: NetworkRange[] = [
  { network: '127.0.0.0', prefix: 8, what: 'loopback' },
  { network: '::1', prefix: 128, what: 'loopback' },
  { network: '0.0.0.0', prefix: 8, what: 'this host' },
  { network: '::', prefix: 128, what: 'this host' },
  { network: '10.0.0.0', prefix: 8, what: 'private' },
  { network: '172.16.0.0', prefix: 12, what: 'private' },
  { network: '192.168.0.0', prefix: 16, what: 'private' },
  { network: '100.64.0.0', prefix: 10, what: 'shared (carrier-grade NAT)' },
  { network: '198.18.0.0', prefix: 15, what: 'private (benchmarking)' },
  { network: 'fc00::', prefix: 7, what: 'private (unique local)' },
  { network: '::', prefix: 96, what: 'IPv4-compatible' },
  // Where the IPv4 address sits depends on the operator's prefix length (RFC 8215): not judged by it.
  { network: '64:ff9b:1::', prefix: 48, what: 'NAT64 (local use)' },
];

/** Names of metadata services, refused before any lookup (they resolve to link-local addresses). */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

const familyOf = (address: string): Family => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

function blockList(range: NetworkRange): BlockList {
  const list = new BlockList();
  list.addSubnet(range.network, range.prefix, familyOf(range.network));
  return list;
}

const NEVER_LISTS = NEVER.map((range) => ({ range, list: blockList(range) }));
const UNLESS_ALLOWED_LISTS = UNLESS_ALLOWED.map((range) => ({ range, list: blockList(range) }));

/**
 * The first 96 bits of NAT64's well-known prefix (64:ff9b::/96), of IPv4-mapped addresses (::ffff:0:0/96:
 * ipaddr.js reads `::a.b.c.d` as one) and of IPv4-compatible ones (::/96).
 */
const NAT64_PREFIX = [0x64, 0xff9b, 0, 0, 0, 0];
const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0xffff];
const COMPATIBLE_PREFIX = [0, 0, 0, 0, 0, 0];

/**
 * The IPv4 address a translation address stands for, or the address itself: NAT64's well-known prefix
 * (RFC 6052), IPv4-mapped and IPv4-compatible addresses carry it in their last 32 bits, 6to4 (RFC 3056)
 * in bits 16-47 (a host with a 6to4 tunnel sends to that address itself). Parsed by ipaddr.js, whichever
 * way the address is written.
 */
function effectiveAddress(address: string): string {
  if (!ipaddr.IPv6.isValid(address)) return address;
  const parts = ipaddr.IPv6.parse(address).parts;
  if (parts[0] === 0x2002) return ipv4Of(parts[1], parts[2]);
  const under = (prefix: number[]) => prefix.every((part, i) => parts[i] === part);
  // IPv4-compatible (deprecated, but a host may still route it): not :: or ::1, this host's own.
  const embedded =
    under(NAT64_PREFIX) || under(MAPPED_PREFIX) || (under(COMPATIBLE_PREFIX) && parts[6] !== 0);
  return embedded ? ipv4Of(parts[6], parts[7]) : address;
}

const ipv4Of = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join('.');

/**
 * Parses the allow-list `10.0.0.0/8,127.0.0.1,::1`: addresses or CIDR networks. Returns the
 * networks, or the reason the text is wrong (an entry inside a range that is never called is one).
 */
export function parseNetworkList(text: string): NetworkRange[] | string {
  const ranges: NetworkRange[] = [];
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [network, prefixText, extra] = entry.split('/');
    const family = isIP(network);
    const max = family === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!family || extra !== undefined || !(prefix >= 0 && prefix <= max))
      return `"${entry}" is not an IP address or CIDR network`;
    const never = NEVER_LISTS.find(({ list }) => list.check(network, familyOf(network)));
    if (never && prefix >= never.range.prefix)
      return `"${entry}" is ${never.range.what}, which is never called`;
    ranges.push({ network, prefix, what: 'allowed' });
  }
  return ranges;
}

/** A URL host as compared: lower case, without IPv6 brackets or the root's trailing dot. */
const bare = (hostname: string) =>
  hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');

export class OutboundAddressRefused extends Error {
  override readonly name = 'OutboundAddressRefused';
}

/**
 * Where the service may send requests an operator configured (SSRF guard): never to link-local or
 * metadata addresses; to loopback and private networks only when the allow-list names them. Checked
 * on the configured URL, and again on every address a name resolves to when a call connects, so a
 * name that later resolves elsewhere (DNS rebinding) is refused too.
 */
export class OutboundAddressPolicy {
  private readonly allowed = new BlockList();

  /** `setting`: the variable that names the allowed networks, as refusals tell it. */
  constructor(
    allowed: readonly NetworkRange[],
    private readonly setting = 'PROVISIONING_ALLOWED_NETWORKS',
  ) {
    for (const range of allowed) this.allowed.addSubnet(range.network, range.prefix, familyOf(range.network));
  }

  /** Why this address must not be called, or null. */
  refusalOfAddress(address: string): string | null {
    const verdict = this.verdict(address);
    return verdict && `${address} is ${verdict}`;
  }

  /** Why this URL host (a name or an address, as `URL.hostname` gives it) must not be called, or null. */
  refusalOfHost(hostname: string): string | null {
    const host = bare(hostname);
    if (isIP(host)) return this.refusalOfAddress(host);
    return METADATA_NAMES.has(host) ? `${host} is a cloud metadata service, never called` : null;
  }

  /**
   * At configuration time: the host, and what its name resolves to now. A name that does not resolve
   * yet is accepted; the call will check again.
   */
  async refusalOfUrl(url: string): Promise<string | null> {
    const { hostname } = new URL(url);
    const refused = this.refusalOfHost(hostname);
    if (refused || isIP(bare(hostname))) return refused;
    const addresses = await resolveAll(hostname, { all: true }).catch(() => []);
    return this.refusalOfResolved(hostname, addresses);
  }

  /**
   * A `lookup` for sockets: resolves, and fails the connection when any address is refused, so the
   * address connected to is the address checked.
   */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = this.refusalOfResolved(hostname, addresses);
      if (refused) return callback(new OutboundAddressRefused(refused), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };

  /** A name is refused when any of its addresses is: the socket may pick any of them. */
  private refusalOfResolved(hostname: string, addresses: LookupAddress[]): string | null {
    for (const { address } of addresses) {
      const verdict = this.verdict(address);
      // Not the address itself: the answer may reach a tenant, who need not learn the internal network.
      if (verdict) return `${hostname} resolves to an address that is ${verdict}`;
    }
    return null;
  }

  private verdict(address: string): string | null {
    const judged = effectiveAddress(address.toLowerCase());
    const family = familyOf(judged);
    const never = NEVER_LISTS.find(({ list }) => list.check(judged, family));
    if (never) return `${never.range.what}, never called`;
    const restricted = UNLESS_ALLOWED_LISTS.find(({ list }) => list.check(judged, family));
    if (restricted && !this.allowed.check(judged, family))
      return `${restricted.range.what}, not in ${this.setting}`;
    return null;
  }
}
