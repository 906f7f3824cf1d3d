// The "Case notes" panel of a room: key set-up and restore, writing, reading, giving access,
// deleting, and the safety numbers to compare.
//
// Notes are sealed and opened here, in the browser (web/crypto.js); the server only ever holds
// envelopes it cannot open (docs/notes-envelope.md). The private key is made here, kept in
// IndexedDB as a non-extractable CryptoKey (web/keystore.js), and leaves the device only inside
// the passphrase-sealed backup. Decrypted text is put on the page as text nodes and nowhere else:
// never in storage, never in a log.

import { ApiError, call, get, post } from '/static/api.js';
import * as C from '/static/crypto.js';
import { append, clear, errorBox, formatTime, h, labelled, showError } from '/static/dom.js';
import { confirmDialog } from '/static/dialogs.js';
import { createGuardWarning } from '/static/guard_ui.js';
import { forgetIdentity, loadIdentity, saveIdentity } from '/static/keystore.js';
import { confirmKeys, openPins, readersOf, renderNumbers, sealingKeys, signerOf } from '/static/note_keys.js';

const MIN_PASSPHRASE = 12;
const AUDIENCES = [['group', 'The whole group'], ['facilitators', 'The facilitators'], ['me', 'Only me']];
const FOR_WHOM = { me: 'Only the author', facilitators: 'The author and the facilitators', group: 'The whole group' };
const WRONG_PASSPHRASE = 'That passphrase does not open your key backup.';

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
 * Mount the panel at the end of `container` for one session. Call once per room page; the
 * panel follows `notes_changed` events on `socket` (they carry no content, only "look again").
 */
