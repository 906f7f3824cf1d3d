// Whose keys a note is sealed to: the keys this device has pinned, never simply the server's list.
//
// The server names a note's readers, but a malicious server could name a key of its own, swap a
// member's key, or invent a member listed consistently everywhere. So this device remembers, per
// person, the key it first sealed to (IndexedDB, web/keystore.js), and before anything is sealed:
// - a pinned key: sealed to;
// - a person never sealed to: their key and fingerprint are SHOWN, and sealed to only after
//   "Trust and seal" (trust on first use, with a human looking);
// - a different key for a pinned person: refused with a warning, nothing sealed, until the person
//   compares safety numbers and accepts the new key in *Compare safety numbers*.
// The same pins are what *Compare safety numbers* shows and what "Can read it" names.

import { ApiError } from '/static/api.js';
import * as C from '/static/crypto.js';
import { append, clear, h } from '/static/dom.js';
import { loadPins, savePins } from '/static/keystore.js';
import { compareBox } from '/static/notes_compare.js';

/** The pins of `userId` on this device; in memory only if this browser cannot keep them. */
export async function openPins(userId) {
  let pins = {};
  let kept = true;
  try { pins = await loadPins(userId); } catch { kept = false; }
  async function save() {
    if (kept) await savePins(userId, pins);
  }
  return {
    kept,
    all: () => pins,
    get: (id) => pins[id] || null,
    byKeyId: (kid) => Object.values(pins).find((p) => p.keyId === kid) || null,
    bySigningKey: (key) => Object.values(pins).find((p) => p.signingKey && p.signingKey === key) || null,
    async pin(people) {
      for (const p of people) {
        pins[p.userId] = { name: p.name, publicKey: C.b64uEncode(p.publicKey), keyId: await C.keyId(p.publicKey),
          signingKey: p.signingKey ? C.b64uEncode(p.signingKey) : '', verified: false };
      }
      await save();
    },
    async verify(id) {
      if (pins[id]) { pins[id] = { ...pins[id], verified: true }; await save(); }
    },
  };
}

/** The safety number of a pin: both keys, as C.safetyNumber computes it. */
export function pinNumber(pin) {
  return C.safetyNumber(C.b64uDecode(pin.publicKey, 32), pin.signingKey ? C.b64uDecode(pin.signingKey, 32) : null);
}

/**
 * Each listed person (server's say-so) against the pins: [{status: new|changed|ok, ...}]. Both
 * keys count: a server that swaps only the signing key (to forge notes later) is a change too.
 */
export async function checkKeys(pins, listed) {
  const out = [];
  for (const r of listed) {
    const publicKey = C.b64uDecode(r.public_key, 32);
    const signingKey = r.signing_key ? C.b64uDecode(r.signing_key, 32) : null;
    const fingerprint = await C.safetyNumber(publicKey, signingKey); // computed here, not the server's
    const pin = pins.get(r.user_id);
    const same = pin && pin.publicKey === C.b64uEncode(publicKey) && (pin.signingKey || '') === (r.signing_key || '');
    const status = !pin ? 'new' : same ? 'ok' : 'changed';
    const was = pin && status === 'changed' ? await pinNumber(pin) : null;
    out.push({ status, userId: r.user_id, name: pin ? pin.name : r.display_name, publicKey, signingKey, fingerprint, was });
  }
  return out;
}

/**
 * Who signed an opened note, from its signature and the pins: { name, verified } — "you", a
 * pinned person, or null (a key this device has not trusted, or an unsigned version-1 note).
 */
export function signerOf(pins, identity, opened) {
  if (!opened.author) return null;
  const key = C.b64uEncode(opened.author);
  if (identity.signingPublic && key === C.b64uEncode(identity.signingPublic)) return { name: 'You', verified: true };
  const pin = pins.bySigningKey(key);
  return pin ? { name: pin.name, verified: pin.verified } : null;
}

function changedError(changed) {
  const who = changed.map((c) => c.name).join(', ');
  return new ApiError('key_changed', `Stopped: the notes key of ${who} has changed. Nothing was sealed. Someone may be trying to read your notes. Compare safety numbers with ${who} before you accept a new key.`);
}

/**
 * Ask the person, in `area`, whether to trust keys this device has never sealed to. Resolves
 * true for "Trust and …", false for Cancel. Nothing is sealed while the question is open.
 */
export function askToTrust(area, fresh, action) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: 'primary' }, `Trust and ${action}`);
    const no = h('button', { type: 'button' }, 'Cancel');
    const box = h('div', { class: 'key-check', role: 'group', 'aria-label': 'New reader keys' },
      h('p', {}, fresh.length === 1 ? 'This note would be readable with a key you have not used before:' : 'This note would be readable with keys you have not used before:'),
      h('ul', { class: 'plain' }, fresh.map((c) => h('li', {}, `New reader key: ${c.name} — fingerprint `, h('code', { class: 'fingerprint' }, c.fingerprint)))),
      h('p', { class: 'hint' }, 'If you do not know this person, or are unsure, cancel and compare safety numbers with them first. Nothing has been saved.'),
      h('p', {}, yes, ' ', no));
    const done = (answer) => { box.remove(); resolve(answer); };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    clear(area);
    area.append(box);
    yes.focus();
  });
}

/**
 * The keys to seal a note for `audience` to: my own, then each reader's PINNED key. Throws
 * (sealing nothing) for a changed key, a new key the person does not trust, or other readers
 * named for "Only me".
 */
