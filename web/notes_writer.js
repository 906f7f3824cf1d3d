// The case-note writer: the text, who can read it, the same guard as the chat composer, and
// sealing to the readers' pinned keys before anything is uploaded.

import { ApiError, get, post } from '/static/api.js';
import * as C from '/static/crypto.js';
import { errorBox, h, labelled } from '/static/dom.js';
import { createGuardWarning } from '/static/guard_ui.js';
import { sealingKeys } from '/static/note_keys.js';
import { busy } from '/static/notes_busy.js';

const AUDIENCES = [['group', 'The whole group'], ['facilitators', 'The facilitators'], ['me', 'Only me']];

/** The writer's form; `onSaved` runs after each note is stored. */
export function createWriter(panel, onSaved) {
  const where = errorBox();
  const text = h('textarea', { name: 'note', rows: 4 });
  const audience = h('select', { name: 'audience' }, AUDIENCES.map(([value, label]) => h('option', { value }, label)));
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save note');
  const result = h('p', { class: 'hint', 'aria-live': 'polite' });
  const asking = h('div', { class: 'key-questions' });
  // The same check as the chat composer, on the plain text before it is sealed: nothing is
  // encrypted or uploaded until the writer edits it or chooses to save it anyway.
  const guard = createGuardWarning({
    input: text, nothingYet: 'Nothing has been saved.', edit: 'Edit my note', anyway: 'Save anyway',
    onAnyway: () => form.requestSubmit(),
  });
  const form = h('form', { class: 'note-writer' },
    labelled('New case note', text, 'Encrypted before it leaves this browser.'),
    labelled('Who can read it', audience), guard.el, asking, where, save, result);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(save, where, async () => {
      result.textContent = '';
      const value = text.value.trim();
      if (!value) throw new ApiError('empty_text', 'Please write something first.');
      if (new TextEncoder().encode(value).length > C.MAX_PLAINTEXT) throw new ApiError('too_long', 'This note is too long (the limit is 64 KiB). Please shorten it.');
      if (!(await guard.check(value))) return;
      const who = await writeNote(panel, value, audience.value, asking);
      text.value = '';
      result.textContent = savedWords(who.without_key.map((p) => p.display_name));
      await onSaved();
    });
  });
  return form;
}

function savedWords(left) {
  if (!left.length) return 'Saved.';
  return `Saved. ${left.join(', ')} ${left.length === 1 ? 'has' : 'have'} not set up a notes key yet; once they have, you can give them access.`;
}

// The server names the readers; only their keys pinned on this device are sealed to (new ones
// are shown first, changed ones refused: web/note_keys.js). If someone joins or leaves in
// between, the server refuses (wrong_recipients) and we ask again.
async function writeNote(panel, value, audience, area) {
  const { state, path, groupId, sessionId } = panel;
  for (let attempt = 0; ; attempt++) {
    const who = await get(path.recipients(audience));
    const keys = await sealingKeys({ pins: state.pins, identity: state.identity, listed: who.recipients, audience, area, action: 'seal' });
    const noteId = C.b64uEncode(crypto.getRandomValues(new Uint8Array(16)));
    // Version 2: signed, binding this session, this audience and exactly these readers.
    const { envelope } = await C.seal(value, noteId, groupId, keys, { author: state.identity, sessionId, audience });
    try {
      await post(path.notes, { note_id: noteId, audience, envelope });
      return who;
    } catch (err) {
      if (err.code !== 'wrong_recipients' || attempt >= 2) throw err;
    }
  }
}
