// End-to-end encrypted case-note envelopes, version 1 (spec: docs/notes-envelope.md).
//
// The browser half of server/crypto/envelope.py: same format, same checks in the same order, same
// error codes, byte-for-byte identical output given the same randomness. Only WebCrypto
// (crypto.subtle) is used; it exists only in secure contexts (https, or http://127.0.0.1 /
// localhost). Nothing here logs, and error messages never contain note text or key material.
//
// Keys in memory: an identity is { privateKey: CryptoKey, publicKey: Uint8Array(32) }. Private
// keys are non-extractable (page script can use them but never read them out) except inside
// generateIdentityWithBackup(), which needs one export to write the backup and then hands back a
// non-extractable copy restored from that very backup.

export const VERSION = 1;
export const MAX_STANZAS = 64;
export const MAX_PLAINTEXT = 65536;
export const MAX_ENVELOPE_BYTES = 100000;

export const TAG_BYTES = 16;
const MAX_CT = MAX_PLAINTEXT + TAG_BYTES;
const MAX_CT_CHARS = Math.floor((MAX_CT * 4 + 2) / 3); // 87,403
export const KEY_BYTES = 32;
export const KID_BYTES = 16;
export const NONCE_BYTES = 12;
const WRAPPED_BYTES = KEY_BYTES + TAG_BYTES;
export const SALT_BYTES = 16;

const utf8 = new TextEncoder();
const WRAP_INFO = utf8.encode("balint-notes/v1/wrap");
const BODY_LABEL = utf8.encode("balint-notes/v1/body");
// RFC 8410 PKCS#8 for X25519, no public key or attributes: the form every WebCrypto imports.
export const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);
const ZERO_NONCE = new Uint8Array(NONCE_BYTES);
const EMPTY = new Uint8Array(0);

const ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const B64U_RE = /^[A-Za-z0-9_-]*$/;
const B64U_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ENVELOPE_KEYS = ["v", "note_id", "group_id", "stanzas", "nonce", "ct"];
// Version 2: signed by the author (Ed25519); see docs/notes-envelope.md.
export const SIGNED_VERSION = 2;
const AUDIENCES = ["me", "facilitators", "group"];
const ENVELOPE_V2_KEYS = ["v", "note_id", "group_id", "session_id", "audience", "author",
  "signed", "stanzas", "nonce", "ct", "sig"];
const SIG_BYTES = 64;
const BODY_LABEL_V2 = utf8.encode("balint-notes/v2/body");
const SIG_LABEL = utf8.encode("balint-notes/v2/signature");
const SIGNING_INFO = utf8.encode("balint-notes/v2/signing-key");
const SAFETY_LABEL = utf8.encode("balint-notes/v2/safety-number");
const ED25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const STANZA_KEYS = ["kid", "epk", "wk"];

/** Any refusal from this module; `code` is one of the spec's stable error codes. */
export class EnvelopeError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "EnvelopeError";
    this.code = code;
  }
}

/** The expected "not shared with you" result: no stanza for this key, or it does not open. */
export class NotForMe extends EnvelopeError {
  constructor(message = "This note has not been shared with you.") {
    super("not_shared_with_you", message);
    this.name = "NotForMe";
  }
}

export function subtle() {
  const s = globalThis.crypto && globalThis.crypto.subtle;
  if (!s) throw new Error("Encrypted notes need a secure page (https or localhost).");
  return s;
}

// WebCrypto reports a failed AEAD open or a zero X25519 secret as OperationError; anything else
// (an unsupported browser, a programming error) must not be mistaken for "not for me".
export function isOperationError(err) {
  return err instanceof DOMException && err.name === "OperationError";
}

// --- encoding ---------------------------------------------------------------------------------

const B64U_LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < B64U_ALPHABET.length; i++) B64U_LOOKUP[B64U_ALPHABET.charCodeAt(i)] = i;

/** base64url without padding. */
export function b64uEncode(bytes) {
  const out = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out.push(B64U_ALPHABET[(n >> 18) & 63], B64U_ALPHABET[(n >> 12) & 63],
      B64U_ALPHABET[(n >> 6) & 63], B64U_ALPHABET[n & 63]);
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out.push(B64U_ALPHABET[(n >> 18) & 63], B64U_ALPHABET[(n >> 12) & 63]);
    if (rest === 2) out.push(B64U_ALPHABET[(n >> 6) & 63]);
  }
  return out.join("");
}

