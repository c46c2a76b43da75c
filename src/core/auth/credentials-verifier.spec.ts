import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/app-config';
import type { DeviceUserCredentials, DeviceUsersRepository } from '../device-users/device-users.repository';
import type { UserCredentials, UsersRepository } from '../tenancy/users.repository';
import { CredentialsVerifier, parseUsername } from './credentials-verifier';
import type { PasswordGuesses } from './password-guesses';
import { Role } from './role.enum';

describe('parseUsername', () => {
  it('lowercases and trims a bare email', () => {
    expect(parseUsername('  Bob@Example.COM ')).toEqual({ email: 'bob@example.com' });
  });

  it('splits tenant/email at the first slash', () => {
    expect(parseUsername('acme/Bob@Example.com')).toEqual({ tenantId: 'acme', email: 'bob@example.com' });
    expect(parseUsername('acme/a/b@example.com')).toEqual({ tenantId: 'acme', email: 'a/b@example.com' });
  });

  it('trims the tenant as well as the email', () => {
    expect(parseUsername(' acme /Bob@X.com ')).toEqual({ tenantId: 'acme', email: 'bob@x.com' });
  });
});

/** A hasher whose "hash" of a password is `hash:<password>`, counting verify calls. */
class FakeHasher {
  verifyCalls = 0;

  async hash(password: string): Promise<string> {
    return `hash:${password}`;
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    this.verifyCalls++;
    return passwordHash === `hash:${password}`;
  }
}

const ADDRESS = '203.0.113.7';

/** Password checks counted by login and address, right ones given back; a `blocked` pair is refused. */
class FakeGuesses {
  admitted: string[] = [];
  acquitted: string[] = [];
  blocked = new Set<string>();

  async admit(login: string, clientAddress: string): Promise<void> {
    this.admitted.push(`${login}@${clientAddress}`);
    if (this.blocked.has(`${login}@${clientAddress}`)) throw new Error('429');
  }

  async acquit(login: string, clientAddress: string): Promise<void> {
    this.acquitted.push(`${login}@${clientAddress}`);
  }
}

class FakeUsers {
  users: UserCredentials[] = [];
  queries: Array<{ email: string; tenantId?: string }> = [];

  async credentialsByEmail(email: string, tenantId?: string): Promise<UserCredentials[]> {
    this.queries.push({ email, tenantId });
    return this.users.filter(
      (user) => user.email === email && (tenantId === undefined || user.tenantId === tenantId),
    );
  }
}

class FakeDeviceUsers {
  devices: DeviceUserCredentials[] = [];
  queries: Array<{ deviceId: string; tenantId?: string }> = [];

  async credentialsByDeviceId(deviceId: string, tenantId?: string): Promise<DeviceUserCredentials[]> {
    this.queries.push({ deviceId, tenantId });
    return this.devices.filter(
      (device) => device.deviceId === deviceId && (tenantId === undefined || device.tenantId === tenantId),
    );
  }
}

const sensor = (password: string, tenantId = 'acme', id = `sensor-${tenantId}`): DeviceUserCredentials => ({
  id,
  tenantId,
  deviceId: 'Sensor/1',
  passwordHash: `hash:${password}`,
});

const bob = (password: string, tenantId = 'acme'): UserCredentials => ({
  id: `bob-${tenantId}`,
  tenantId,
  email: 'bob@example.com',
  passwordHash: `hash:${password}`,
  roles: [Role.ADMISSION_READ],
});

