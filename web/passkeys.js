// Passkeys: signing in with one, the second-factor step, and the "Passkeys" settings screen
// (add several, name, remove, recovery codes). The browser's own navigator.credentials does the
// work; the server (py_webauthn) checks every answer. Options and answers travel as WebAuthn's
// JSON forms (parseCreationOptionsFromJSON, toJSON: in every current browser).

import { call, get, post, setCsrf } from '/static/api.js';
import { errorBox, formatDate, h, labelled, onSubmit, showError } from '/static/dom.js';
import { confirmDialog, textDialog } from '/static/dialogs.js';
import { ssoButtons } from '/static/sign_in.js';

const supported = () => Boolean(window.PublicKeyCredential?.parseRequestOptionsFromJSON);

const CANCELLED = 'The passkey was not used (it was cancelled, or this device has none for Balint Rooms). You can try again.';

async function askDevice(kind, options) {
  try {
    if (kind === 'create') {
      return (await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })).toJSON();
    }
    return (await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) })).toJSON();
  } catch (err) {
    if (err?.name === 'InvalidStateError') throw new Error('This device already holds a passkey of yours for Balint Rooms.');
    throw new Error(CANCELLED);
  }
}

// "Sign in with a passkey": the device offers the passkeys it holds for this site.
export function passkeySignIn(done) {
  if (!supported()) return null;
  const box = errorBox();
  const button = h('button', {
    type: 'button', class: 'sso-button',
    onclick: async () => {
      button.disabled = true;
      showError(box, '');
      try {
        const credential = await askDevice('get', await post('/api/passkeys/sign-in-options'));
        done(await post('/api/passkeys/sign-in', { credential }));
      } catch (err) {
        showError(box, err.message);
      } finally {
        button.disabled = false;
      }
    },
  }, 'Sign in with a passkey');
  return h('div', { class: 'sso-buttons' }, button, box);
}

function recoveryCodesPart(codes) {
  return h('div', { class: 'card notice', role: 'status' },
    h('h3', {}, 'Your recovery codes'),
    h('p', {}, 'Each code lets you in once if you lose your passkeys. Print them or keep them somewhere safe: they are shown only now.'),
    h('ul', { class: 'recovery-codes' }, codes.map((c) => h('li', {}, h('code', {}, c)))));
}

// The second step of a sign-in where the programme asks its staff for a passkey.
export async function secondFactorScreen(screen, after) {
  const { passkeys } = await get('/api/passkeys');
  const box = errorBox();
  if (!passkeys.length) {
    screen('Add a passkey to continue',
      h('p', {}, 'Your programme asks facilitators, leads and administrators to confirm it is them with a passkey (your fingerprint, face or screen lock) as well. Add one now; you will use it each time you sign in.'),
      addForm(async (made) => {
        if (!made?.recovery_codes) { await after(); return; }
        screen('Passkey added', recoveryCodesPart(made.recovery_codes),
          h('button', { type: 'button', class: 'primary', onclick: after }, 'I have kept my codes: continue'));
      }), cancelPart());
    return;
  }
  const go = h('button', {
    type: 'button', class: 'primary',
    onclick: async () => {
      go.disabled = true;
      showError(box, '');
      try {
        const credential = await askDevice('get', await post('/api/passkeys/second-factor-options'));
        await post('/api/passkeys/second-factor', { credential });
        await after();
      } catch (err) { showError(box, err.message); } finally { go.disabled = false; }
    },
  }, 'Use my passkey');
  const code = h('input', { name: 'recovery_code', autocomplete: 'one-time-code', required: true });
  const recover = h('form', {}, labelled('Recovery code', code, 'One of the codes you kept when you added your first passkey.'),
    h('button', { type: 'submit' }, 'Use a recovery code'));
  const recoverBox = errorBox();
  recover.append(recoverBox);
  onSubmit(recover, recoverBox, async () => {
    await post('/api/passkeys/second-factor', { recovery_code: code.value });
    await after();
  });
  screen('Confirm it is you',
    h('p', {}, 'Your programme asks for a passkey as well as your sign-in.'), go, box,
    h('details', {}, h('summary', {}, 'Lost your passkey?'), recover), cancelPart());
  go.focus();
}