/**
 * Decode canonical unpadded base64url (optionally of an exact length); anything else is
 * `malformed`. Canonical only, so one byte string has one spelling and the canonical-JSON check
 * cannot be dodged through the encoding.
 */
export function b64uDecode(text, length) {
  if (typeof text !== "string" || text.length % 4 === 1 || !B64U_RE.test(text)) {
    throw new EnvelopeError("malformed", "A field is not base64url.");
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    acc = ((acc << 6) | B64U_LOOKUP[text.charCodeAt(i)]) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) {
    throw new EnvelopeError("malformed", "A field is not canonical base64url.");
  }
  if (length !== undefined && out.length !== length) {
    throw new EnvelopeError("malformed", "A field has the wrong length.");
  }
  return out;
}

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function asBytes(data) {
  if (typeof data === "string") return utf8.encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new EnvelopeError("malformed", "Expected text or bytes.");
}

const MAX_DEPTH = 4; // an envelope nests 3 deep (object, stanza list, stanza); a backup 1
const MAX_NUMBER_CHARS = 16; // the longest number in either format is 7 digits
const NUMBER_CHARS = "0123456789+-.eE";

// Spec step 2's limits, on the text before JSON.parse sees it (the same scan as Python's
// _prescan): outside strings, nesting deeper than MAX_DEPTH or a run of number characters longer
// than MAX_NUMBER_CHARS is malformed. Parsers disagree at those edges; the scan does not.
function prescan(text) {
  let depth = 0;
  let run = 0;
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (NUMBER_CHARS.includes(ch)) {
      if (++run > MAX_NUMBER_CHARS) throw new EnvelopeError("malformed", "Not a JSON object.");
      continue;
    }
    run = 0;
    if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      if (++depth > MAX_DEPTH) throw new EnvelopeError("malformed", "Not a JSON object.");
    } else if (ch === "]" || ch === "}") depth--;
  }
}

// `original` is what the caller passed: a string with a lone surrogate was turned into U+FFFD by
// TextEncoder (same byte count as Python's surrogatepass), and is refused here as Python refuses
// the bytes it makes, after the size check in both.
export function parseJson(raw, original) {
  if (typeof original === "string" && !original.isWellFormed()) {
    throw new EnvelopeError("malformed", "Not a JSON object.");
  }
  let text;
  try {
    // fatal: invalid UTF-8 is refused, not patched; ignoreBOM: a BOM stays and fails the check.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw);
  } catch {
    throw new EnvelopeError("malformed", "Not a JSON object.");
  }
  prescan(text);
  try {
    return { text, obj: JSON.parse(text) };
  } catch {
    throw new EnvelopeError("malformed", "Not a JSON object.");
  }
}

export function isPlainObject(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

export function hasExactly(obj, keys) {
  const own = Object.keys(obj);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(obj, k));
}

export function checkVersion(obj) {
  if (!isPlainObject(obj)) throw new EnvelopeError("malformed", "Not a JSON object.");
  const v = Object.hasOwn(obj, "v") ? obj.v : undefined;
  if (typeof v !== "number") throw new EnvelopeError("malformed", "Missing version.");
  if (v !== VERSION) {
    throw new EnvelopeError("unsupported_version", "This note was made by a newer version.");
  }
}

function checkId(value) {
  if (typeof value !== "string" || !ID_RE.test(value)) {
    throw new EnvelopeError("malformed", "Bad note or group id.");
  }
  return value;
}

export function checkPub(pub) {
  if (!(pub instanceof Uint8Array) || pub.length !== KEY_BYTES) {
    throw new EnvelopeError("bad_key", "A public key is not a 32-byte X25519 key.");
  }
  return pub;
}

export function drawFrom(rng, n) {
  const out = rng ? rng(n) : crypto.getRandomValues(new Uint8Array(n));
  if (!(out instanceof Uint8Array) || out.length !== n) throw new Error("rng returned bad bytes");
  return out;
}

// --- identities ---------------------------------------------------------------------------------

async function sha256(data) {
  return new Uint8Array(await subtle().digest("SHA-256", data));
}

async function kidBytes(pub) {
  return (await sha256(checkPub(pub))).slice(0, KID_BYTES);
}

