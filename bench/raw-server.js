// The floor to compare with: raw Fastify + mysql2 doing the same work as the app with no framework,
// validation, guard or transaction layer. Authentication is the app's: the Basic user lookup, then the
// password checked once with argon2 and remembered under an HMAC of (user, stored hash, password).
// - POST /api/v1/tenant/:tenantId/configuration/negociate, the 304 path: the desired-hash SELECT and the
//   capabilities UPDATE only when they changed, with the same canonical JSON hashing;
// - POST /devicecontrol/deviceCredentials, Cumulocity's bootstrap poll of a device not yet accepted: the
//   app's statements (new-device-request-sql.js), the poll counted with the re-read of its request in a
//   transaction, then the 404 in Cumulocity's error shape;
// - GET /health/live, and GET /bench/noop (authenticated, answers {}).
require('./serve-usage');
const { createHmac, randomBytes } = require('node:crypto');
const Fastify = require('fastify');
const { verify } = require('@node-rs/argon2');
const { rawPool } = require('./raw-pool');
const { deviceIdFor } = require('../dist/src/modules/devices/device-id');
const { canonicalJson } = require('../dist/src/modules/negotiation/canonical-json');
const { sha256 } = require('../dist/src/core/crypto/sha256');
const { POLL_SQL } = require('../dist/src/modules/new-device-requests/new-device-request-sql');
const { CUMULOCITY_ERROR_INFO } = require('../dist/src/modules/new-device-requests/cumulocity-error.shape');
// The app's garbage collection settings (main.ts), so the two compare on their code alone.
require('../dist/src/core/runtime/garbage-collection').allocateYoungFirst();

const cacheKey = randomBytes(32);
const verified = new Set();

(async () => {
  const pool = rawPool();

  /** The caller's user row, or null. */
  async function authenticated(request) {
    const decoded = Buffer.from(request.headers.authorization.slice(6), 'base64').toString();
    const colon = decoded.indexOf(':');
    const [email, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    const users = await pool.query(
      'SELECT id, tenant_id, email, password_hash, roles FROM users WHERE email = ? LIMIT 10',
      [email],
    );
    const user = users[0];
    if (users.length !== 1) return null;
    const key = createHmac('sha256', cacheKey)
      .update(`${user.id}\0${user.password_hash}\0${password}`)
      .digest('base64');
    if (verified.has(key)) return user;
    if (!(await verify(user.password_hash, password))) return null;
    verified.add(key);
    return user;
  }

  const app = Fastify();
  app.get('/health/live', async () => ({ status: 'ok', info: {}, error: {}, details: {} }));
  app.get('/bench/noop', async (request, reply) =>
    (await authenticated(request)) ? {} : reply.status(401).send({ status: 401 }),
  );
  app.post('/api/v1/tenant/:tenantId/configuration/negociate', async (request, reply) => {
    if (!(await authenticated(request))) return reply.status(401).send({ status: 401 });
    const { DeviceId, Capabilities, Configuration } = request.body;
    const deviceId = deviceIdFor(DeviceId);
    const reported = sha256(canonicalJson(Configuration));
    const tenantId = request.params.tenantId;
    const rows = await pool.query(
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
  // The app's defaults (NEW_DEVICE_REQUEST_MAX_POLLS, NEW_DEVICE_REQUEST_POLL_WINDOW_SECONDS).
  const [maxPolls, pollWindowMs] = [60, 60_000];
  app.addContentTypeParser(
    'application/vnd.com.nsn.cumulocity.devicecredentials+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.post('/devicecontrol/deviceCredentials', async (request, reply) => {
    const user = await authenticated(request);
    if (!user?.roles.split(',').includes('ROLE_DEVICE_BOOTSTRAP'))
      return reply.status(401).send({ status: 401 });
    const { id } = request.body;
    const key = sha256(id); // the device key, as the repository hashes it
    const rows = await pool.query(POLL_SQL.requestsOf, [key]);
    const waiting = rows.find(
      (row) => row.device_id === id && row.credentials_issued_at === null && row.tenant_id === user.tenant_id,
    );
    if (waiting?.status !== 'PENDING_ACCEPTANCE') return reply.status(200).send({ slow: true });
    await pool.transaction(async (query) => {
      await query(...POLL_SQL.countPoll(waiting.seq, new Date(), pollWindowMs, maxPolls, true));
      await query(POLL_SQL.request, [key, waiting.tenant_id]); // the status after: no event when unchanged
    });
    return reply
      .status(404)
      .type('application/vnd.com.nsn.cumulocity.error+json;charset=UTF-8')
      .send({
        error: 'devicecontrol/Not Found',
        message: `No credentials for device '${id}': not registered, or not yet accepted`,
        info: CUMULOCITY_ERROR_INFO,
      });
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.send({ listening: (app.server ?? app.getHttpServer()).address().port });
})();
