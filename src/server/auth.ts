/**
 * Client API keys for `/v1/*`: `Authorization: Bearer <key>` must be one of the server's keys (given
 * with --api-key or --api-key-file), compared in constant time. They are separate from the key sent
 * upstream, and never logged or echoed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ServeError } from './errors.js';

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

/** A checker for the Authorization header; with no keys every request passes. */
export function createKeyCheck(keys: readonly string[]): (authorization: string | undefined) => void {
  const digests = keys.map(digest);
  return (authorization) => {
    if (digests.length === 0) return;
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (match === null) {
      throw new ServeError(401, 'missing API key: send "Authorization: Bearer <key>" with one of the keys this server was started with', 'invalid_request_error', 'invalid_api_key');
    }
    const given = digest((match[1] as string).trim());
    if (!digests.some((d) => timingSafeEqual(d, given))) {
      throw new ServeError(401, 'incorrect API key: it is not one of the keys this server was started with', 'invalid_request_error', 'invalid_api_key');
    }
  };
}
