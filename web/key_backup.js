// Key backups: an identity's private key sealed under a recovery passphrase, version 2 (scrypt,
// what the app writes) and version 1 (PBKDF2, still read; upgraded on the next unlock). The
// browser half of server/crypto/key_backup.py (spec: docs/notes-envelope.md, *Key backup*).
// Split from web/crypto.js for size, which re-exports everything here. This module and
// crypto.js import each other, so nothing from crypto.js is used at this module's top level.

import { scryptAsync } from '/vendor/noble-hashes/scrypt.js';
import {
  EnvelopeError, KEY_BYTES, KID_BYTES, NONCE_BYTES, PKCS8_PREFIX, SALT_BYTES, TAG_BYTES, VERSION,
  aesKey, asBytes, b64uDecode, b64uEncode, bytesEqual, checkPub, checkVersion, concat, drawFrom,
  gcmDecrypt, gcmEncrypt, generateIdentity, hasExactly, identityFromPkcs8, isOperationError,
  isPlainObject, keyId, parseJson, subtle,
} from '/static/crypto.js';

export const MAX_BACKUP_BYTES = 4096;
export const PBKDF2_ITERATIONS = 600000;
export const MAX_PBKDF2_ITERATIONS = 10000000;
// Key backup version 2: scrypt N=2^17, r=8, p=1 (128 MiB); a backup may ask for at most 2^18.
export const BACKUP_VERSION = 2;
export const SCRYPT_N = 2 ** 17;
export const MAX_SCRYPT_N = 2 ** 18;
const SCRYPT_R = 8;
const SCRYPT_P = 1;

const utf8 = new TextEncoder();
const BACKUP_LABEL = utf8.encode("balint-notes/v1/key-backup");
const BACKUP_LABEL_V2 = utf8.encode("balint-notes/v2/key-backup");
const BACKUP_KEYS = ["v", "kid", "kdf", "iter", "salt", "nonce", "ct"];
const BACKUP_V2_KEYS = ["v", "kid", "kdf", "n", "r", "p", "salt", "nonce", "ct"];

function passphraseBytes(passphrase) {
  if (typeof passphrase !== "string" || passphrase.length === 0) {
    throw new EnvelopeError("bad_passphrase", "Please enter your recovery passphrase.");
  }
  return utf8.encode(passphrase.normalize("NFC"));
}

