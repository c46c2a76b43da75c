// Seeds the access bench in bulk, straight in SQL (INSERT ... SELECT over a numbers table): one site,
// AREAS controlled areas each with a beacon and a GPS position on a grid, GROUPS access groups of ten
// areas on two schedules, USERS mobile users in three groups each.
const { numbersBelow } = require('../bench-database');

const TENANT = 'bench';
const UUID = 'f7826da6-4fa2-4e98-8024-bc5b71e0893e';
const AREAS = Number(process.env.BENCH_AREAS ?? 10_000);
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const GROUPS = AREAS / 10;
/** Grid of areas: 100 columns, 0.01 degree apart (~0.7 km east-west, 1.1 km north-south near Paris). */
const position = (n) => ({ latitude: 48 + Math.floor(n / 100) * 0.01, longitude: 2 + (n % 100) * 0.01 });
/** The access groups user n belongs to (one formula for the seed and the workload). */
const groupsOf = (n) => [n % GROUPS, (n * 7 + 1) % GROUPS, (n * 13 + 2) % GROUPS];
const userId = (n) => `u-${String(n).padStart(8, '0')}`;

async function seed(connection) {
  const now = new Date();
  const q = (sql, params = []) => connection.query(sql, params);
  await q(
    "INSERT INTO mobile_sites (tenant_id, id, name, time_zone, reference_count, created_at, updated_at) VALUES (?, 'hq', 'HQ', 'Europe/Paris', 0, ?, ?)",
    [TENANT, now, now],
  );
  await q(
    "INSERT INTO mobile_site_holidays (tenant_id, site_id, date, name, holiday_type) VALUES (?, 'hq', '2026-12-25', 'Christmas', 1)",
    [TENANT],
  );
  await q(
    `INSERT INTO users (id, tenant_id, email, password_hash, roles, created_at, updated_at)
     SELECT CONCAT('u-', LPAD(n, 8, '0')), ?, CONCAT('user', n, '@bench.test'), 'not-a-login-password', 'MOBILE_USER', ?, ?
     FROM ${numbersBelow(USERS)} nums WHERE n < ?`,
    [TENANT, now, now, USERS],
  );
  await q(
    `INSERT INTO mobile_beacons (tenant_id, unique_id, uuid, major, minor, adv_interval, reference_count, updated_at)
     SELECT ?, CONCAT('b', n), ?, FLOOR(n / 100), n MOD 100, 350, 1, ? FROM ${numbersBelow(AREAS)} nums WHERE n < ?`,
    [TENANT, UUID, now, AREAS],
  );
  await q(
    `INSERT INTO mobile_controlled_areas (tenant_id, id, site_id, name, description, state, state_changed_at,
       unlocked_until, toggle, factor, authorization_mode, authorization_timeout, zone_group_id, geo_enabled,
       beacon_unique_id, gps_latitude, gps_longitude, gps_radius, gps_unit_type, reference_count, created_at, updated_at)
     SELECT ?, CONCAT('A', LPAD(n, 6, '0')), 'hq', CONCAT('Area ', n), '', IF(n MOD 50 = 49, 13, 10), ?, NULL, '', 0, 0, 0,
       '', 1, CONCAT('b', n), 48 + FLOOR(n / 100) * 0.01, 2 + (n MOD 100) * 0.01, 200, 'meters', 1, ?, ?
     FROM ${numbersBelow(AREAS)} nums WHERE n < ?`,
    [TENANT, now, now, now, AREAS],
  );
  for (const [id, name] of [
    [1, 'Always'],
    [2, 'Office hours'],
  ])
    await q(
      "INSERT INTO mobile_schedules (tenant_id, id, site_id, name, description, reference_count, created_at, updated_at) VALUES (?, ?, 'hq', ?, '', 1, ?, ?)",
      [TENANT, id, name, now, now],
    );
  await q(
    `INSERT INTO mobile_schedule_periods (tenant_id, schedule_id, position, frequency, exceptions, days, start_minute, end_minute, on_time, off_time)
     VALUES (?, 1, 0, 2, 0, 127, 0, 1440, NULL, NULL), (?, 2, 0, 2, 256, 62, 480, 1020, NULL, NULL)`,
    [TENANT, TENANT],
  );
  await q(
    `INSERT INTO mobile_access_groups (tenant_id, id, site_id, name, description, member_count, created_at, updated_at)
     SELECT ?, n, 'hq', CONCAT('Group ', n), '', 0, ?, ? FROM ${numbersBelow(GROUPS)} nums WHERE n < ?`,
    [TENANT, now, now, GROUPS],
  );
  await q(
    `INSERT INTO mobile_access_group_areas (tenant_id, access_group_id, controlled_area_id)
     SELECT ?, FLOOR(n / 10), CONCAT('A', LPAD(n, 6, '0')) FROM ${numbersBelow(AREAS)} nums WHERE n < ?`,
    [TENANT, AREAS],
  );
  await q(
    `INSERT INTO mobile_access_group_schedules (tenant_id, access_group_id, schedule_id)
     SELECT ?, n, 1 + n MOD 2 FROM ${numbersBelow(GROUPS)} nums WHERE n < ?`,
    [TENANT, GROUPS],
  );
  for (const [multiplier, offset] of [
    [1, 0],
    [7, 1],
    [13, 2],
  ])
    await q(
      `INSERT IGNORE INTO mobile_user_access_groups (tenant_id, user_id, access_group_id)
       SELECT ?, CONCAT('u-', LPAD(n, 8, '0')), (n * ? + ?) MOD ? FROM ${numbersBelow(USERS)} nums WHERE n < ?`,
      [TENANT, multiplier, offset, GROUPS, USERS],
    );
}

module.exports = { seed, position, groupsOf, userId, TENANT, UUID, AREAS, USERS };
