// Version-2 grants: a stanza a reader added after the author sealed the note, signed by that
// reader, so other readers see who gave access (docs/notes-envelope.md, *Grants*). The twin of
// server/crypto/grants.py; split from web/crypto.js for size. Only WebCrypto.

import {
  EnvelopeError, KEY_BYTES, KID_BYTES, b64uDecode, b64uEncode, bytesEqual, concat, hasExactly,
  isPlainObject, serialiseEnvelope, stanzaText, subtle,
} from '/static/crypto.js';

const utf8 = new TextEncoder();
const GRANT_LABEL = utf8.encode('balint-notes/v2/grant');
const GRANT_KEYS = ['kid', 'by', 'sig'];
const SIG_BYTES = 64;

/** label || 0 || what the author signed || 0 || the added stanza's canonical JSON. */
function grantMessage(env, stanza) {
  return concat(GRANT_LABEL, [0], utf8.encode(serialiseEnvelope(env, true)), [0],
    utf8.encode(stanzaText(stanza)));
}

/** The grant for `stanza` (already appended to env.stanzas), signed by `identity`. */
export async function signGrant(env, stanza, identity) {
  const sig = new Uint8Array(await subtle().sign({ name: 'Ed25519' }, identity.signingKey,
    grantMessage(env, stanza)));
  return { kid: stanza.kid, by: identity.signingPublic.slice(), sig };
}

/** Every grant verifies with its own key; any failure is bad_signature. */
export async function verifyGrants(env) {
  for (const grant of env.grants || []) {
    const stanza = env.stanzas.find((s) => bytesEqual(s.kid, grant.kid));
    let ok = false;
    try {
      const key = await subtle().importKey('raw', grant.by, { name: 'Ed25519' }, false, ['verify']);
      ok = await subtle().verify({ name: 'Ed25519' }, key, grant.sig, grantMessage(env, stanza));
    } catch (err) {
      if (!(err instanceof DOMException)) throw err;
    }
    if (!ok) {
      throw new EnvelopeError('bad_signature',
        'Who gave access to this note was changed afterwards, so it is not shown.');
    }
  }
}

/**
 * Structure of `grants` (after `sig`): a non-empty list, at most one per added stanza, each
 * exactly {kid, by, sig}, naming a stanza after the signed ones, in stanza order.
 */
export function parseGrants(items, stanzas, signed) {
  if (!Array.isArray(items) || items.length === 0 || items.length > stanzas.length - signed) {
    throw new EnvelopeError('malformed', 'Bad list of people who gave access.');
  }
  let last = signed - 1;
  return items.map((item) => {
    if (!isPlainObject(item) || !hasExactly(item, GRANT_KEYS)) {
      throw new EnvelopeError('malformed', 'A grant has the wrong fields.');
    }
    const grant = { kid: b64uDecode(item.kid, KID_BYTES), by: b64uDecode(item.by, KEY_BYTES),
      sig: b64uDecode(item.sig, SIG_BYTES) };
    const at = stanzas.findIndex((s) => bytesEqual(s.kid, grant.kid));
    if (at <= last) throw new EnvelopeError('malformed', 'A grant names the wrong stanza.');
    last = at;
    return grant;
  });
}

export function grantsJson(grants) {
  return grants.map((g) => ({ kid: b64uEncode(g.kid), by: b64uEncode(g.by), sig: b64uEncode(g.sig) }));
}
