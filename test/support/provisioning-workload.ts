import type { FakeProvisioningServer } from './fake-provisioning-server';

/** A small seeded generator: a failing run can be replayed with its seed. */
export function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Answer {
  status: number;
  body: { macAddress?: string; errors?: { code: number }[] };
}

/** One HTTP call to the service; throws when the service cannot be reached (it may be restarting). */
export type Send = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: object,
) => Promise<Answer>;

export interface WorkloadOptions {
  send: Send;
  /** The group's device collection, e.g. `/api/v1/tenants/t/groups/g/advanced_access_devices/`. */
  base: string;
  deviceType: string;
  random: () => number;
  workers: number;
  operationsPerWorker: number;
  /** Called before every call: arms faults on the fake servers. */
  beforeCall?: () => void;
  /** Told after each operation, with how many are done. */
  onOperation?: (done: number) => void;
  /** Waits this long before retrying a call the service did not answer (a restart in progress). */
  unreachableDelayMs?: number;
}

export interface WorkloadResult {
  operations: number;
  calls: number;
  /** Final outcome per operation kind: `create 200`, `delete 400`... */
  outcomes: Record<string, number>;
  /** MACs a device gave up (deleted or moved away) while the clients watched. */
  released: Set<string>;
  ms: number;
}

const MAX_ATTEMPTS = 8;
/** A provisioning failure (31-34), an internal error or no answer: a client retries it at once. */
const retryable = (answer: Answer | undefined) =>
  !answer || answer.status >= 500 || (answer.status === 400 && (answer.body.errors?.[0]?.code ?? 0) >= 31);

/**
 * Clients creating, moving (MAC change) and deleting devices at once, each retrying a failed call
 * at once as integrators do. MACs are fresh, or one a deleted device gave up (work on one MAC by
 * different devices in a row). The service's own table stays the truth; the result says what the
 * clients saw.
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadResult> {
  const { send, base, random } = options;
  const started = Date.now();
  const result: WorkloadResult = { operations: 0, calls: 0, outcomes: {}, released: new Set(), ms: 0 };
  const reusable: string[] = [];
  let nextMac = 0x300000 + Math.floor(random() * 0x100000) * 0x100;
  const freshMac = () => (nextMac++).toString(16).toUpperCase().padStart(12, '0');

  const call = async (method: 'POST' | 'PUT' | 'DELETE', path: string, body?: object) => {
    let answer: Answer | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && retryable(answer); attempt += 1) {
      options.beforeCall?.();
      result.calls += 1;
      answer = await send(method, path, body).catch(() => undefined);
      if (!answer) await new Promise((resolve) => setTimeout(resolve, options.unreachableDelayMs ?? 50));
    }
    return answer;
  };
  /** What the service holds for the device now, when the last answer left it unsure. */
  const macOf = async (name: string): Promise<string | null> => {
    for (;;) {
      const answer = await send('GET', `${base}${name}/`).catch(() => undefined);
      if (answer?.status === 200) return answer.body.macAddress ?? null;
      if (answer?.status === 404) return null;
      await new Promise((resolve) => setTimeout(resolve, options.unreachableDelayMs ?? 50));
    }
  };

  const worker = async (w: number) => {
    const held = new Map<string, string | null>(); // device name -> MAC, as last seen
    for (let op = 0; op < options.operationsPerWorker; op += 1) {
      const name = `w${w}d${Math.floor(random() * 4)}`;
      const before = held.get(name) ?? null;
      const roll = random();
      let kind: string;
      let answer: Answer | undefined;
      let mac: string | null = before;
      if (!held.has(name) || before === null) {
        kind = 'create';
        mac = (roll < 0.3 && reusable.shift()) || freshMac();
        answer = await call('POST', base, {
          deviceName: name,
          deviceType: options.deviceType,
          macAddress: mac,
        });
      } else if (roll < 0.55) {
        kind = 'move';
        mac = freshMac();
        answer = await call('PUT', `${base}${name}/`, { macAddress: mac });
      } else {
        kind = 'delete';
        mac = null;
        answer = await call('DELETE', `${base}${name}/`);
      }
      result.operations += 1;
      options.onOperation?.(result.operations);
      const outcome = `${kind} ${answer?.status ?? 'unanswered'}`;
      result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
      const now = answer?.status === 200 ? mac : await macOf(name);
      held.set(name, now);
      if (before && before !== now) {
        result.released.add(before);
        reusable.push(before);
      }
      if (now) result.released.delete(now);
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  result.ms = Date.now() - started;
  return result;
}

export interface Agreement {
  /** Records on a server for a MAC no device holds. */
  orphans: string[];
  /** Devices whose record is absent on a server their type targets. */
  missing: string[];
  /** Orphans for a MAC a device gave up while the clients watched: a late restore brought it back. */
  resurrected: string[];
  /** Records that carry another device's document. */
  overwritten: string[];
}

/** Compares what the service holds (every device targets both servers) with what the servers hold. */
export function agreement(
  devices: { device_name: string; mac_address: string | null }[],
  servers: Record<string, FakeProvisioningServer>,
  released: Set<string>,
): Agreement {
  const holder = new Map(
    devices.filter((d) => d.mac_address).map((d) => [d.mac_address as string, d.device_name]),
  );
  const found: Agreement = { orphans: [], missing: [], resurrected: [], overwritten: [] };
  for (const [serverName, server] of Object.entries(servers)) {
    for (const [mac, record] of server.records) {
      const name = holder.get(mac);
      if (name === undefined) {
        found.orphans.push(`${serverName}/${mac}`);
        if (released.has(mac)) found.resurrected.push(`${serverName}/${mac}`);
      } else if (record.document.deviceName !== name) {
        found.overwritten.push(`${serverName}/${mac}: ${String(record.document.deviceName)} for ${name}`);
      }
    }
    for (const [mac, name] of holder)
      if (!server.records.has(mac)) found.missing.push(`${serverName}/${mac} (${name})`);
  }
  return found;
}

/** The four counts, for a test's output. */
export const counts = (found: Agreement) =>
  `orphans ${found.orphans.length}, missing ${found.missing.length}, resurrected ${found.resurrected.length}, overwritten ${found.overwritten.length}`;