describe('CredentialsVerifier', () => {
  let dataDir: string;
  let users: FakeUsers;
  let hasher: FakeHasher;
  let devices: FakeDeviceUsers;
  let guesses: FakeGuesses;

  beforeEach(() => {
    devices = new FakeDeviceUsers();
    guesses = new FakeGuesses();
    dataDir = mkdtempSync(join(tmpdir(), 'credentials-'));
    users = new FakeUsers();
    hasher = new FakeHasher();
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const verifier = (cacheSeconds = '60') =>
    new CredentialsVerifier(
      users as unknown as UsersRepository,
      hasher,
      loadConfig({ DATA_DIR: dataDir, BASIC_AUTH_CACHE_SECONDS: cacheSeconds }),
      devices as unknown as DeviceUsersRepository,
      guesses as unknown as PasswordGuesses,
    );

  it('counts each check argon2 makes by login and address, unknown logins too, and gives a right one back', async () => {
    users.users = [bob('s3cret')];
    const subject = verifier();
    await subject.verify('bob@example.com', 'wrong', ADDRESS);
    await subject.verify('acme/Bob@example.com', 'wrong', '198.51.100.1');
    await subject.verify('bob@example.com', 's3cret', ADDRESS);
    await subject.verify('bob@example.com', 's3cret', ADDRESS); // remembered
    await subject.verify('nobody@example.com', 'wrong', ADDRESS);

    expect(guesses.admitted).toEqual([
      'user:bob@example.com@203.0.113.7',
      'user:bob@example.com@198.51.100.1',
      'user:bob@example.com@203.0.113.7',
      'user:nobody@example.com@203.0.113.7',
    ]);
    expect(guesses.acquitted).toEqual(['user:bob@example.com@203.0.113.7']); // the right one, given back
  });

  it('checks an unknown login against a dummy hash, as long as a wrong password takes', async () => {
    const calls = hasher.verifyCalls;
    expect(await verifier().verify('nobody@example.com', 'x', ADDRESS)).toEqual({
      ok: false,
      reason: 'invalid',
      kind: 'user',
    });
    expect(hasher.verifyCalls).toBe(calls + 1);
  });

  it('refuses a blocked address before argon2 runs, but lets a remembered password through', async () => {
    users.users = [bob('s3cret')];
    const subject = verifier();
    await subject.verify('bob@example.com', 's3cret', ADDRESS);
    guesses.blocked.add('user:bob@example.com@203.0.113.7');
    const calls = hasher.verifyCalls;

    await expect(subject.verify('bob@example.com', 'guess', ADDRESS)).rejects.toThrow('429');
    expect(hasher.verifyCalls).toBe(calls);
    expect((await subject.verify('bob@example.com', 's3cret', ADDRESS)).ok).toBe(true);
    expect((await subject.verify('bob@example.com', 'guess', '198.51.100.1')).ok).toBe(false);
  });

  it('takes the one tenant whose password matches when a name is in several; ambiguous only when several match', async () => {
    users.users = [bob('mine', 'acme'), bob('theirs', 'globex')];
    const subject = verifier();
    const mine = await subject.verify('bob@example.com', 'mine', ADDRESS);
    expect(mine.ok && mine.principal.tenantId).toBe('acme');
    expect(await subject.verify('bob@example.com', 'nobody-s', ADDRESS)).toEqual({
      ok: false,
      reason: 'invalid',
      kind: 'user',
    });
    users.users = [bob('same', 'acme'), bob('same', 'globex')];
    expect(await subject.verify('bob@example.com', 'same', ADDRESS)).toEqual({
      ok: false,
      reason: 'ambiguous',
      kind: 'user',
    });
  });

  it('returns the principal of the matching user', async () => {
    users.users = [bob('s3cret')];

    const result = await verifier().verify('Bob@Example.com', 's3cret', ADDRESS);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.principal).toMatchObject({
      userId: 'bob-acme',
      tenantId: 'acme',
      email: 'bob@example.com',
    });
    expect([...result.principal.roles]).toEqual([Role.ADMISSION_READ]);
    expect(users.queries).toEqual([{ email: 'bob@example.com', tenantId: undefined }]);
  });

  it('passes the tenant prefix to the repository', async () => {
    users.users = [bob('one', 'acme'), bob('two', 'globex')];

    const result = await verifier().verify('globex/bob@example.com', 'two', ADDRESS);

    expect(result.ok && result.principal.tenantId).toBe('globex');
    expect(users.queries).toEqual([{ email: 'bob@example.com', tenantId: 'globex' }]);
  });

  it('does not run the hasher again for a second verification with the same password', async () => {
    users.users = [bob('s3cret')];
    const subject = verifier();

    expect((await subject.verify('bob@example.com', 's3cret', ADDRESS)).ok).toBe(true);
    expect((await subject.verify('bob@example.com', 's3cret', ADDRESS)).ok).toBe(true);
    expect(hasher.verifyCalls).toBe(1);
  });

  it('runs and counts one check for the same password presented by concurrent requests, and one per password', async () => {
    users.users = [bob('s3cret')];
    const subject = verifier();

    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => subject.verify('bob@example.com', 's3cret', ADDRESS)),
      subject.verify('bob@example.com', 'wrong', ADDRESS),
      subject.verify('bob@example.com', 'wrong', ADDRESS),
    ]);

    expect(results.map((result) => result.ok)).toEqual([...Array(8).fill(true), false, false]);
    expect(hasher.verifyCalls).toBe(2);
    expect(guesses.admitted).toHaveLength(2);
    expect((await subject.verify('bob@example.com', 'wrong', ADDRESS)).ok).toBe(false); // not kept once settled
    expect(hasher.verifyCalls).toBe(3);
    expect(guesses.admitted).toHaveLength(3);
  });

  it('verifies again once the stored hash changed (password changed)', async () => {
    users.users = [bob('old-password')];
    const subject = verifier();
    await subject.verify('bob@example.com', 'old-password', ADDRESS);

    users.users = [bob('new-password')];

    expect(await subject.verify('bob@example.com', 'old-password', ADDRESS)).toEqual({
      ok: false,
      reason: 'invalid',
      kind: 'user',
      tenantId: 'acme',
    });
    expect(hasher.verifyCalls).toBe(2);
  });

  it('never caches a wrong password', async () => {
    users.users = [bob('s3cret')];
    const subject = verifier();

    expect((await subject.verify('bob@example.com', 'wrong', ADDRESS)).ok).toBe(false);
    expect((await subject.verify('bob@example.com', 'wrong', ADDRESS)).ok).toBe(false);
    expect(hasher.verifyCalls).toBe(2);
  });

  it('does not let a cached password authenticate another password', async () => {
    users.users = [bob('s3cret')];
    const subject = verifier();
    await subject.verify('bob@example.com', 's3cret', ADDRESS);

    expect((await subject.verify('bob@example.com', 's3cret2', ADDRESS)).ok).toBe(false);
    expect(hasher.verifyCalls).toBe(2);
  });

  it('remembers a password in use past the TTL, and forgets it a TTL after its last use', async () => {
    // The cache reads its clock from performance.now on each use (no reading kept for 1 ms behind a timer).
    const clock = jest.spyOn(performance, 'now');
    try {
      users.users = [bob('s3cret')];
      const subject = verifier('60');
      const verifyAt = async (seconds: number) => {
        clock.mockReturnValue(seconds * 1000);
        expect((await subject.verify('bob@example.com', 's3cret', ADDRESS)).ok).toBe(true);
      };

      for (const seconds of [1, 46, 91, 136]) await verifyAt(seconds); // each within 60 s of the last
      expect(hasher.verifyCalls).toBe(1);
      await verifyAt(197); // 61 s unused
      expect(hasher.verifyCalls).toBe(2);
    } finally {
      clock.mockRestore();
    }
  });

  it('verifies every time when BASIC_AUTH_CACHE_SECONDS is 0', async () => {
    users.users = [bob('s3cret')];
    const subject = verifier('0');

    expect((await subject.verify('bob@example.com', 's3cret', ADDRESS)).ok).toBe(true);
    expect((await subject.verify('bob@example.com', 's3cret', ADDRESS)).ok).toBe(true);
    expect(hasher.verifyCalls).toBe(2);
  });

  describe('device users', () => {
    it('returns a device principal for device_<id> and tenantId/device_<id>, id exact', async () => {
      devices.devices = [sensor('s3cret')];
      const subject = verifier();

      const bare = await subject.verify('device_Sensor/1', 's3cret', ADDRESS);
      const prefixed = await subject.verify('acme/device_Sensor/1', 's3cret', ADDRESS);

      for (const result of [bare, prefixed]) {
        expect(result.ok && result.principal).toMatchObject({
          kind: 'device',
          deviceId: 'Sensor/1',
          tenantId: 'acme',
          userId: 'sensor-acme',
          email: 'device_Sensor/1',
        });
        expect(result.ok && result.principal.roles.size).toBe(0);
      }
      expect(devices.queries).toEqual([
        { deviceId: 'Sensor/1', tenantId: undefined },
        { deviceId: 'Sensor/1', tenantId: 'acme' },
      ]);
      expect(users.queries).toEqual([]);
      expect((await subject.verify('device_sensor/1', 's3cret', ADDRESS)).ok).toBe(false);
    });

    it('takes the tenant whose device user the password opens, for one id in two tenants without a prefix', async () => {
      devices.devices = [sensor('one', 'acme'), sensor('two', 'globex')];
      const subject = verifier();

      const one = await subject.verify('device_Sensor/1', 'one', ADDRESS);
      expect(one.ok && one.principal.tenantId).toBe('acme');
      expect(hasher.verifyCalls).toBe(2);
      devices.devices = [sensor('same', 'acme'), sensor('same', 'globex')];
      expect(await subject.verify('device_Sensor/1', 'same', ADDRESS)).toEqual({
        ok: false,
        reason: 'ambiguous',
        kind: 'device',
      });
    });

    it('misses the cache at once when the password changed or the device user was revoked', async () => {
      devices.devices = [sensor('old')];
      const subject = verifier();
      expect((await subject.verify('device_Sensor/1', 'old', ADDRESS)).ok).toBe(true);
      expect((await subject.verify('device_Sensor/1', 'old', ADDRESS)).ok).toBe(true);
      expect(hasher.verifyCalls).toBe(1);

      devices.devices = [sensor('new')];
      expect((await subject.verify('device_Sensor/1', 'old', ADDRESS)).ok).toBe(false);

      devices.devices = [sensor('old', 'acme', 'recreated')]; // revoked, then created again with the old password
      expect((await subject.verify('device_Sensor/1', 'old', ADDRESS)).ok).toBe(true);
      expect(hasher.verifyCalls).toBe(3);

      devices.devices = [];
      expect(await subject.verify('device_Sensor/1', 'old', ADDRESS)).toEqual({
        ok: false,
        reason: 'invalid',
        kind: 'device',
        tenantId: undefined,
      });
    });
  });
});