/** Key id: base64url of the first 16 bytes of SHA-256 of the raw public key. */
export async function keyId(pub) {
  return b64uEncode(await kidBytes(pub));
}

/** What two people read to each other: 20 bytes of SHA-256(pub) as ten groups of hex. */
export async function fingerprint(pub) {
  const digest = (await sha256(checkPub(pub))).slice(0, 20);
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
  return hex.match(/.{4}/g).join(" ");
}

/** A new identity whose private key can never leave this page (see generateIdentityWithBackup). */
export async function generateIdentity({ extractable = false } = {}) {
  const pair = await subtle().generateKey({ name: "X25519" }, extractable, ["deriveBits"]);
  const publicKey = new Uint8Array(await subtle().exportKey("raw", pair.publicKey));
  return { privateKey: pair.privateKey, publicKey };
}

/** The raw 32-byte public key of an identity, a key pair or a public CryptoKey. */
export async function publicKeyBytes(key) {
  if (key && key.publicKey instanceof Uint8Array) return key.publicKey.slice();
  const pub = key instanceof CryptoKey ? key : key && key.publicKey;
  if (!(pub instanceof CryptoKey) || pub.type !== "public") {
    throw new EnvelopeError("bad_key", "Not an X25519 public key.");
  }
  return new Uint8Array(await subtle().exportKey("raw", pub));
}

/**
 * An identity from a raw 32-byte private key. The app never holds raw keys; this exists for the
 * shared test vectors and for replayed randomness. WebCrypto has no raw import for X25519
 * private keys and no way to ask a private key for its public half, so the key goes in as
 * PKCS#8, out once as JWK (for `x`), and back in non-extractable.
 */
export async function importRawPrivateKey(raw, { extractable = false, signing = true } = {}) {
  if (!(raw instanceof Uint8Array) || raw.length !== KEY_BYTES) {
    throw new EnvelopeError("bad_key", "A private key is 32 bytes.");
  }
  const pkcs8 = concat(PKCS8_PREFIX, raw);
  try {
    return await identityFromPkcs8(pkcs8, extractable, signing);
  } finally {
    pkcs8.fill(0);
  }
}

// An identity also holds its Ed25519 signing key, derived from the X25519 private key (so the
// key backup restores both): seed = HKDF-SHA256(x25519 private, salt "", info SIGNING_INFO).
export async function identityFromPkcs8(pkcs8, extractable, signing = true) {
  const alg = { name: "X25519" };
  const temporary = await subtle().importKey("pkcs8", pkcs8, alg, true, ["deriveBits"]);
  const jwk = await subtle().exportKey("jwk", temporary);
  const publicKey = b64uDecode(jwk.x, KEY_BYTES);
  const privateKey = extractable
    ? temporary
    : await subtle().importKey("pkcs8", pkcs8, alg, false, ["deriveBits"]);
  if (!signing) return { privateKey, publicKey };
  const raw = b64uDecode(jwk.d, KEY_BYTES);
  const ikm = await subtle().importKey("raw", raw, "HKDF", false, ["deriveBits"]);
  raw.fill(0);
  const seed = new Uint8Array(await subtle().deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: EMPTY, info: SIGNING_INFO }, ikm, 256));
  const edPkcs8 = concat(ED25519_PKCS8_PREFIX, seed);
  seed.fill(0);
  try {
    const ed = { name: "Ed25519" };
    const open = await subtle().importKey("pkcs8", edPkcs8, ed, true, ["sign"]);
    const signingPublic = b64uDecode((await subtle().exportKey("jwk", open)).x, KEY_BYTES);
    const signingKey = await subtle().importKey("pkcs8", edPkcs8, ed, false, ["sign"]);
    return { privateKey, publicKey, signingKey, signingPublic };
  } finally {
    edPkcs8.fill(0);
  }
}

/** What two people compare: both keys (the plain fingerprint when there is no signing key). */
export async function safetyNumber(pub, signingPub) {
  if (!signingPub) return fingerprint(pub);
  const digest = (await sha256(concat(SAFETY_LABEL, [0], checkPub(pub),
    checkPub(signingPub)))).slice(0, 20);
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
  return hex.match(/.{4}/g).join(" ");
}

// --- building blocks ----------------------------------------------------------------------------

