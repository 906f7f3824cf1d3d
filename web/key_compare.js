// Comparing keys without reading 40 hex digits aloud: the short code and what a person's QR
// code holds (docs/notes-envelope.md, *Comparing keys*; the twin of server/crypto/compare.py).
// SHA-256 from WebCrypto; the QR symbol itself is drawn by the vendored `qr` library.

import * as C from '/static/crypto.js';

const utf8 = new TextEncoder();
const SAFETY_LABEL = utf8.encode('balint-notes/v2/safety-number');
const SHORT_LABEL = utf8.encode('balint-notes/v2/short-code');
export const QR_PREFIX = 'BALINT-KEY:2:';

async function sha256(data) {
  return new Uint8Array(await C.subtle().digest('SHA-256', data));
}

async function safetyDigest(pub, signing) {
  return (await sha256(C.concat(SAFETY_LABEL, [0], C.checkPub(pub), C.checkPub(signing)))).slice(0, 20);
}

function compareBytes(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * The code two people read aloud: four groups of six digits, the same on both screens (the
 * two people's safety numbers are sorted before hashing). `a`, `b`: { publicKey, signingKey }.
 */
export async function shortCode(a, b) {
  const [lo, hi] = [await safetyDigest(a.publicKey, a.signingKey),
    await safetyDigest(b.publicKey, b.signingKey)].sort(compareBytes);
  const digest = await sha256(C.concat(SHORT_LABEL, [0], lo, hi));
  const groups = [];
  for (let i = 0; i < 4; i++) {
    // Five bytes as a whole number (exact in a double: under 2^53), then its last six digits.
    let n = 0;
    for (const byte of digest.slice(5 * i, 5 * i + 5)) n = n * 256 + byte;
    groups.push(String(n % 1000000).padStart(6, '0'));
  }
  return groups.join(' ');
}

/** What my QR code holds: my own two public keys. */
export function qrPayload(publicKey, signingKey) {
  return `${QR_PREFIX}${C.b64uEncode(C.checkPub(publicKey))}.${C.b64uEncode(C.checkPub(signingKey))}`;
}

/** The two keys in a scanned or pasted code, or null if it is not one of ours. */
export function parseQr(text) {
  const body = String(text).trim();
  if (!body.startsWith(QR_PREFIX)) return null;
  const parts = body.slice(QR_PREFIX.length).split('.');
  if (parts.length !== 2) return null;
  try {
    return { publicKey: C.b64uDecode(parts[0], 32), signingKey: C.b64uDecode(parts[1], 32) };
  } catch {
    return null;
  }
}

/**
 * Does what the person scanned, pasted or typed match the key pinned for them? Accepts their
 * QR code's text, the short code (spaces optional) or their 40-digit safety number.
 * Returns 'match', 'mismatch' or 'unreadable'.
 */
export async function matches(text, pinned, mine) {
  const keys = parseQr(text);
  if (keys) {
    return C.bytesEqual(keys.publicKey, pinned.publicKey) && C.bytesEqual(keys.signingKey, pinned.signingKey)
      ? 'match' : 'mismatch';
  }
  const compact = String(text).replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{24}$/.test(compact)) {
    return compact === (await shortCode(mine, pinned)).replace(/ /g, '') ? 'match' : 'mismatch';
  }
  if (/^[0-9A-F]{40}$/.test(compact)) {
    const number = await C.safetyNumber(pinned.publicKey, pinned.signingKey);
    return compact === number.replace(/ /g, '') ? 'match' : 'mismatch';
  }
  return 'unreadable';
}
