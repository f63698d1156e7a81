// An unsubscribe token as lib/mail_token.c makes them: base64url(1 | the
// person's id, 8 bytes big-endian | kind | MAC), the MAC the first 16
// bytes of HMAC-SHA-256 under a key derived from the platform secret.
// Shared by the API and browser tests (no stack needed to import it).
import { createHmac } from 'node:crypto';

export function unsubscribeToken(secret, userId, kind) {
  const key = createHmac('sha256', secret).update('parvis mail unsubscribe v1').digest();
  const id = Buffer.alloc(8);
  id.writeBigUInt64BE(BigInt(userId));
  const payload = Buffer.concat([Buffer.from([1]), id, Buffer.from(kind)]);
  const mac = createHmac('sha256', key).update(payload).digest().subarray(0, 16);
  return Buffer.concat([payload, mac]).toString('base64url');
}
