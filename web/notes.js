// The "Case notes" panel of a room (and of a past session's page). This module puts the panel
// together; each part lives in its own module:
//   notes_key_views.js  set up, restore or forget the notes key in this browser
//   notes_writer.js     writing a note: who can read it, the guard, sealing to pinned keys
//   notes_list.js       the notes you can read, opened here, with who wrote and can read them
//   notes_access.js     giving a reader access to a note, and deleting one's own
//   notes_numbers.js    the safety numbers to compare (web/note_keys.js holds the pins)
//
// Notes are sealed and opened here, in the browser (web/crypto.js); the server only ever holds
// envelopes it cannot open (docs/notes-envelope.md). Decrypted text is put on the page as text
// nodes and nowhere else: never in storage, never in a log.

import { append, clear, errorBox, h, showError } from '/static/dom.js';
import { openPins } from '/static/note_keys.js';
import { busy } from '/static/notes_busy.js';
import { forgetButton, start } from '/static/notes_key_views.js';
import { createNoteList } from '/static/notes_list.js';
import { createCompare } from '/static/notes_numbers.js';
import { createWriter } from '/static/notes_writer.js';

function notePaths(sessionId, groupId) {
  const session = `/api/sessions/${encodeURIComponent(sessionId)}`;
  return {
    notes: `${session}/notes`,
    recipients: (audience) => `${session}/notes/recipients?audience=${audience}`,
    note: (id) => `/api/notes/${encodeURIComponent(id)}`,
    keys: `/api/groups/${encodeURIComponent(groupId)}/note-keys`,
  };
}

/**
 * Mount the panel at the end of `container` for one session. Call once per room page; the
 * panel follows `notes_changed` events on `socket` (they carry no content, only "look again").
 */
export function mountNotes(container, { sessionId, groupId, me, socket }) {
  const box = errorBox();
  const body = h('div', { class: 'notes-body' });
  const el = h('section', { class: 'notes-panel', 'aria-labelledby': 'notes-heading' },
    h('h2', { id: 'notes-heading' }, 'Case notes'),
    h('p', { class: 'hint' }, 'Notes are encrypted in your browser before they leave it, only to keys you have trusted. The server stores them but cannot open them.'),
    box, body);
  container.append(el);

  // What every part shares: where it is, who is reading, and this browser's key and pins.
  const panel = {
    sessionId, groupId, me, box, body, path: notePaths(sessionId, groupId),
    state: { identity: null, serverKey: null, pins: null },
    list: h('ol', { class: 'notes-list', 'aria-label': 'Case notes you can read' }),
    numbers: h('ul', { class: 'plain safety-numbers' }),
  };
  const { refresh } = createNoteList(panel);
  panel.start = (options) => start(panel, options);
  panel.ready = () => ready(panel, refresh);

  socket?.on('notes_changed', (d) => {
    if (d && d.session_id === sessionId && panel.state.identity) refresh().catch(() => {});
  });
  panel.start();
  return { el };
}

// The key is here: write, list, compare.
async function ready(panel, refresh) {
  panel.state.pins ??= await openPins(panel.me.id);
  clear(panel.body);
  const reload = h('button', { type: 'button', class: 'small' }, 'Refresh notes');
  reload.addEventListener('click', () => busy(reload, panel.box, refresh));
  append(panel.body, [createWriter(panel, refresh),
    h('div', { class: 'notes-bar' }, h('h3', {}, 'Notes you can read'), reload), panel.list,
    createCompare(panel, refresh), h('p', {}, forgetButton(panel))]);
  refresh().catch((err) => showError(panel.box, err.message));
}
