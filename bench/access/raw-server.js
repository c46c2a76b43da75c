// The floor to compare with: raw Fastify + mysql2 deciding geolocation access with the app's own
// statements (dist/.../access-sql.js) and its pure rules (schedules, distance, denial reasons), the same
// Bearer check (HS256 verify, then the user re-read by id, then the mobile caller's zoneAccess), the same webhook subscription read and the same audit INSERT, with no framework,
// guard, validation pipe, CLS or interceptor.
require('../serve-usage');
const { createSecretKey } = require('node:crypto');
const Fastify = require('fastify');
const jwt = require('jsonwebtoken');
const { rawPool } = require('../raw-pool');
const access = '../../dist/src/modules/mobile/access';
const { ACCESS_SQL, areasInBoxParams } = require(`${access}/access-sql`);
const { DENIAL_INFO, DenialReason, denialReason, readsHolidays } = require(`${access}/access-decision`);
const { boundingBox, distanceMeters } = require(`${access}/geo/geo-distance`);
const { relevantDays, siteTime } = require(`${access}/schedule/schedule-evaluator`);
const { GPS_SEARCH_METERS } = require(`${access}/geolocation-access.service`);
const { toMeters, fromMeters } = require('../../dist/src/modules/mobile/site-model/gps-unit');
const { holidayTypeBit } = require('../../dist/src/modules/mobile/site-model/schedule-masks');
// The app's garbage collection settings (main.ts), so the two compare on their code alone.
require('../../dist/src/core/runtime/garbage-collection').allocateYoungFirst();

const NO_RIGHTS = { linked: false, periods: [] };

