import type { FastifyRequest } from 'fastify';
import { sha256 } from '../crypto/sha256';
import { isMultipart } from '../http/multipart-body';

/**
 * What makes two requests under one key "the same": method, path with its query, and the body.
 * A JSON body is hashed as parsed (the bytes of its canonical text, key order as sent). A multipart
 * upload is streamed to the handler and never held, so it cannot be hashed before it runs: its
 * fingerprint is its declared Content-Length instead (see README, "Safe retries").
 */
export function requestFingerprint(request: FastifyRequest): string {
  const body = isMultipart(request)
    ? `multipart;length=${request.headers['content-length'] ?? 'chunked'}`
    : `json;${sha256(JSON.stringify(request.body ?? null))}`;
  return sha256(`${request.method}\n${request.url}\n${body}`);
}

/** The record's id: the caller (tenant + principal) and its key, hashed so any key compares exactly. */
export function keyRecordId(tenantId: string, principalId: string, key: string): string {
  return sha256(`${tenantId}\n${principalId}\n${key}`);
}
