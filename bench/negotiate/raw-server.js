// The floor to compare with: raw Fastify + mysql2 running the same SQL as the app's 304 path
// (the Basic user lookup, the desired-hash SELECT, and the capabilities UPDATE only when they changed), and the same
// canonical JSON hashing, with no framework, validation, guard or transaction layer.
const Fastify = require('fastify');
const mysql = require('mysql2/promise');
const { deviceIdFor } = require('../../dist/src/modules/devices/device-id');
const { canonicalJson, sha256 } = require('../../dist/src/modules/negotiation/canonical-json');

(async () => {
  const pool = mysql.createPool({
    uri: process.env.DATABASE_URL.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: 10,
    timezone: 'Z',
  });
  const app = Fastify();
  app.post('/api/v1/tenant/:tenantId/configuration/negociate', async (request, reply) => {
    const [email] = Buffer.from(request.headers.authorization.slice(6), 'base64').toString().split(':');
    await pool.query(
      'SELECT id, tenant_id, email, password_hash, roles FROM users WHERE email = ? LIMIT 10',
      [email],
    );
    const { DeviceId, Capabilities, Configuration } = request.body;
    const deviceId = deviceIdFor(DeviceId);
    const reported = sha256(canonicalJson(Configuration));
    const tenantId = request.params.tenantId;
    const [rows] = await pool.query(
      'SELECT desired_hash AS desiredHash, pending_credential_transaction AS pending, capabilities FROM device_configurations WHERE tenant_id = ? AND device_id = ?',
      [tenantId, deviceId],
    );
    const capabilities = canonicalJson(Capabilities);
    if (rows[0] && rows[0].capabilities !== capabilities)
      await pool.query(
        'UPDATE device_configurations SET capabilities = ?, updated_at = ? WHERE tenant_id = ? AND device_id = ?',
        [capabilities, new Date(), tenantId, deviceId],
      );
    if (rows[0] && rows[0].desiredHash === reported && !rows[0].pending) return reply.status(304).send();
    return reply.status(200).send({ slow: true });
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.send('ready');
})();
process.on('SIGINT', () => process.exit(0));