function bodyAd(noteId, groupId, sessionId) {
  if (sessionId === undefined || sessionId === null) {
    return concat(BODY_LABEL, [0], utf8.encode(noteId), [0], utf8.encode(groupId));
  }
  return concat(BODY_LABEL_V2, [0], utf8.encode(noteId), [0], utf8.encode(groupId), [0],
    utf8.encode(sessionId));
}

function signedMessage(env) {
  return concat(SIG_LABEL, [0], utf8.encode(serialise(env, true)));
}

async function verifySignature(env) {
  let ok = false;
  try {
    const key = await subtle().importKey("raw", env.author, { name: "Ed25519" }, false,
      ["verify"]);
    ok = await subtle().verify({ name: "Ed25519" }, key, env.sig, signedMessage(env));
  } catch (err) {
    if (!(err instanceof DOMException)) throw err;
  }
  if (!ok) {
    throw new EnvelopeError("bad_signature",
      "This note was changed after it was written, so it is not shown.");
  }
}

async function wrapKey(shared, epk, recipient) {
  const ikm = await subtle().importKey("raw", shared, "HKDF", false, ["deriveKey"]);
  return subtle().deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: concat(epk, recipient), info: WRAP_INFO },
    ikm,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

// X25519 that refuses low-order points, whose shared secret (zeros) anyone could compute.
async function exchange(privateKey, pub) {
  let shared;
  try {
    const pubKey = await subtle().importKey("raw", pub, { name: "X25519" }, true, []);
    shared = new Uint8Array(
      await subtle().deriveBits({ name: "X25519", public: pubKey }, privateKey, 256),
    );
  } catch (err) {
    if (!isOperationError(err) && !(err instanceof DOMException && err.name === "DataError")) {
      throw err;
    }
    throw new EnvelopeError("bad_key", "A public key is not usable for X25519.");
  }
  if (shared.every((b) => b === 0)) {
    throw new EnvelopeError("bad_key", "A public key is not usable for X25519.");
  }
  return shared;
}

