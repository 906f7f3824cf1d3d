// Under a note: access for readers who cannot open it yet, and, for its author, "Delete note".
//
// Any reader who holds the note key may give access, and only to a key this device has PINNED
// and the person has VERIFIED (compared safety numbers, a short code or QR codes): never to a
// key that is new here or has changed. The added stanza is signed by the giver (a grant,
// docs/notes-envelope.md), so everyone sees who gave access. For a whole-group note this happens
// by itself as soon as the note is shown here, so nobody waits on the author; for a note for the
// facilitators it takes one click ("Give access to Tara").

import { post, call } from '/static/api.js';
import * as C from '/static/crypto.js';
import { append, errorBox, h } from '/static/dom.js';
import { confirmDialog } from '/static/dialogs.js';
import { checkKeys } from '/static/note_keys.js';
import { busy } from '/static/notes_busy.js';

/**
 * Who of `note.missing` this device may give access to, and how: [{ person, state, key }] with
 * state 'verified' (key: the pinned key), 'unverified', 'changed'. Never for an "Only me" note.
 */
export async function accessPlan(pins, note, opened) {
  if (opened.audience === 'me' || (!opened.audience && note.audience === 'me')) return [];
  const out = [];
  for (const person of note.missing) {
    const [c] = await checkKeys(pins, [person]);
    const pin = pins.get(person.user_id);
    if (c.status === 'changed') out.push({ person, name: pin.name, state: 'changed' });
    else if (c.status === 'ok' && pin.verified) out.push({ person, name: pin.name, state: 'verified', key: C.b64uDecode(pin.publicKey, 32) });
    else out.push({ person, name: pin ? pin.name : person.display_name, state: 'unverified' });
  }
  return out;
}

/** One grant: the note re-wrapped for `key`, signed by me, sent; returns the new envelope. */
export async function giveAccess(panel, note, key) {
  const envelope = await C.rewrap(note.envelope, panel.state.identity, key);
  await post(`${panel.path.note(note.id)}/readers`, { envelope });
  return envelope;
}

/**
 * A whole-group note (its signed audience): give access at once to every verified person who
 * cannot read it yet. Returns the names given access; a refusal leaves the one-click button.
 */
export async function giveAutomatically(panel, note, opened, plan) {
  if (opened.audience !== 'group') return [];
  const given = [];
  for (const step of plan.filter((p) => p.state === 'verified')) {
    try {
      note.envelope = await giveAccess(panel, note, step.key);
      note.missing = note.missing.filter((p) => p.user_id !== step.person.user_id);
      given.push(step.name);
    } catch {
      // Someone else changed the note meanwhile, or the server refused: the button stays.
    }
  }
  return given;
}

/** Adds the note's tools to `item` (nothing when there is nothing to do). */
export function addNoteTools(panel, note, item, refresh, plan) {
  const where = errorBox();
  const tools = h('div', { class: 'note-tools' });
  for (const step of plan) {
    if (!note.missing.some((p) => p.user_id === step.person.user_id)) continue;
    tools.append(accessLine(panel, note, step, { where, refresh }));
  }
  if (note.mine) tools.append(h('p', {}, deleteButton(panel, note, where, refresh)));
  if (tools.childElementCount) append(item, [tools, where]);
}

function accessLine(panel, note, step, { where, refresh }) {
  if (step.state === 'changed') {
    return h('p', { class: 'warning' }, `${step.name}’s notes key has changed, so they are not given access. Compare safety numbers with ${step.name} before anything else.`);
  }
  if (step.state === 'unverified') {
    return h('p', { class: 'hint' }, `${step.name} cannot read this yet. Compare keys with ${step.name} (further down this panel) and they will be given access.`);
  }
  const give = h('button', { type: 'button', class: 'small' }, `Give access to ${step.name}`);
  give.addEventListener('click', () => busy(give, where, async () => {
    await giveAccess(panel, note, step.key);
    await refresh();
  }));
  return h('p', {}, give);
}

function deleteButton(panel, note, where, refresh) {
  const del = h('button', { type: 'button', class: 'small danger' }, 'Delete note');
  del.addEventListener('click', () => busy(del, where, async () => {
    const yes = await confirmDialog({
      title: 'Delete this note?',
      body: 'It is deleted for everyone who can read it. This cannot be undone.',
      confirm: 'Delete the note', cancel: 'Keep it', danger: true,
    });
    if (!yes) return;
    await call('DELETE', panel.path.note(note.id));
    await refresh();
  }));
  return del;
}
