// Under a note: "Give access to …" for each reader who cannot open it yet, and, for its author,
// "Delete note". Access is re-wrapped here, only to the key this device has pinned for that
// person (a new one is shown first, a changed one refused: web/note_keys.js).

import { call, post } from '/static/api.js';
import * as C from '/static/crypto.js';
import { append, errorBox, h } from '/static/dom.js';
import { confirmDialog } from '/static/dialogs.js';
import { confirmKeys } from '/static/note_keys.js';
import { busy } from '/static/notes_busy.js';

/** Adds the note's tools to `item` (nothing when there is nothing to do). */
export function addNoteTools(panel, note, item, refresh) {
  const where = errorBox();
  const asking = h('div', { class: 'key-questions' });
  const tools = h('p', { class: 'note-tools' });
  for (const person of note.missing) tools.append(giveButton(panel, note, person, { where, asking, refresh }));
  if (note.mine) tools.append(deleteButton(panel, note, where, refresh));
  if (tools.childElementCount) append(item, [tools, asking, where]);
}

function giveButton(panel, note, person, { where, asking, refresh }) {
  const { state } = panel;
  const give = h('button', { type: 'button', class: 'small' }, `Give access to ${person.display_name}`);
  give.addEventListener('click', () => busy(give, where, async () => {
    await confirmKeys(state.pins, [person], asking, 'give access');
    const pinned = C.b64uDecode(state.pins.get(person.user_id).publicKey, 32);
    const envelope = await C.rewrap(note.envelope, state.identity, pinned);
    await post(`${panel.path.note(note.id)}/readers`, { envelope });
    await refresh();
  }));
  return give;
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