export function mountNotes(container, { sessionId, groupId, me, socket }) {
  const state = { identity: null, serverKey: null, started: false, pins: null };
  const box = errorBox();
  const body = h('div', { class: 'notes-body' });
  const el = h('section', { class: 'notes-panel', 'aria-labelledby': 'notes-heading' },
    h('h2', { id: 'notes-heading' }, 'Case notes'),
    h('p', { class: 'hint' }, 'Notes are encrypted in your browser before they leave it, only to keys you have trusted. The server stores them but cannot open them.'),
    box, body);
  container.append(el);

  const path = {
    notes: `/api/sessions/${encodeURIComponent(sessionId)}/notes`,
    recipients: (audience) => `/api/sessions/${encodeURIComponent(sessionId)}/notes/recipients?audience=${audience}`,
    note: (id) => `/api/notes/${encodeURIComponent(id)}`,
    keys: `/api/groups/${encodeURIComponent(groupId)}/note-keys`,
  };

  // Runs `work` with `button` disabled; a refusal goes into `where` in the server's own words.
  async function busy(button, where, work) {
    button.disabled = true;
    showError(where, '');
    try {
      await work();
    } catch (err) {
      showError(where, err instanceof ApiError || err instanceof C.EnvelopeError ? err.message
        : 'Something went wrong. Please try again.');
    } finally {
      button.disabled = false;
    }
  }

  // ---- which key: set up, restore, or ready ----
  // `focus` only when the person asked for this view: the panel loads beside the chat, and
  // taking focus then would send what they are typing into the passphrase field.
  async function start({ focus = false } = {}) {
    showError(box, '');
    try {
      state.serverKey = await get('/api/notes/key');
      let local = null;
      try { local = await loadIdentity(me.id); } catch { /* no IndexedDB here: restore each time */ }
      if (state.serverKey && local && local.keyId === state.serverKey.key_id) {
        state.identity = local;
        await ready();
      } else if (state.serverKey) {
        restoreView(focus);
      } else {
        setupView(false, focus);
      }
    } catch (err) {
      showError(box, err.message);
    }
  }

  async function keep(identity) {
    state.identity = { ...identity, keyId: await C.keyId(identity.publicKey) };
    try {
      await saveIdentity(me.id, state.identity);
    } catch {
      showError(box, 'This browser cannot keep your key, so you will need your passphrase each time you come back.');
    }
  }

  function setupView(replace, focus) {
    clear(body);
    const where = errorBox();
    const pass = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSPHRASE });
    const again = h('input', { type: 'password', autocomplete: 'new-password', required: true });
    const button = h('button', { type: 'submit', class: 'primary' }, 'Create my key');
    const form = h('form', { class: 'notes-key' },
      h('h3', {}, replace ? 'Start again with a new key' : 'Set up your notes key'),
      h('p', {}, 'Your notes are locked with a key made in this browser. Choose a recovery passphrase: with it you can open your notes on another computer.'),
      h('p', { class: 'warning' }, 'Nobody can recover this passphrase for you — not your facilitator and not the people who run Balint Rooms. If you lose it and this browser’s data, notes shared with you can no longer be opened. Write it down somewhere safe.'),
      replace ? h('p', { class: 'warning' }, 'Notes shared with your old key will not open with the new one.') : null,
      labelled('Recovery passphrase', pass, `At least ${MIN_PASSPHRASE} characters. A few unrelated words work well.`),
      labelled('Repeat the passphrase', again), where, button);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(button, where, async () => {
        if (pass.value.length < MIN_PASSPHRASE) throw new ApiError('weak_passphrase', `Please choose a passphrase of at least ${MIN_PASSPHRASE} characters.`);
        if (pass.value !== again.value) throw new ApiError('mismatch', 'The two passphrases are not the same.');
        button.textContent = 'Making your key…';
        try {
          const { identity, backup } = await C.generateIdentityWithBackup(pass.value);
          try {
            await call('PUT', '/api/notes/key', { public_key: C.b64uEncode(identity.publicKey), backup, replace, signing_key: C.b64uEncode(identity.signingPublic) });
          } catch (err) {
            if (err.code !== 'key_exists') throw err;
            await start({ focus: true }); // set up meanwhile in another tab or device: restore it
            showError(box, 'You set up a key in another window or on another device. Restore it with that passphrase.');
            return;
          }
          await keep(identity);
          await ready();
        } finally {
          button.textContent = 'Create my key';
        }
      });
    });
    append(body, [form]);
    if (focus) pass.focus();
  }

  function restoreView(focus) {
    clear(body);
    const where = errorBox();
    const pass = h('input', { type: 'password', autocomplete: 'current-password', required: true });
    const button = h('button', { type: 'submit', class: 'primary' }, 'Restore my key');
    const again = h('button', { type: 'button', class: 'small danger' }, 'Start again with a new key');
    const form = h('form', { class: 'notes-key' },
      h('h3', {}, 'Restore my key'),
      h('p', {}, 'You have a notes key, but this browser does not hold it yet. Enter your recovery passphrase to unlock it here.'),
      labelled('Recovery passphrase', pass), where, button,
      h('details', { class: 'lost' }, h('summary', {}, 'Lost your passphrase?'),
        h('p', { class: 'hint' }, 'Nobody can recover it. You can make a new key; notes shared with your old key will no longer open for you, but people can give you access again.'),
        again));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(button, where, async () => {
        button.textContent = 'Unlocking…';
        try {
          let identity;
          const blob = state.serverKey.backup;
          try {
            // An old PBKDF2 backup is opened extractable once, to re-seal it under scrypt.
            const old = C.backupVersion(blob) < C.BACKUP_VERSION;
            identity = await C.importPrivateKey(blob, pass.value, { extractable: old });
            if (old) identity = await upgradeBackup(identity, blob, pass.value);
            else if (state.serverKey.signing_key !== C.b64uEncode(identity.signingPublic)) {
              // A key registered before notes were signed: publish its signing key now.
              await call('PUT', '/api/notes/key', { public_key: C.b64uEncode(identity.publicKey), backup: blob, replace: false, signing_key: C.b64uEncode(identity.signingPublic) });
            }
          } catch (err) {
            if (err instanceof C.EnvelopeError && err.code === 'bad_passphrase') throw new ApiError('bad_passphrase', WRONG_PASSPHRASE);
            throw new ApiError('bad_backup', 'Your key backup could not be read. You may need to start again with a new key.');
          }
          if ((await C.keyId(identity.publicKey)) !== state.serverKey.key_id) {
            throw new ApiError('bad_backup', 'Your key backup does not match your key. You may need to start again with a new key.');
          }
          await keep(identity);
          await ready();
        } finally {
          button.textContent = 'Restore my key';
        }
      });
    });
    again.addEventListener('click', async () => {
      const yes = await confirmDialog({
        title: 'Make a new notes key?',
        body: 'Notes shared with your old key will not open with the new one.',
        confirm: 'Make a new key', cancel: 'Keep trying my passphrase', danger: true,
      });
      if (yes) setupView(true, true);
    });
    append(body, [form]);
    if (focus) pass.focus();
  }

  // The memory-hard backup (scrypt) replaces a PBKDF2 one on the first unlock with the
  // passphrase; the identity handed back is non-extractable either way.
  async function upgradeBackup(extractable, oldBlob, passphrase) {
    try {
      const backup = await C.backupPrivateKey(extractable, passphrase);
      await call('PUT', '/api/notes/key', { public_key: C.b64uEncode(extractable.publicKey), backup, replace: false, signing_key: C.b64uEncode(extractable.signingPublic) });
      state.serverKey = { ...state.serverKey, backup };
      return await C.importPrivateKey(backup, passphrase);
    } catch {
      return C.importPrivateKey(oldBlob, passphrase); // keep working; upgrade next time
    }
  }

  // ---- ready: write, list, compare ----
  const list = h('ol', { class: 'notes-list', 'aria-label': 'Case notes you can read' });
  const numbers = h('ul', { class: 'plain safety-numbers' });

  async function ready() {
    state.pins ??= await openPins(me.id);
    clear(body);
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
        if (!guard.check(value)) return;
        const who = await writeNote(value, audience.value, asking);
        text.value = '';
        const left = who.without_key.map((p) => p.display_name);
        result.textContent = left.length
          ? `Saved. ${left.join(', ')} ${left.length === 1 ? 'has' : 'have'} not set up a notes key yet; once they have, you can give them access.`
          : 'Saved.';
        await refresh();
      });
    });
    const reload = h('button', { type: 'button', class: 'small' }, 'Refresh notes');
    reload.addEventListener('click', () => busy(reload, box, refresh));
    const compare = h('details', { class: 'compare' }, h('summary', {}, 'Compare safety numbers'),
      h('p', { class: 'hint' }, 'Your notes are sealed only to the keys listed here. To be sure nobody has slipped in a key of their own, compare these numbers with each person, face to face or on a call, and mark them verified. They change only when someone makes a new key.'),
      numbers);
    compare.addEventListener('toggle', () => { if (compare.open) showNumbers(); });
    const forget = h('button', { type: 'button', class: 'small' }, 'Forget my key on this device');
    forget.addEventListener('click', () => busy(forget, box, async () => {
      const yes = await confirmDialog({
        title: 'Forget your notes key on this device?',
        body: 'Your key is removed from this browser. You can restore it later with your recovery passphrase.',
        confirm: 'Forget my key here', cancel: 'Keep it',
      });
      if (!yes) return;
      await forgetIdentity(me.id);
      state.identity = null;
      clear(list);
      await start({ focus: true });
    }));
    append(body, [form, h('div', { class: 'notes-bar' }, h('h3', {}, 'Notes you can read'), reload), list, compare,
      h('p', {}, forget)]);
    refresh().catch((err) => showError(box, err.message));
  }

  // The server names the readers; only their keys pinned on this device are sealed to (new ones
  // are shown first, changed ones refused: web/note_keys.js). If someone joins or leaves in
  // between, the server refuses (wrong_recipients) and we ask again.
  async function writeNote(value, audience, area) {
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

  let refreshing = null;
  function refresh() {
    // One refresh at a time; a nudge during one is folded into the next.
    refreshing = (refreshing || Promise.resolve()).then(render, render);
    return refreshing;
  }

  async function render() {
    if (!state.identity) return;
    const data = await get(path.notes);
    if (data.key_id !== state.identity.keyId) { await start(); return; }
    const items = [];
    for (const note of data.notes) items.push(await noteItem(note));
    clear(list);
    append(list, items.length ? items : [h('li', { class: 'hint' }, 'No notes yet.')]);
  }

  async function noteItem(note) {
    const author = h('span', { class: 'author' }, note.mine ? 'You' : note.author_name);
    const audience = h('span', { class: 'audience' }, FOR_WHOM[note.audience] || note.audience);
    const item = h('li', { class: 'note', dataset: { note: note.id } },
      h('p', { class: 'note-head' }, author, ' · ', h('time', {}, formatTime(note.created_at)), ' · ', audience));
    try {
      // groupId and sessionId come from the room we are in, not from the note: a note filed
      // elsewhere fails to open instead of being shown here.
      const opened = await C.openNote(note.envelope, note.id, groupId, state.identity, { sessionId });
      showSigner(opened, note, author, audience, item);
      item.append(h('p', { class: 'note-text' }, new TextDecoder('utf-8', { ignoreBOM: true }).decode(opened.plaintext)));
    } catch (err) {
      item.append(h('p', { class: 'note-error' }, cannotOpen(err)));
      return item;
    }
    // From the key ids inside the note, named by this device's pins: not the server's list.
    item.append(h('p', { class: 'hint readers' }, `Can read it: ${readersOf(state.pins, state.identity, note.envelope).join(', ')}`));
    const where = errorBox();
    const asking = h('div', { class: 'key-questions' });
    const tools = h('p', { class: 'note-tools' });
    for (const person of note.missing) {
      const give = h('button', { type: 'button', class: 'small' }, `Give access to ${person.display_name}`);
      give.addEventListener('click', () => busy(give, where, async () => {
        // Only to the key pinned for this person: a new one is shown first, a changed one refused.
        await confirmKeys(state.pins, [person], asking, 'give access');
        const pinned = C.b64uDecode(state.pins.get(person.user_id).publicKey, 32);
        const envelope = await C.rewrap(note.envelope, state.identity, pinned);
        await post(`${path.note(note.id)}/readers`, { envelope });
        await refresh();
      }));
      tools.append(give);
    }
    if (note.mine) {
      const del = h('button', { type: 'button', class: 'small danger' }, 'Delete note');
      del.addEventListener('click', () => busy(del, where, async () => {
        const yes = await confirmDialog({
          title: 'Delete this note?',
          body: 'It is deleted for everyone who can read it. This cannot be undone.',
          confirm: 'Delete the note', cancel: 'Keep it', danger: true,
        });
        if (!yes) return;
        await call('DELETE', path.note(note.id));
        await refresh();
      }));
      tools.append(del);
    }
    if (tools.childElementCount) append(item, [tools, asking, where]);
    return item;
  }

  // Who wrote it and for whom, from the note's signature through the pins (not the server's
  // rows); an unsigned (older) note or an untrusted signer says so.
  function showSigner(opened, note, author, audience, item) {
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

  // The same pins sealing uses, with the server's current list beside them.
  async function showNumbers() {
    try {
      const data = await get(path.keys);
      await renderNumbers(numbers, { pins: state.pins, identity: state.identity, members: data.members, me,
        onChange: async () => { await showNumbers(); await refresh(); } });
    } catch (err) {
      showError(box, err.message);
    }
  }

  socket?.on('notes_changed', (d) => {
    if (d && d.session_id === sessionId && state.identity) refresh().catch(() => {});
  });
  start();
  return { el };
}
