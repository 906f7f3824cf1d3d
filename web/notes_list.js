// "Notes you can read": each note opened here, in the browser, and put on the page as text
// nodes and nowhere else (never in storage, never in a log); who wrote it and who can read it
// come from the note itself through this device's pins, not from the server's rows.

import { get } from '/static/api.js';
import * as C from '/static/crypto.js';
import { append, clear, formatTime, h } from '/static/dom.js';
import { readersOf, signerOf } from '/static/note_keys.js';
import { accessPlan, addNoteTools, giveAutomatically } from '/static/notes_access.js';

const FOR_WHOM = { me: 'Only the author', facilitators: 'The author and the facilitators', group: 'The whole group' };

function cannotOpen(err) {
  if (err instanceof C.NotForMe) return 'This note has not been shared with you.';
  if (err instanceof C.EnvelopeError && err.code === 'bad_ciphertext') {
    return 'This note is damaged or does not belong here, so it cannot be shown.';
  }
  if (err instanceof C.EnvelopeError && err.code === 'bad_signature') {
    return 'This note was changed after it was written, so it is not shown.';
  }
  return 'This note could not be opened.';
}

/**
 * The list in `panel.list`, and `refresh()`: one reading at a time, a nudge during one folded
 * into the next. A key changed elsewhere sends the panel back to `panel.start()`.
 */
export function createNoteList(panel) {
  let refreshing = null;
  function refresh() {
    refreshing = (refreshing || Promise.resolve()).then(render, render);
    return refreshing;
  }
  async function render() {
    const { state } = panel;
    if (!state.identity) return;
    const data = await get(panel.path.notes);
    if (data.key_id !== state.identity.keyId) { await panel.start(); return; }
    const items = [];
    for (const note of data.notes) items.push(await noteItem(panel, note, refresh));
    clear(panel.list);
    append(panel.list, items.length ? items : [h('li', { class: 'hint' }, 'No notes yet.')]);
  }
  return { refresh };
}

async function noteItem(panel, note, refresh) {
  const { state, groupId, sessionId } = panel;
  const author = h('span', { class: 'author' }, note.mine ? 'You' : note.author_name);
  const audience = h('span', { class: 'audience' }, FOR_WHOM[note.audience] || note.audience);
  const item = h('li', { class: 'note', dataset: { note: note.id } },
    h('p', { class: 'note-head' }, author, ' · ', h('time', {}, formatTime(note.created_at)), ' · ', audience));
  let opened;
  try {
    // groupId and sessionId come from the room we are in, not from the note: a note filed
    // elsewhere fails to open instead of being shown here.
    opened = await C.openNote(note.envelope, note.id, groupId, state.identity, { sessionId });
    showSigner(state, opened, note, { author, audience, item });
    item.append(h('p', { class: 'note-text' }, new TextDecoder('utf-8', { ignoreBOM: true }).decode(opened.plaintext)));
  } catch (err) {
    item.append(h('p', { class: 'note-error' }, cannotOpen(err)));
    return item;
  }
  // Verified people who cannot read a whole-group note yet are given access here and now.
  const plan = await accessPlan(state.pins, note, opened);
  const given = await giveAutomatically(panel, note, opened, plan);
  if (given.length) {
    opened = await C.openNote(note.envelope, note.id, groupId, state.identity, { sessionId });
    item.append(h('p', { class: 'hint given' }, `You gave ${given.join(', ')} access to this note: you had verified their key.`));
  }
  // From the key ids inside the note, named by this device's pins: not the server's list.
  item.append(h('p', { class: 'hint readers' }, `Can read it: ${readersOf(state.pins, state.identity, opened).join(', ')}`));
  addNoteTools(panel, note, item, refresh, plan);
  return item;
}

// Who wrote it and for whom, from the note's signature through the pins (not the server's
// rows); an unsigned (older) note or an untrusted signer says so.
function showSigner(state, opened, note, { author, audience, item }) {
  if (opened.version !== C.SIGNED_VERSION) {
    author.textContent = `${note.mine ? 'You' : note.author_name} (unsigned)`;
    return;
  }
  audience.textContent = FOR_WHOM[opened.audience];
  const signer = signerOf(state.pins, state.identity, opened);
  if (!signer) {
    author.textContent = 'Unverified author';
    item.append(h('p', { class: 'warning' }, `Signed with a key you have not trusted. The server says ${note.author_name} wrote it; compare safety numbers with them to be sure.`));
    return;
  }
  author.textContent = signer.name;
  if (signer.verified && signer.name !== 'You') author.append(' ', h('span', { class: 'badge verified' }, '✓ verified'));
}
