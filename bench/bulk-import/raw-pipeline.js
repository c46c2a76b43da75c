// The raw pipeline the app is measured against: fast-csv → batches of 200 → the same argon2id hashing
// (same parameters, same process-wide concurrency) → the same batched statements, in one transaction
// per batch, on a mysql2 connection. No Nest, no HTTP, no multipart, no row rules beyond the two cells.
const { createReadStream } = require('node:fs');
const { randomBytes, randomUUID } = require('node:crypto');
const { parse } = require('fast-csv');
const { sha256 } = require('../../dist/src/core/crypto/sha256');
const { hashAll } = require('../../dist/src/modules/new-device-requests/bulk/password-hashing');

const BATCH = 200;
const marks = (n, width) =>
  Array.from({ length: n }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');
const moId = () => randomBytes(8).readBigUInt64BE().toString();

async function writeBatch(connection, tenantId, rows, hashes) {
  await connection.beginTransaction();
  const [existing] = await connection.query(
    `SELECT external_id FROM external_ids WHERE tenant_id = ? AND type = 'c8y_Serial' AND external_id IN (${rows.map(() => '?').join(', ')})`,
    [tenantId, ...rows.map((row) => row.id)],
  );
  const known = new Set(existing.map((row) => row.external_id));
  const fresh = rows.filter((row) => !known.has(row.id)).map((row) => ({ ...row, mo: moId() }));
  const now = new Date();
  if (fresh.length > 0) {
    await connection.query(
      `INSERT INTO managed_objects (tenant_id, id, kind, name, type, owner, fragments, group_key, creation_time) VALUES ${marks(fresh.length, 9)}`,
      fresh.flatMap((row) => [
        tenantId,
        row.mo,
        'device',
        row.name,
        row.type,
        `device_${row.id}`,
        '{}',
        null,
        now,
      ]),
    );
    await connection.query(
      `INSERT INTO managed_object_fragments (tenant_id, fragment_type, managed_object_id) VALUES ${marks(fresh.length, 3)}`,
      fresh.flatMap((row) => [tenantId, 'c8y_IsDevice', row.mo]),
    );
    await connection.query(
      `INSERT INTO external_ids (tenant_id, type, external_id, managed_object_id) VALUES ${marks(fresh.length, 4)}`,
      fresh.flatMap((row) => [tenantId, 'c8y_Serial', row.id, row.mo]),
    );
  }
  await connection.query(
    'INSERT INTO device_users (tenant_id, device_key, id, device_id, password_hash, created_at, updated_at) ' +
      `VALUES ${marks(rows.length, 7)} ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash), updated_at = VALUES(updated_at)`,
    rows.flatMap((row, i) => [tenantId, sha256(row.id), randomUUID(), row.id, hashes[i], now, now]),
  );
  await connection.query(
    `SELECT device_key, id FROM device_users WHERE tenant_id = ? AND device_key IN (${rows.map(() => '?').join(', ')}) FOR UPDATE`,
    [tenantId, ...rows.map((row) => sha256(row.id))],
  );
  await connection.commit();
}

/** Imports `file` (ID;CREDENTIALS;TYPE;NAME) into `tenantId`, hashing batch N+1 while batch N is written. */
async function rawImport(connection, tenantId, file) {
  let batch = [];
  let writing = Promise.resolve();
  let rows = 0;
  const flush = async () => {
    const rowsOfBatch = batch;
    batch = [];
    const hashing = hashAll(rowsOfBatch.map((row) => row.password));
    await writing;
    writing = hashing.then((hashes) => writeBatch(connection, tenantId, rowsOfBatch, hashes));
    writing.catch(() => undefined);
  };
  const parser = createReadStream(file).pipe(parse({ delimiter: ';', headers: false }));
  let header = true;
  for await (const [id, password, type, name] of parser) {
    if (header) {
      header = false;
      continue;
    }
    batch.push({ id, password, type, name });
    rows += 1;
    if (batch.length === BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  await writing;
  return rows;
}

module.exports = { rawImport };
