// The case-notes key in this browser: which view to show (set up, restore, or ready), the two
// forms that make or unlock the key, and "Forget my key on this device".
//
// The private key is made here, kept in IndexedDB as a non-extractable CryptoKey
// (web/keystore.js), and leaves the device only inside the passphrase-sealed backup.

import { ApiError, call, get } from '/static/api.js';
import * as C from '/static/crypto.js';
import { append, clear, errorBox, h, labelled, showError } from '/static/dom.js';
import { confirmDialog } from '/static/dialogs.js';
import { forgetIdentity, loadIdentity, saveIdentity } from '/static/keystore.js';
import { busy } from '/static/notes_busy.js';

const MIN_PASSPHRASE = 12;
const WRONG_PASSPHRASE = 'That passphrase does not open your key backup.';

/**
 * Show the view this person needs: ready when this browser holds their key, restore when the
 * server has one this browser does not, set up otherwise. `focus` only when the person asked
 * for this view: the panel loads beside the chat, and taking focus then would send what they
 * are typing into the passphrase field.
 */
export async function start(panel, { focus = false } = {}) {
  const { state } = panel;
  showError(panel.box, '');
  try {
    state.serverKey = await get('/api/notes/key');
    let local = null;
    try { local = await loadIdentity(panel.me.id); } catch { /* no IndexedDB here: restore each time */ }
    if (state.serverKey && local && local.keyId === state.serverKey.key_id) {
      state.identity = local;
      await panel.ready();
    } else if (state.serverKey) {
      restoreView(panel, focus);
    } else {
      setupView(panel, false, focus);
    }
  } catch (err) {
    showError(panel.box, err.message);
  }
}

async function keep(panel, identity) {
  panel.state.identity = { ...identity, keyId: await C.keyId(identity.publicKey) };
  try {
    await saveIdentity(panel.me.id, panel.state.identity);
  } catch {
    showError(panel.box, 'This browser cannot keep your key, so you will need your passphrase each time you come back.');
  }
}

function putKey(identity, backup) {
  return call('PUT', '/api/notes/key', { public_key: C.b64uEncode(identity.publicKey), backup,
    replace: false, signing_key: C.b64uEncode(identity.signingPublic) });
}

function setupView(panel, replace, focus) {
  clear(panel.body);
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
        await createKey(panel, pass.value, replace);
      } finally {
        button.textContent = 'Create my key';
      }
    });
  });
  append(panel.body, [form]);
  if (focus) pass.focus();
}

async function createKey(panel, passphrase, replace) {
  const { identity, backup } = await C.generateIdentityWithBackup(passphrase);
  try {
    await call('PUT', '/api/notes/key', { public_key: C.b64uEncode(identity.publicKey), backup, replace, signing_key: C.b64uEncode(identity.signingPublic) });
  } catch (err) {
    if (err.code !== 'key_exists') throw err;
    await start(panel, { focus: true }); // set up meanwhile in another tab or device: restore it
    showError(panel.box, 'You set up a key in another window or on another device. Restore it with that passphrase.');
    return;
  }
  await keep(panel, identity);
  await panel.ready();
}

function restoreView(panel, focus) {
  clear(panel.body);
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
        await restoreKey(panel, pass.value);
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
    if (yes) setupView(panel, true, true);
  });
  append(panel.body, [form]);
  if (focus) pass.focus();
}

async function restoreKey(panel, passphrase) {
  const { state } = panel;
  let identity;
  const blob = state.serverKey.backup;
  try {
    // An old PBKDF2 backup is opened extractable once, to re-seal it under scrypt.
    const old = C.backupVersion(blob) < C.BACKUP_VERSION;
    identity = await C.importPrivateKey(blob, passphrase, { extractable: old });
    if (old) identity = await upgradeBackup(state, identity, blob, passphrase);
    else if (state.serverKey.signing_key !== C.b64uEncode(identity.signingPublic)) {
      // A key registered before notes were signed: publish its signing key now.
      await putKey(identity, blob);
    }
  } catch (err) {
    if (err instanceof C.EnvelopeError && err.code === 'bad_passphrase') throw new ApiError('bad_passphrase', WRONG_PASSPHRASE);
    throw new ApiError('bad_backup', 'Your key backup could not be read. You may need to start again with a new key.');
  }
  if ((await C.keyId(identity.publicKey)) !== state.serverKey.key_id) {
    throw new ApiError('bad_backup', 'Your key backup does not match your key. You may need to start again with a new key.');
  }
  await keep(panel, identity);
  await panel.ready();
}

// The memory-hard backup (scrypt) replaces a PBKDF2 one on the first unlock with the
// passphrase; the identity handed back is non-extractable either way.
async function upgradeBackup(state, extractable, oldBlob, passphrase) {
  try {
    const backup = await C.backupPrivateKey(extractable, passphrase);
    await putKey(extractable, backup);
    state.serverKey = { ...state.serverKey, backup };
    return await C.importPrivateKey(backup, passphrase);
  } catch {
    return C.importPrivateKey(oldBlob, passphrase); // keep working; upgrade next time
  }
}

/** "Forget my key on this device": asks first, then shows the restore view. */
export function forgetButton(panel) {
  const forget = h('button', { type: 'button', class: 'small' }, 'Forget my key on this device');
  forget.addEventListener('click', () => busy(forget, panel.box, async () => {
    const yes = await confirmDialog({
      title: 'Forget your notes key on this device?',
      body: 'Your key is removed from this browser. You can restore it later with your recovery passphrase.',
      confirm: 'Forget my key here', cancel: 'Keep it',
    });
    if (!yes) return;
    await forgetIdentity(panel.me.id);
    panel.state.identity = null;
    clear(panel.list);
    await start(panel, { focus: true });
  }));
  return forget;
}