export async function aesKey(raw) {
  return subtle().importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export async function gcmEncrypt(key, iv, data, ad) {
  const alg = { name: "AES-GCM", iv, additionalData: ad, tagLength: 128 };
  return new Uint8Array(await subtle().encrypt(alg, key, data));
}

export async function gcmDecrypt(key, iv, data, ad) {
  const alg = { name: "AES-GCM", iv, additionalData: ad, tagLength: 128 };
  return new Uint8Array(await subtle().decrypt(alg, key, data));
}

async function makeStanza(noteKey, recipient, rng) {
  const ephemeral = rng
    ? await importRawPrivateKey(drawFrom(rng, KEY_BYTES), { signing: false })
    : await generateIdentity();
  const epk = ephemeral.publicKey;
  const wrap = await wrapKey(await exchange(ephemeral.privateKey, recipient), epk, recipient);
  // Zero nonce: this wrap key comes from a fresh ephemeral key and encrypts exactly one message.
  const wk = await gcmEncrypt(wrap, ZERO_NONCE, noteKey, EMPTY);
  return { kid: await kidBytes(recipient), epk, wk };
}

async function unwrap(env, identity) {
  const me = checkPub(identity.publicKey);
  const myKid = await kidBytes(me);
  const stanza = env.stanzas.find((s) => bytesEqual(s.kid, myKid));
  if (!stanza) throw new NotForMe();
  try {
    const wrap = await wrapKey(await exchange(identity.privateKey, stanza.epk), stanza.epk, me);
    return await gcmDecrypt(wrap, ZERO_NONCE, stanza.wk, EMPTY);
  } catch (err) {
    // A damaged stanza and someone else's stanza are the same thing to this reader.
    if (err instanceof EnvelopeError || isOperationError(err)) throw new NotForMe();
    throw err;
  }
}

async function openBody(env, noteKey, noteId, groupId) {
  try {
    return await gcmDecrypt(await aesKey(noteKey), env.nonce, env.ct,
      bodyAd(noteId, groupId, env.sessionId));
  } catch (err) {
    if (!isOperationError(err)) throw err;
    throw new EnvelopeError("bad_ciphertext", "This note is damaged or does not belong here.");
  }
}

export const stanzaText = (s) => JSON.stringify(stanzaJson(s));
const stanzaJson = (s) => ({ kid: b64uEncode(s.kid), epk: b64uEncode(s.epk), wk: b64uEncode(s.wk) });

export function serialiseEnvelope(env, forSignature = false) {
  return serialise(env, forSignature);
}

function serialise(env, forSignature = false) {
  if (env.sig) {
    const body = {
      v: SIGNED_VERSION, note_id: env.noteId, group_id: env.groupId,
      session_id: env.sessionId, audience: env.audience, author: b64uEncode(env.author),
      signed: env.signed,
      stanzas: (forSignature ? env.stanzas.slice(0, env.signed) : env.stanzas).map(stanzaJson),
      nonce: b64uEncode(env.nonce), ct: b64uEncode(env.ct),
    };
    if (!forSignature) body.sig = b64uEncode(env.sig);
    if (!forSignature && env.grants && env.grants.length) body.grants = grantsJson(env.grants);
    return JSON.stringify(body);
  }
  return JSON.stringify({
    v: VERSION,
    note_id: env.noteId,
    group_id: env.groupId,
    stanzas: env.stanzas.map((s) => ({
      kid: b64uEncode(s.kid),
      epk: b64uEncode(s.epk),
      wk: b64uEncode(s.wk),
    })),
    nonce: b64uEncode(env.nonce),
    ct: b64uEncode(env.ct),
  });
}

function parsed(noteId, groupId, stanzas, nonce, ct, header = {}) {
  return {
    noteId,
    groupId,
    stanzas,
    nonce,
    ct,
    keyIds: stanzas.map((s) => b64uEncode(s.kid)),
    plaintextLength: ct.length - TAG_BYTES,
    version: header.sig ? SIGNED_VERSION : VERSION,
    ...header,
  };
}

// --- the public operations ----------------------------------------------------------------------

/**
 * Check an envelope's shape without any key, in the spec's order (what the server does too).
 * Returns { noteId, groupId, keyIds, stanzas, nonce, ct, plaintextLength }. Throws EnvelopeError:
 * too_large, malformed, unsupported_version, no_stanzas, too_many_stanzas.
 */
export function validateStructure(envelope) {
  const raw = asBytes(envelope);
  if (raw.length > MAX_ENVELOPE_BYTES) {
    throw new EnvelopeError("too_large", "This note is too large.");
  }
  const { text, obj } = parseJson(raw, envelope);
  const signed = isPlainObject(obj) && obj.v === SIGNED_VERSION;
  if (!signed) checkVersion(obj);
  const withGrants = signed && Object.hasOwn(obj, 'grants');
  if (!hasExactly(obj, signed ? (withGrants ? [...ENVELOPE_V2_KEYS, 'grants'] : ENVELOPE_V2_KEYS)
    : ENVELOPE_KEYS)) {
    throw new EnvelopeError("malformed", "Unexpected fields in the note.");
  }
  const noteId = checkId(obj.note_id);
  const groupId = checkId(obj.group_id);
  const header = {};
  if (signed) {
    header.sessionId = checkId(obj.session_id);
    if (!AUDIENCES.includes(obj.audience)) throw new EnvelopeError("malformed", "Unknown audience.");
    header.audience = obj.audience;
    header.author = b64uDecode(obj.author, KEY_BYTES);
    if (typeof obj.signed !== "number" || !Number.isInteger(obj.signed)) {
      throw new EnvelopeError("malformed", "Bad count of signed stanzas.");
    }
    header.signed = obj.signed;
  }
  const items = obj.stanzas;
  if (!Array.isArray(items)) throw new EnvelopeError("malformed", "Stanzas must be a list.");
  if (items.length === 0) throw new EnvelopeError("no_stanzas", "This note has no readers.");
  if (items.length > MAX_STANZAS) {
    throw new EnvelopeError("too_many_stanzas", `A note can have at most ${MAX_STANZAS} readers.`);
  }
  const stanzas = items.map((item) => {
    if (!isPlainObject(item) || !hasExactly(item, STANZA_KEYS)) {
      throw new EnvelopeError("malformed", "A stanza has the wrong fields.");
    }
    return {
      kid: b64uDecode(item.kid, KID_BYTES),
      epk: b64uDecode(item.epk, KEY_BYTES),
      wk: b64uDecode(item.wk, WRAPPED_BYTES),
    };
  });
  if (new Set(items.map((i) => i.kid)).size !== items.length) {
    throw new EnvelopeError("malformed", "Two stanzas for the same reader.");
  }
  const nonce = b64uDecode(obj.nonce, NONCE_BYTES);
  if (typeof obj.ct !== "string") {
    throw new EnvelopeError("malformed", "The body is not base64url.");
  }
  if (obj.ct.length > MAX_CT_CHARS) throw new EnvelopeError("too_large", "This note is too large.");
  const ct = b64uDecode(obj.ct);
  if (ct.length < TAG_BYTES) throw new EnvelopeError("malformed", "The body is too short.");
  if (signed) {
    if (header.signed < 1 || header.signed > stanzas.length) {
      throw new EnvelopeError("malformed", "Bad count of signed stanzas.");
    }
    header.sig = b64uDecode(obj.sig, SIG_BYTES);
    header.grants = withGrants ? parseGrants(obj.grants, stanzas, header.signed) : [];
  }
  const env = parsed(noteId, groupId, stanzas, nonce, ct, header);
  // One spelling per envelope: rejects whitespace, key order, duplicate keys, 1.0 for 1, escapes.
  if (serialise(env) !== text) {
    throw new EnvelopeError("malformed", "The note is not in canonical form.");
  }
  return env;
}

/**
 * Encrypt a note (Uint8Array, or a string taken as UTF-8) for recipients (raw 32-byte public
 * keys). Returns { envelope: string, noteKey: Uint8Array }; keep noteKey only while the author
 * may add readers. Throws too_large, malformed (ids), no_stanzas, too_many_stanzas, bad_key.
 * `rng` replays recorded randomness for the test vectors; leave it out.
 */
export async function seal(plaintext, noteId, groupId, recipients,
  { rng, author, sessionId, audience } = {}) {
  const data = asBytes(plaintext);
  if (data.length > MAX_PLAINTEXT) {
    throw new EnvelopeError("too_large", "A note can be at most 64 KiB.");
  }
  checkId(noteId);
  checkId(groupId);
  if (author) {
    checkId(sessionId);
    if (!AUDIENCES.includes(audience)) throw new EnvelopeError("malformed", "Unknown audience.");
    if (!(author.signingKey instanceof CryptoKey)) {
      throw new EnvelopeError("bad_key", "This key cannot sign notes.");
    }
  }
  const unique = new Map();
  // Length AND low order, for every key, before the count (step 1): 65 keys of which one is
  // low-order is bad_key, not too_many_stanzas. The throwaway key is not from `rng`.
  const probe = recipients.length ? await generateIdentity() : null;
  for (const pub of recipients) {
    await exchange(probe.privateKey, checkPub(pub));
    const kid = b64uEncode(await kidBytes(pub));
    if (!unique.has(kid)) unique.set(kid, pub.slice());
  }
  if (unique.size === 0) throw new EnvelopeError("no_stanzas", "A note needs at least one reader.");
  if (unique.size > MAX_STANZAS) {
    throw new EnvelopeError("too_many_stanzas", `A note can have at most ${MAX_STANZAS} readers.`);
  }
  const noteKey = drawFrom(rng, KEY_BYTES);
  const nonce = drawFrom(rng, NONCE_BYTES);
  const stanzas = [];
  // One at a time: the order of random draws is part of what the vectors replay.
  for (const pub of unique.values()) stanzas.push(await makeStanza(noteKey, pub, rng));
  if (!author) {
    const ct = await gcmEncrypt(await aesKey(noteKey), nonce, data, bodyAd(noteId, groupId));
    return { envelope: serialise(parsed(noteId, groupId, stanzas, nonce, ct)), noteKey };
  }
  const ct = await gcmEncrypt(await aesKey(noteKey), nonce, data,
    bodyAd(noteId, groupId, sessionId));
  const header = { sessionId, audience, author: author.signingPublic.slice(),
    signed: stanzas.length, sig: new Uint8Array(SIG_BYTES) };
  const env = parsed(noteId, groupId, stanzas, nonce, ct, header);
  env.sig = new Uint8Array(await subtle().sign({ name: "Ed25519" }, author.signingKey,
    signedMessage(env)));
  return { envelope: serialise(env), noteKey };
}

/**
 * Decrypt a note filed under noteId/groupId with the reader's identity; returns Uint8Array.
 * Throws NotForMe (code not_shared_with_you) when this key is not a reader, bad_ciphertext when
 * the body is damaged or filed elsewhere, or any code of validateStructure.
 */
export async function openEnvelope(envelope, noteId, groupId, identity, { sessionId } = {}) {
  return (await openNote(envelope, noteId, groupId, identity, { sessionId })).plaintext;
}

/**
 * Open and, for version 2, verify a note filed under these ids (where the reader found it,
 * never what the note says); a version-2 note needs sessionId. Returns { plaintext, version,
 * author (Ed25519 public key or null), audience, signedKeyIds }. Throws bad_ciphertext,
 * bad_signature, NotForMe or any structure code.
 */
export async function openNote(envelope, noteId, groupId, identity, { sessionId } = {}) {
  const env = validateStructure(envelope);
  if (env.noteId !== noteId || env.groupId !== groupId
    || (env.version === SIGNED_VERSION && env.sessionId !== sessionId)) {
    throw new EnvelopeError("bad_ciphertext", "This note does not belong here.");
  }
  if (env.version === SIGNED_VERSION) {
    await verifySignature(env);
    await verifyGrants(env);
  }
  const noteKey = await unwrap(env, identity);
  const plaintext = await openBody(env, noteKey, noteId, groupId);
  const signedKeyIds = env.version === SIGNED_VERSION ? env.keyIds.slice(0, env.signed)
    : env.keyIds;
  const grants = (env.grants || []).map((g) => ({ keyId: b64uEncode(g.kid), by: g.by }));
  return { plaintext, version: env.version, author: env.author || null,
    audience: env.audience || null, signedKeyIds, keyIds: env.keyIds, grants };
}

/**
 * Add a reader without re-encrypting the body. `key` is the note key (Uint8Array from seal) or a
 * current reader's identity. Version 2: the new stanza is signed (a grant) by `granter`, which
 * defaults to `key` when that is an identity; a bare note key without a granter adds it unsigned.
 * Idempotent for an existing reader. Returns the new envelope string. Throws
 * not_shared_with_you, bad_key, bad_ciphertext, bad_signature, too_many_stanzas, too_large or any
 * structure code.
 */
export async function rewrap(envelope, key, newRecipient, { rng, granter } = {}) {
  const env = validateStructure(envelope);
  // The new reader's key first (length and low order): bad_key before any other check.
  await exchange((await generateIdentity()).privateKey, checkPub(newRecipient));
  let noteKey;
  if (key instanceof Uint8Array) {
    if (key.length !== KEY_BYTES) throw new EnvelopeError("bad_key", "A note key is 32 bytes.");
    noteKey = key;
  } else if (key && key.privateKey instanceof CryptoKey) {
    noteKey = await unwrap(env, key);
  } else {
    throw new EnvelopeError("bad_key", "A note key is 32 bytes.");
  }
  // Never lend a new reader's trust to a note its author did not write.
  if (env.version === SIGNED_VERSION) {
    await verifySignature(env);
    await verifyGrants(env);
  }
  await openBody(env, noteKey, env.noteId, env.groupId);
  const newKid = await kidBytes(newRecipient);
  if (env.stanzas.some((s) => bytesEqual(s.kid, newKid))) return serialise(env);
  if (env.stanzas.length >= MAX_STANZAS) {
    throw new EnvelopeError("too_many_stanzas", `A note can have at most ${MAX_STANZAS} readers.`);
  }
  const stanza = await makeStanza(noteKey, newRecipient.slice(), rng);
  const grown = { ...env, stanzas: [...env.stanzas, stanza] };
  const signer = granter || (key instanceof Uint8Array ? null : key);
  if (env.version === SIGNED_VERSION && signer && signer.signingKey) {
    grown.grants = [...env.grants, await signGrant(grown, stanza, signer)];
  }
  const out = serialise(grown);
  if (utf8.encode(out).length > MAX_ENVELOPE_BYTES) {
    throw new EnvelopeError("too_large", "This note is too large to give anyone else access.");
  }
  return out;
}

import { grantsJson, parseGrants, signGrant, verifyGrants } from '/static/grants.js';

// The key backup (passphrase-sealed private key) is in web/key_backup.js, for size; it is
// re-exported here so crypto.js stays the one module the app and the tests import.
export {
  BACKUP_VERSION, MAX_BACKUP_BYTES, MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_N, PBKDF2_ITERATIONS,
  SCRYPT_N, backupPrivateKey, backupVersion, exportPrivateKey, generateIdentityWithBackup,
  importPrivateKey, scryptBackupKey,
} from '/static/key_backup.js';