// Not now: end this half-made sign-in (nothing else is reachable with it anyway).
function cancelPart() {
  return h('p', {}, h('button', {
    type: 'button', class: 'link',
    onclick: async () => { await post('/api/sign-out').catch(() => {}); setCsrf(''); location.hash = '#/sign-in'; },
  }, 'Cancel and sign out'));
}

function addForm(after) {
  const box = errorBox();
  const name = h('input', { name: 'passkey_name', required: true, maxlength: 60, placeholder: 'Work laptop' });
  const form = h('form', {}, labelled('Name for this passkey', name, 'So you can tell your passkeys apart, for example “Work laptop” or “My phone”.'),
    box, h('button', { type: 'submit', class: 'primary' }, 'Add a passkey'));
  onSubmit(form, box, async () => {
    const credential = await askDevice('create', await post('/api/passkeys/registration-options'));
    const made = await post('/api/passkeys', { credential, name: name.value });
    await after(made);
  });
  return form;
}

function passkeyRow(passkey, redraw) {
  const box = errorBox();
  const used = passkey.last_used_at ? `last used ${formatDate(passkey.last_used_at)}` : 'not used yet';
  const rename = h('button', {
    type: 'button', class: 'quiet small',
    onclick: async () => {
      const name = await textDialog({ title: `Rename “${passkey.name}”`, label: 'New name', rows: 1, maxlength: 60, confirm: 'Rename' });
      if (!name) return;
      try { await call('PATCH', `/api/passkeys/${encodeURIComponent(passkey.id)}`, { name }); await redraw(); } catch (err) { showError(box, err.message); }
    },
  }, `Rename ${passkey.name}`);
  const remove = h('button', {
    type: 'button', class: 'quiet danger small',
    onclick: async () => {
      if (!await confirmDialog({ title: `Remove the passkey “${passkey.name}”?`, body: ['It will no longer sign you in.', 'You will be signed out on every other computer and phone.'], confirm: 'Remove passkey', danger: true })) return;
      try { await call('DELETE', `/api/passkeys/${encodeURIComponent(passkey.id)}`); await redraw(); } catch (err) { showError(box, err.message); }
    },
  }, `Remove ${passkey.name}`);
  return h('li', {}, h('strong', {}, passkey.name), h('span', { class: 'hint' }, ` added ${formatDate(passkey.created_at)}, ${used}`),
    rename, remove, box);
}

// Settings: my passkeys.
export async function passkeysScreen(screen) {
  const mine = await get('/api/passkeys');
  const redraw = async (made) => {
    await passkeysScreen(screen);
    if (made?.recovery_codes) document.getElementById('main').append(recoveryCodesPart(made.recovery_codes));
  };
  const list = mine.passkeys.length
    ? h('ul', { class: 'passkeys' }, mine.passkeys.map((p) => passkeyRow(p, redraw)))
    : h('p', {}, 'You have no passkeys yet.');
  const codesBox = errorBox();
  const newCodes = h('button', {
    type: 'button', class: 'quiet',
    onclick: async () => {
      try {
        const { recovery_codes: codes } = await post('/api/recovery-codes');
        document.getElementById('main').append(recoveryCodesPart(codes));
      } catch (err) { showError(codesBox, err.message); }
    },
  }, 'Make new recovery codes');
  screen('Passkeys',
    h('p', {}, 'A passkey signs you in with this device’s fingerprint, face or screen lock instead of a password. Add one for each computer or phone you use.'),
    mine.second_factor_required ? h('p', { class: 'gentle' }, 'Your programme asks you to confirm each sign-in with a passkey.') : null,
    list, supported() ? addForm(redraw) : h('p', { class: 'error' }, 'This browser cannot use passkeys.'),
    mine.passkeys.length ? h('p', { class: 'hint' }, `Recovery codes left: ${mine.recovery_codes_left}. `, newCodes) : null, codesBox,
    ssoButtons({ link: true, verb: 'Link', intro: [h('h2', {}, 'Your organisation’s sign-in'),
      h('p', { class: 'hint' }, 'Link it once, then sign in with it instead of a password.')] }),
    h('p', {}, h('a', { href: '#/' }, 'Back to my groups')));
}

// After any sign-in: straight on, or to the second factor first.
export function afterSignIn(result, go) {
  setCsrf(result.csrf_token);
  if (result.second_factor) location.hash = '#/second-factor';
  else go();
}
