// Seeds a tenant, an operator and N devices with a desired configuration, in bulk, straight in SQL.
const { hash, Algorithm } = require('@node-rs/argon2');
const { basic } = require('../bench-http');
const { deviceIdFor } = require('../../dist/src/modules/devices/device-id');
const { canonicalJson } = require('../../dist/src/modules/negotiation/canonical-json');
const { sha256 } = require('../../dist/src/core/crypto/sha256');

const TENANT = 'bench';
const USER = { email: 'operator@bench.test', password: 'bench-password-1' };
const CONFIGURATION = {
  firmware: '1.2.3',
  upload: { interval: 60, wifiOnly: true },
  codecs: ['h264', 'aac'],
};

const serial = (i) => `SN-${String(i).padStart(6, '0')}`;
/** What device i reports, already stored: a steady fleet's polls change nothing. */
const capabilities = (i) => ({ freeSpaceMb: 1000 + (i % 97) });

async function seed(connection, count) {
  const now = new Date();
  await connection.query(
    'INSERT INTO tenants (id, name, active_device_limit, created_at) VALUES (?, ?, ?, ?)',
    [TENANT, 'Bench', count, now],
  );
  const passwordHash = await hash(USER.password, {
    algorithm: Algorithm.Argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
  await connection.query(
    'INSERT INTO users (id, tenant_id, email, password_hash, roles, created_at, updated_at) VALUES (UUID(), ?, ?, ?, ?, ?, ?)',
    [TENANT, USER.email, passwordHash, 'MANAGE_DEVICES', now, now],
  );
  const desired = canonicalJson(CONFIGURATION);
  const desiredHash = sha256(desired);
  for (let start = 0; start < count; start += 1000) {
    const devices = [];
    const configurations = [];
    for (let i = start; i < Math.min(count, start + 1000); i += 1) {
      const id = deviceIdFor({ SerialNumber: serial(i), Manufacturer: 'bench' });
      devices.push([TENANT, id, serial(i), 'bench', 'BodyWornCamera', false, now, now]);
      configurations.push([TENANT, id, desired, desiredHash, desired, canonicalJson(capabilities(i)), now]);
    }
    await connection.query(
      'INSERT INTO devices (tenant_id, id, serial_number, manufacturer, device_type, active, created_at, updated_at) VALUES ?',
      [devices],
    );
    await connection.query(
      'INSERT INTO device_configurations (tenant_id, device_id, desired, desired_hash, applied, capabilities, updated_at) VALUES ?',
      [configurations],
    );
  }
}

/** The bodies devices send when nothing changed: each device reports the desired configuration. */
function pollBodies(count) {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      DeviceId: { SerialNumber: serial(i), Manufacturer: 'bench' },
      DeviceType: 'BodyWornCamera',
      Capabilities: capabilities(i),
      Configuration: CONFIGURATION,
    }),
  );
}

/** Load options for the poll on `port`: every device in turn reports what it runs (`bodies`). */
function pollLoad(port, bodies, { connections, duration }) {
  let next = 0;
  return {
    url: `http://127.0.0.1:${port}/api/v1/tenant/${TENANT}/configuration/negociate`,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json', authorization: basic(USER) },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
  };
}

module.exports = { seed, pollBodies, pollLoad, TENANT, USER };
