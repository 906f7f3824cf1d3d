// Other ways in beside the password: single sign-on at the organisation's OpenID provider
// (NHSmail, a deanery's login) and, in passkeys.js, passkeys. The provider sends the browser
// back to /sso/callback, which is this page: we post what it sent to the server and go on.

import { call, get, post, setCsrf } from '/static/api.js';
import { errorBox, h, onSubmit, showError } from '/static/dom.js';

let providersOnce = null;

function providers() {
  providersOnce ??= get('/api/sso/providers').then((d) => d.providers).catch(() => []);
  return providersOnce;
}

// "Sign in with <provider>" buttons (or "Accept with <provider>" for an invitation), filled in
// once the server has said which providers it offers; empty when it offers none.
// `or` heads what follows them on the page ("Or sign in with your password").
// `link`: add the provider's sign-in to the signed-in account (the Passkeys page).
// `intro`: what heads them (shown only with them).
export function ssoButtons({ invitation = null, verb = 'Sign in', or = null, link = false, intro = [] } = {}) {
  const box = errorBox();
  const list = h('div', { class: 'sso-buttons' });
  const part = h('div', { class: 'sso', hidden: true }, intro, list, box, or ? h('h2', { class: 'or' }, or) : null);
  providers().then((found) => {
    for (const provider of found) {
      list.append(h('button', {
        type: 'button', class: 'sso-button',
        onclick: async (event) => {
          event.currentTarget.disabled = true;
          try {
            const { url } = await post(`/api/sso/${encodeURIComponent(provider.id)}/start`, invitation ? { invitation } : { link });
            location.assign(url);
          } catch (err) {
            showError(box, err.message);
            event.target.disabled = false;
          }
        },
      }, `${verb} with ${provider.name}`));
    }
    part.hidden = found.length === 0;
  });
  return part;
}

// Back from the provider: finish the sign-in. Returns the route to go to (and whether a
// passkey must confirm it first), or throws the
// server's refusal (its words say what went wrong). The address's code and state are removed
// from the address bar and history at once.
export async function finishSso() {
  const params = new URLSearchParams(location.search);
  history.replaceState(null, '', '/');
  const result = await post('/api/sso/finish', {
    state: params.get('state') || '', code: params.get('code') || '', error: params.get('error') || '',
  });
  setCsrf(result.csrf_token);
  return { landing: result.landing || '#/', second_factor: Boolean(result.second_factor) };
}

export const returningFromSso = () => location.pathname === '/sso/callback';

// After signing out of a single sign-on sign-in: this service is done with, and the
// organisation's own sign-in may be ended too (on a shared computer it matters).
let endSessionUrl = null;
export function rememberEndSession(url) { endSessionUrl = url || null; }

export function signedOutNotice() {
  if (!endSessionUrl) return null;
  const url = endSessionUrl;
  endSessionUrl = null;
  return h('div', { class: 'card notice', role: 'status' },
    h('p', {}, 'You are signed out of Balint Rooms. You had signed in through your organisation, which may still remember you in this browser.'),
    h('p', {}, h('a', { class: 'button', href: url }, 'Sign out of your organisation’s account too')));
}

// Programme settings, for administrators: how the programme's people sign in. Resolves null
// for anyone else (the server refuses them the policy).
export async function signInPolicySection(programmeId) {
  let policy;
  try { policy = await get(`/api/programmes/${encodeURIComponent(programmeId)}/sign-in-policy`); } catch { return null; }
  const names = policy.providers.map((p) => p.name).join(' or ');
  const box = errorBox();
  const done = h('p', { class: 'success', role: 'status' });
  const sso = h('input', { type: 'checkbox', name: 'require_sso', checked: policy.require_sso, disabled: !names });
  const staff = h('input', { type: 'checkbox', name: 'staff_second_factor', checked: policy.staff_second_factor });
  const form = h('form', {},
    h('div', { class: 'field' }, h('label', {}, sso, ` Only single sign-on${names ? ` (${names})` : ''}: no passwords for this programme’s people`)),
    names ? null : h('p', { class: 'hint' }, 'This server has no single sign-on provider configured (deploy/README.md).'),
    h('div', { class: 'field' }, h('label', {}, staff, ' Facilitators, leads and administrators confirm each sign-in with a passkey')),
    box, h('button', { type: 'submit', class: 'primary' }, 'Save sign-in rules'), done);
  onSubmit(form, box, async () => {
    done.textContent = '';
    await call('PUT', `/api/programmes/${encodeURIComponent(programmeId)}/sign-in-policy`,
      { require_sso: sso.checked, staff_second_factor: staff.checked });
    done.textContent = 'Saved. It applies from each person’s next sign-in.';
  });
  return h('section', { class: 'settings-section', 'aria-labelledby': 'signin-h' },
    h('h2', { id: 'signin-h' }, 'Signing in'), form);
}