(async () => {
  const { query } = rawPool();
  const area = (row) => ({
    id: row.id,
    name: row.name,
    siteId: row.site_id,
    timeZone: row.time_zone,
    state: Number(row.state),
    geoEnabled: Boolean(row.geo_enabled),
    latitude: row.gps_latitude,
    longitude: row.gps_longitude,
    radius: row.gps_radius,
    unitType: row.gps_unit_type,
  });

  async function reasons(tenantId, userId, areas, now) {
    const rows = await query(ACCESS_SQL.rightsOf(areas.length), [
      tenantId,
      userId,
      ...areas.map((a) => a.id),
    ]);
    const rights = new Map();
    for (const row of rows) {
      const entry = rights.get(row.area_id) ?? { linked: true, periods: [] };
      rights.set(row.area_id, entry);
      if (row.frequency !== null)
        entry.periods.push({
          frequency: row.frequency,
          exceptions: row.exceptions,
          days: row.days,
          startMinute: row.start_minute,
          endMinute: row.end_minute,
          onTime: row.on_time,
          offTime: row.off_time,
        });
    }
    const out = [];
    for (const a of areas) {
      const own = rights.get(a.id) ?? NO_RIGHTS;
      const at = siteTime(now, a.timeZone);
      let holidays = new Map();
      if (own.linked && readsHolidays(own.periods)) {
        const days = relevantDays(at);
        for (const row of await query(ACCESS_SQL.holidays(days.length), [tenantId, a.siteId, ...days]))
          holidays.set(row.date, (holidays.get(row.date) ?? 0) | holidayTypeBit(row.holiday_type));
      }
      out.push(denialReason({ ...own, state: a.state, holidays }, at));
    }
    return out;
  }

  // A key object, as the app's JwtModule is given: a string makes jsonwebtoken parse it as a PEM key first.
  const secret = createSecretKey(Buffer.from(process.env.JWT_SECRET));
  const app = Fastify();
  app.post('/api/mobile/geolocation/access', async (request, reply) => {
    let claims;
    try {
      claims = jwt.verify((request.headers.authorization ?? '').slice(7), secret, {
        algorithms: ['HS256'],
        issuer: 'device-gateway',
        audience: 'device-gateway',
      });
    } catch {
      return reply.status(401).send({ status: 401, message: 'Unauthorized' });
    }
    const [user] = await query('SELECT id, tenant_id, email, password_hash, roles FROM users WHERE id = ?', [
      claims.sub,
    ]);
    if (!user || user.tenant_id !== claims.tid)
      return reply.status(401).send({ status: 401, message: 'Unauthorized' });
    // MobileCallerService.resolve: the caller's zoneAccess (the bench's tokens name no phone, nor do its bodies).
    await query('SELECT zone_access FROM mobile_user_profiles WHERE user_id = ?', [user.id]);
    const { beacon, gps, guid } = request.body ?? {};
    if ((beacon === undefined) === (gps === undefined))
      return reply
        .status(400)
        .send({ status: 400, message: 'Either the beacon or the gps property must be given' });
    const now = new Date();
    const tenantId = user.tenant_id;
    let outcome;
    if (beacon) {
      const [row] = await query(ACCESS_SQL.areaByBeacon, [
        tenantId,
        beacon.uuid.toLowerCase(),
        beacon.major,
        beacon.minor,
      ]);
      const found = row && area(row);
      let reason = DenialReason.UNKNOWN_BEACON;
      if (found && !found.geoEnabled) reason = DenialReason.GEOLOCATION_DISABLED;
      else if (found) [reason] = await reasons(tenantId, user.id, [found], now);
      outcome = { area: found, reason };
    } else {
      const box = boundingBox(gps, GPS_SEARCH_METERS);
      const wraps = box.minLongitude > box.maxLongitude;
      const rows = await query(ACCESS_SQL.areasInBox(wraps, 20), areasInBoxParams(tenantId, box, gps));
      const measured = rows
        .map(area)
        .map((a) => ({
          area: a,
          meters: distanceMeters(gps, { latitude: a.latitude, longitude: a.longitude }),
        }))
        .sort((x, y) => x.meters - y.meters);
      const covering = measured.filter(
        (m) => m.area.radius !== null && m.meters <= toMeters(m.area.radius, m.area.unitType),
      );
      const inUnit = (m) => fromMeters(m.meters, m.area.unitType);
      if (covering.length === 0) {
        outcome = measured[0]
          ? { area: measured[0].area, reason: DenialReason.NO_AREA_NEARBY, distance: inUnit(measured[0]) }
          : { area: undefined, reason: DenialReason.NO_AREA_NEARBY };
      } else {
        const found = await reasons(
          tenantId,
          user.id,
          covering.map((m) => m.area),
          now,
        );
        const chosen = Math.max(0, found.indexOf(null));
        outcome = { area: covering[chosen].area, reason: found[chosen], distance: inUnit(covering[chosen]) };
      }
    }
    const result = outcome.reason === null ? 'granted' : 'denied';
    // Events.publishWith: who takes the decision's webhook event (the bench's tenant: no one), then the audit row.
    const type = result === 'granted' ? 'primis.access.granted' : 'primis.access.denied';
    const endpoints = await query(
      'SELECT id, event_types FROM webhook_endpoints WHERE tenant_id = ? AND active = 1',
      [tenantId],
    );
    if (endpoints.some((row) => JSON.parse(row.event_types).includes(type)))
      throw new Error('the bench seeds no webhook endpoint');
    await query(ACCESS_SQL.recordDecision, [
      tenantId,
      now,
      user.id,
      user.email,
      guid ?? null,
      beacon ? 'beacon' : 'gps',
      outcome.area?.id ?? null,
      result,
      outcome.reason,
      outcome.distance ?? null,
    ]);
    return reply.status(201).send({
      status: 'ok',
      primisResult: {
        result,
        zoneid: outcome.area?.id ?? '',
        zonename: outcome.area?.name ?? '',
        ...(outcome.distance === undefined ? {} : { distance: outcome.distance }),
        info: outcome.reason === null ? '' : DENIAL_INFO[outcome.reason],
      },
    });
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.send({ listening: app.server.address().port });
})();