export async function sealingKeys({ pins, identity, listed, audience, area, action }) {
  const mine = C.b64uEncode(identity.publicKey);
  if (!listed.some((r) => r.public_key === mine)) {
    throw new ApiError('key_changed', 'Your notes key changed on another device. Please reload the page.');
  }
  const others = listed.filter((r) => r.public_key !== mine);
  if (audience === 'me') {
    // Only I read it: the server's list is not even asked about, and nothing else is sealed to.
    if (others.length) throw new ApiError('unexpected_readers', 'The server named other readers for a note only you may read. Nothing was sealed.');
    return [identity.publicKey];
  }
  if (new Set(others.map((r) => r.user_id)).size !== others.length) {
    throw new ApiError('unexpected_readers', 'The server named someone twice. Nothing was sealed.');
  }
  await confirmKeys(pins, others, area, action);
  return [identity.publicKey, ...others.map((r) => C.b64uDecode(pins.get(r.user_id).publicKey, 32))];
}

/** Stop on a changed key; ask about new ones and pin them if trusted. */
export async function confirmKeys(pins, people, area, action) {
  const checks = await checkKeys(pins, people);
  const changed = checks.filter((c) => c.status === 'changed');
  if (changed.length) throw changedError(changed);
  const fresh = checks.filter((c) => c.status === 'new');
  if (fresh.length) {
    if (!(await askToTrust(area, fresh, action))) throw new ApiError('cancelled', 'Nothing was sealed.');
    await pins.pin(fresh);
  }
}

/**
 * "Can read it", from the key ids inside the opened note named through the pins; a reader
 * added after the author sealed it says who gave access (from that person's signed grant).
 */
export function readersOf(pins, identity, opened) {
  return opened.keyIds.map((kid, i) => {
    const pin = kid === identity.keyId ? null : pins.byKeyId(kid);
    const name = kid === identity.keyId ? 'you' : pin ? pin.name : 'a key you have not trusted';
    const notes = pin && pin.verified ? ['verified'] : [];
    if (i >= opened.signedKeyIds.length) {
      const grant = opened.grants.find((g) => g.keyId === kid);
      const by = grant && signerOf(pins, identity, { author: grant.by });
      notes.push(!grant ? 'added without a signature'
        : `access given by ${by ? (by.name === 'You' ? 'you' : by.name) : 'a key you have not trusted'}`);
    }
    return notes.length ? `${name} (${notes.join('; ')})` : name;
  });
}

/**
 * The safety numbers: every pinned key (what sealing uses) and every member the server lists,
 * with a *verified* mark, "Mark as verified", and for a changed key an explicit accept.
 */
export async function renderNumbers(list, { pins, identity, members, me, onChange }) {
  const rows = [];
  const seen = new Set();
  for (const m of members) {
    seen.add(m.user_id);
    const role = m.role === 'facilitator' ? h('span', { class: 'badge' }, 'facilitator') : null;
    if (m.user_id === me.id || m.public_key === C.b64uEncode(identity.publicKey)) {
      rows.push(row(m.user_id, `${m.display_name} (you)`, role, await C.safetyNumber(identity.publicKey, identity.signingPublic)));
      continue;
    }
    if (!m.public_key) {
      rows.push(h('li', { dataset: { user: m.user_id } }, h('span', { class: 'author' }, m.display_name), role, ' ',
        h('span', { class: 'hint' }, 'has not set up a notes key yet')));
      continue;
    }
    const [c] = await checkKeys(pins, [m]);
    const pin = pins.get(m.user_id);
    if (c.status === 'ok') {
      rows.push(row(m.user_id, pin.name, role, c.fingerprint, pin.verified ? h('span', { class: 'badge verified' }, '✓ verified')
        : action('We compared: it matches', () => pins.verify(m.user_id)),
      await other(pin.name, c, () => pins.verify(m.user_id), pin.verified)));
    } else if (c.status === 'changed') {
      rows.push(row(m.user_id, pin.name, role, c.was,
        h('p', { class: 'warning', role: 'alert' }, `Key changed: the server now gives ${pin.name} the key `, h('code', { class: 'fingerprint' }, c.fingerprint),
          '. No note is sealed to it. Accept it only after comparing this new number with them.'),
        action(`I compared it with ${pin.name}: accept the new key`, async () => { await pins.pin([c]); await pins.verify(m.user_id); })));
    } else {
      const trust = async () => { await pins.pin([c]); await pins.verify(m.user_id); };
      rows.push(row(m.user_id, m.display_name, role, c.fingerprint, h('span', { class: 'hint' }, 'not trusted yet'),
        action('We compared: it matches', trust), await other(m.display_name, c, trust)));
    }
  }
  // Pinned people the server no longer lists still show: it is the list sealing would use.
  for (const [id, pin] of Object.entries(pins.all())) {
    if (seen.has(id)) continue;
    rows.push(row(id, pin.name, null, await pinNumber(pin),
      h('span', { class: 'hint' }, 'not listed in this group now')));
  }
  clear(list);
  append(list, rows);

  // The short code and the QR codes (web/notes_compare.js); a key without a signing key (made
  // before notes were signed) can only be compared by its safety number.
  async function other(name, c, verify, verified = false) {
    if (!c.signingKey || !identity.signingPublic) return null;
    return compareBox({ name, identity, theirs: { publicKey: c.publicKey, signingKey: c.signingKey },
      verified, onMatch: async () => { await verify(); await onChange(); } });
  }

  function action(label, work) {
    const b = h('button', { type: 'button', class: 'small' }, label);
    b.addEventListener('click', async () => { b.disabled = true; await work(); await onChange(); });
    return b;
  }
}

function row(userId, name, role, fingerprint, ...extra) {
  return h('li', { dataset: { user: userId } }, h('span', { class: 'author' }, name), role, ' ',
    h('code', { class: 'fingerprint' }, fingerprint), ' ', ...extra);
}