async function backupKey(passphrase, salt, iterations) {
  const base = await subtle().importKey("raw", passphraseBytes(passphrase), "PBKDF2", false, [
    "deriveKey",
  ]);
  return subtle().deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

// The kid as its 22 ASCII characters (the text, not the 16 decoded bytes).
function backupAd(kid, version = 1) {
  return concat(version === 1 ? BACKUP_LABEL : BACKUP_LABEL_V2, [0], utf8.encode(kid));
}

function checkScryptN(n) {
  if (typeof n !== "number" || !Number.isInteger(n) || n < SCRYPT_N || n > MAX_SCRYPT_N
    || (n & (n - 1)) !== 0) {
    throw new EnvelopeError("malformed", "Unsupported scrypt cost.");
  }
}

/** The raw 32-byte version-2 backup key: scrypt(NFC passphrase, salt, n, r=8, p=1). */
export async function scryptBackupKey(passphrase, salt, n = SCRYPT_N) {
  checkScryptN(n);
  const bytes = passphraseBytes(passphrase);
  // maxmem a little over 128 * r * n (+ p * r * 128): exactly what the largest allowed n needs.
  return scryptAsync(bytes, salt, { N: n, r: SCRYPT_R, p: SCRYPT_P, dkLen: 32,
    maxmem: 128 * SCRYPT_R * (MAX_SCRYPT_N + SCRYPT_P + 2) });
}

async function scryptAesKey(passphrase, salt, n) {
  const raw = await scryptBackupKey(passphrase, salt, n);
  try {
    return await aesKey(raw);
  } finally {
    raw.fill(0);
  }
}

/**
 * What a key backup seals: the key id and the private key as the spec's 48-byte PKCS#8. Built
 * from the JWK's raw `d` rather than the browser's own PKCS#8 export, so the blob holds exactly
 * those bytes whatever DER a browser prefers; `x` proves the pair matches.
 */
async function keyToSeal(identity) {
  const key = identity && identity.privateKey;
  if (!(key instanceof CryptoKey) || !key.extractable) {
    throw new EnvelopeError("bad_key", "This key cannot be backed up.");
  }
  const jwk = await subtle().exportKey("jwk", key);
  if (!bytesEqual(b64uDecode(jwk.x, KEY_BYTES), checkPub(identity.publicKey))) {
    throw new EnvelopeError("bad_key", "This private key does not match its public key.");
  }
  return { kid: await keyId(identity.publicKey), pkcs8: concat(PKCS8_PREFIX, b64uDecode(jwk.d, KEY_BYTES)) };
}

/**
 * The key backup blob, version 2 (what the app writes now): the private key sealed under
 * scrypt(passphrase) and AES-GCM. Version 1 blobs (exportPrivateKey) are still read, and the
 * app upgrades them on the next unlock. Needs an extractable private key; else bad_key.
 */
export async function backupPrivateKey(identity, passphrase, n = SCRYPT_N, { rng } = {}) {
  checkScryptN(n);
  passphraseBytes(passphrase);
  const { kid, pkcs8 } = await keyToSeal(identity);
  const salt = drawFrom(rng, SALT_BYTES);
  const nonce = drawFrom(rng, NONCE_BYTES);
  try {
    const ct = await gcmEncrypt(await scryptAesKey(passphrase, salt, n), nonce, pkcs8,
      backupAd(kid, BACKUP_VERSION));
    return JSON.stringify({
      v: BACKUP_VERSION, kid, kdf: "scrypt", n, r: SCRYPT_R, p: SCRYPT_P,
      salt: b64uEncode(salt), nonce: b64uEncode(nonce), ct: b64uEncode(ct),
    });
  } finally {
    pkcs8.fill(0);
  }
}

/** The version of a structurally valid backup blob (1: PBKDF2, 2: scrypt); else throws. */
export function backupVersion(blob) {
  return parseBackup(blob).version;
}

// Restore steps 1-3 for either version: { version, kid, salt, nonce, ct, iter | n }.
function parseBackup(blob) {
  const raw = asBytes(blob);
  if (raw.length > MAX_BACKUP_BYTES) {
    throw new EnvelopeError("too_large", "This is not a key backup.");
  }
  const { text, obj } = parseJson(raw, blob);
  if (isPlainObject(obj) && obj.v === BACKUP_VERSION) {
    const keys = Object.keys(obj);
    if (keys.length !== BACKUP_V2_KEYS.length || !BACKUP_V2_KEYS.every((k, i) => keys[i] === k)
      || obj.kdf !== "scrypt" || obj.r !== SCRYPT_R || obj.p !== SCRYPT_P) {
      throw new EnvelopeError("malformed", "This is not a key backup.");
    }
    checkScryptN(obj.n);
    const parts = backupParts(obj);
    const canonical = JSON.stringify({
      v: BACKUP_VERSION, kid: obj.kid, kdf: "scrypt", n: obj.n, r: SCRYPT_R, p: SCRYPT_P,
      salt: obj.salt, nonce: obj.nonce, ct: obj.ct,
    });
    if (canonical !== text) {
      throw new EnvelopeError("malformed", "The key backup is not in canonical form.");
    }
    return { version: 2, n: obj.n, ...parts };
  }
  checkVersion(obj);
  if (!hasExactly(obj, BACKUP_KEYS) || obj.kdf !== "pbkdf2-sha256") {
    throw new EnvelopeError("malformed", "This is not a key backup.");
  }
  checkIterations(obj.iter);
  const parts = backupParts(obj);
  const canonical = JSON.stringify({
    v: VERSION, kid: obj.kid, kdf: "pbkdf2-sha256", iter: obj.iter,
    salt: obj.salt, nonce: obj.nonce, ct: obj.ct,
  });
  if (canonical !== text) {
    throw new EnvelopeError("malformed", "The key backup is not in canonical form.");
  }
  return { version: 1, iter: obj.iter, ...parts };
}

function backupParts(obj) {
  b64uDecode(obj.kid, KID_BYTES);
  return {
    kid: obj.kid,
    salt: b64uDecode(obj.salt, SALT_BYTES),
    nonce: b64uDecode(obj.nonce, NONCE_BYTES),
    ct: b64uDecode(obj.ct, PKCS8_PREFIX.length + KEY_BYTES + TAG_BYTES),
  };
}

function checkIterations(iterations) {
  if (
    typeof iterations !== "number" ||
    !(iterations >= PBKDF2_ITERATIONS && iterations <= MAX_PBKDF2_ITERATIONS) ||
    !Number.isInteger(iterations)
  ) {
    throw new EnvelopeError("malformed", "Unsupported iteration count.");
  }
}

/**
 * The key backup blob (a JSON string): the identity's private key sealed under a recovery
 * passphrase. Needs an extractable private key (see generateIdentityWithBackup); otherwise
 * bad_key. Throws bad_passphrase for an empty passphrase, malformed for iterations out of range.
 */
export async function exportPrivateKey(identity, passphrase, iterations = PBKDF2_ITERATIONS,
  { rng } = {}) {
  checkIterations(iterations);
  passphraseBytes(passphrase); // refuse before spending a second on PBKDF2
  const { kid, pkcs8 } = await keyToSeal(identity);
  const salt = drawFrom(rng, SALT_BYTES);
  const nonce = drawFrom(rng, NONCE_BYTES);
  try {
    const sealingKey = await backupKey(passphrase, salt, iterations);
    const ct = await gcmEncrypt(sealingKey, nonce, pkcs8, backupAd(kid));
    return JSON.stringify({
      v: VERSION, kid, kdf: "pbkdf2-sha256", iter: iterations,
      salt: b64uEncode(salt), nonce: b64uEncode(nonce), ct: b64uEncode(ct),
    });
  } finally {
    pkcs8.fill(0);
  }
}

/**
 * Restore an identity from a backup blob made by either implementation. The private key is
 * non-extractable. Throws bad_passphrase (wrong passphrase or damaged blob), too_large,
 * malformed or unsupported_version.
 */
export async function importPrivateKey(blob, passphrase, { extractable = false } = {}) {
  const b = parseBackup(blob);
  let pkcs8;
  try {
    const key = b.version === 1 ? await backupKey(passphrase, b.salt, b.iter)
      : await scryptAesKey(passphrase, b.salt, b.n);
    pkcs8 = await gcmDecrypt(key, b.nonce, b.ct, backupAd(b.kid, b.version));
  } catch (err) {
    if (!isOperationError(err)) throw err;
    throw new EnvelopeError("bad_passphrase", "That passphrase does not open this backup.");
  }
  try {
    if (!bytesEqual(pkcs8.slice(0, PKCS8_PREFIX.length), PKCS8_PREFIX)) {
      throw new EnvelopeError("malformed", "The key backup holds something else.");
    }
    const identity = await identityFromPkcs8(pkcs8, extractable);
    if ((await keyId(identity.publicKey)) !== b.kid) {
      throw new EnvelopeError("malformed", "The key backup is for a different key.");
    }
    return identity;
  } finally {
    pkcs8.fill(0);
  }
}

/**
 * The sign-up path: a new identity plus its backup blob. The key is created extractable only so
 * it can be exported once; the identity returned is restored from the blob itself, so it is
 * non-extractable and the backup is known to open with this passphrase before anyone relies on it.
 */
export async function generateIdentityWithBackup(passphrase, { n = SCRYPT_N } = {}) {
  const temporary = await generateIdentity({ extractable: true });
  const backup = await backupPrivateKey(temporary, passphrase, n);
  const identity = await importPrivateKey(backup, passphrase);
  return { identity, backup };
}
