// The page's router and its screens: invitation, sign-in, my groups. The room lives in room.js.

import { ApiError, get, post, setCsrf } from '/static/api.js';
import { append, clear, errorBox, formatDate, h, labelled, onSubmit } from '/static/dom.js';
import { openRoom } from '/static/room.js';
import { attendanceLinks, attendanceScreen, certificateScreen, verifyScreen } from '/static/attendance.js';
import { leadScreen } from '/static/lead.js';
import { registerScreen } from '/static/register.js';
import { groupInvitations, leadInvitations } from '/static/invitations.js';
import { programmeSettingsScreen, settingsScreen } from '/static/settings.js';
import { watchSessions } from '/static/home_live.js';
import { pastSessionScreen } from '/static/past_session.js';
import { afterSignIn, passkeySignIn, passkeysScreen, secondFactorScreen } from '/static/passkeys.js';
import { finishSso, rememberEndSession, returningFromSso, signedOutNotice, ssoButtons } from '/static/sign_in.js';
import { calendarCard, showUpcoming, upcomingPlaceholder } from '/static/schedule.js';

const main = document.getElementById('main');
const account = document.getElementById('account');
let me = null;
let leaveScreen = () => {};

async function loadMe() {
  try {
    me = await get('/api/me');
    setCsrf(me.csrf_token);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'not_signed_in') throw err;
    me = null;
    setCsrf('');
  }
  renderAccount();
  return me;
}

function renderAccount() {
  clear(account);
  if (!me) return;
  append(account, [
    h('span', { class: 'who' }, `Signed in as ${me.user.display_name}`),
    me.has_password === false ? null : h('a', { href: '#/password' }, 'Change password'),
    h('a', { href: '#/passkeys' }, 'Passkeys'),
    h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'),
  ]);
}

async function signOut() {
  try {
    rememberEndSession((await post('/api/sign-out'))?.end_session_url);
  } finally {
    me = null;
    setCsrf('');
    renderAccount();
    location.hash = '#/sign-in';
  }
}

function screen(title, ...children) {
  leaveScreen();
  leaveScreen = () => {};
  document.title = `${title} · Balint Rooms`;
  clear(main);
  append(main, [h('h1', {}, title), ...children]);
  main.focus();
}

function submitButton(label) {
  return h('button', { type: 'submit', class: 'primary' }, label);
}

// Where a newly accepted invitation takes its person: a lead straight to their programme.
function landing(invite) {
  return invite.kind === 'lead' && invite.programme_id ? `#/lead/${encodeURIComponent(invite.programme_id)}` : '#/';
}

async function inviteScreen(token) {
  const box = errorBox();
  let invite;
  try {
    invite = await post('/api/invitations/info', { token });
  } catch (err) {
    screen('Invitation', h('p', { class: 'error', role: 'alert' }, err.message),
      h('p', {}, h('a', { href: '#/sign-in' }, 'Go to sign in')));
    return;
  }
  const what = invite.kind === 'admin' ? 'administer this Balint Rooms server'
    : invite.kind === 'lead' ? `see anonymised attendance for ${invite.programme_name}`
      : `join ${invite.group_name} as ${invite.role === 'facilitator' ? 'a facilitator' : 'a member'}`;
  const intro = h('p', { class: 'lead' }, `You have been invited to ${what}.`);
  if (me) {
    const form = h('form', {}, box, submitButton(`Accept as ${me.user.display_name}`));
    onSubmit(form, box, async () => {
      await post('/api/invitations/accept', { token });
      location.hash = landing(invite);
    });
    screen('Invitation', intro, form);
    return;
  }
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, maxlength: 32 });
  const display = h('input', { name: 'display_name', autocomplete: 'nickname', required: true, maxlength: 60 });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: 10 });
  const sso = ssoButtons({ invitation: token, verb: 'Accept', or: 'Or create an account with a password' });
  const form = h('form', {},
    labelled('Sign-in name', username, 'Only you see this: 3 to 32 letters, digits, dots, dashes or underscores.'),
    labelled('Display name', display, 'What the group sees, for example your first name.'),
    labelled('Password', password, 'At least 10 characters.'),
    box, submitButton('Create my account'));
  onSubmit(form, box, async () => {
    const result = await post('/api/invitations/accept', {
      token, username: username.value, display_name: display.value, password: password.value,
    });
    afterSignIn(result, async () => { await loadMe(); location.hash = landing(invite); });
  });
  screen('Welcome to Balint Rooms', intro, sso, form);
}

function signInScreen() {
  const box = errorBox();
  const username = h('input', { name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', {}, labelled('Sign-in name', username), labelled('Password', password),
    box, submitButton('Sign in'));
  const signedIn = (result) => afterSignIn(result, async () => { await loadMe(); location.hash = '#/'; });
  onSubmit(form, box, async () => {
    signedIn(await post('/api/sign-in', { username: username.value, password: password.value }));
  });
  screen('Sign in', signedOutNotice(), passkeySignIn(signedIn), ssoButtons({ or: 'Or with your sign-in name and password' }), form,
    h('p', { class: 'hint' }, 'New here? Open the invitation link your facilitator sent you.'));
}

// Changing the password ends every other sign-in of this person (and closes their sockets);
// this browser gets a fresh sign-in, so its CSRF token changes too.
function passwordScreen() {
  const box = errorBox();
  const done = h('p', { class: 'success', role: 'status' });
  const current = h('input', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true });
  const fresh = h('input', { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, minlength: 10, maxlength: 200 });
  const again = h('input', { name: 'repeat_password', type: 'password', autocomplete: 'new-password', required: true });
  const form = h('form', {}, labelled('Current password', current),
    labelled('New password', fresh, 'At least 10 characters.'), labelled('Repeat the new password', again),
    box, submitButton('Change my password'));
  onSubmit(form, box, async () => {
    done.textContent = '';
    if (fresh.value !== again.value) throw new Error('The two new passwords are not the same. Nothing was changed.');
    const result = await post('/api/me/password', { current_password: current.value, new_password: fresh.value });
    setCsrf(result.csrf_token);
    form.reset();
    done.textContent = 'Your password has been changed. Everywhere else you were signed in, you are now signed out.';
  });
  screen('Change my password',
    h('p', { class: 'hint' }, 'Changing your password signs you out on every other computer, phone and browser.'),
    form, done, h('p', {}, h('a', { href: '#/' }, 'Back to my groups')));
  current.focus();
}

function openSessionForm(groupId) {
  const box = errorBox();
  const title = h('input', { name: 'title', required: true, maxlength: 120, value: 'Balint group' });
  const form = h('form', { class: 'inline' }, labelled('Session title', title), submitButton('Open a session now'), box);
  onSubmit(form, box, async () => {
    let id;
    try {
      ({ id } = await post(`/api/groups/${encodeURIComponent(groupId)}/sessions`, { title: title.value }));
    } catch (err) {
      // Someone else opened one first: show its *Enter* in place of this form, and say why.
      if (err instanceof ApiError && err.code === 'session_already_open' && await refreshSessions({ force: true, note: [groupId, err.message] })) return;
      throw err;
    }
    location.hash = `#/room/${id}`;
  });
  return form;
}

// Final for that session (the server refuses them at the door too): no *Enter* to press again.
const SHUT_OUT = {
  turned_away: 'The facilitator has not admitted you to',
  removed: 'A facilitator removed you from',
};

// What a group has on now and had before: *Enter* for its open session (at most one), or for a
// facilitator the form to open one; past sessions link to their own page (case notes).
function sessionsPart(group, wasOpen, note) {
  const open = group.sessions.filter((s) => s.state === 'open');
  const past = group.sessions.filter((s) => s.state !== 'open');
  const parts = note ? [h('p', { class: 'gentle' }, note)] : [];
  if (open.length) {
    parts.push(h('ul', { class: 'sessions' }, open.map((s) => h('li', {},
      SHUT_OUT[s.my_status]
        ? h('span', {}, `${SHUT_OUT[s.my_status]} “${s.title}”. If you think this is a mistake, contact your facilitator.`)
        : h('a', { class: 'button primary', href: `#/room/${s.id}` }, `Enter “${s.title}”`),
      h('span', { class: 'hint' }, ` opened ${formatDate(s.opened_at)}`)))));
  } else {
    parts.push(h('p', {}, 'No session is open right now.'));
    if (group.role === 'facilitator') parts.push(openSessionForm(group.id));
  }
  if (past.length) {
    parts.push(h('details', { class: 'past-sessions', open: wasOpen }, h('summary', {}, `Past sessions (${past.length})`),
      h('ul', {}, past.map((s) => h('li', {},
        h('a', { href: `#/session/${s.id}` }, `${s.title} — ${formatDate(s.opened_at)}`))))));
  }
  return parts;
}

function groupCard(group) {
  // Live: replaced when the server says this group's sessions changed (home_live.js).
  const live = h('div', { class: 'group-sessions', 'aria-live': 'polite', dataset: { group: group.id } },
    sessionsPart(group, false));
  const card = h('section', { class: 'card', 'aria-labelledby': `g-${group.id}` },
    h('h2', { id: `g-${group.id}` }, group.name),
    h('p', { class: 'hint' }, `${group.programme} · you are ${group.role === 'facilitator' ? 'a facilitator' : 'a member'}`),
    live, upcomingPlaceholder(group));
  if (group.role === 'facilitator') {
    append(card, [h('div', { class: 'tools' }, h('h3', {}, 'Facilitator tools'),
      h('p', {}, h('a', { href: `#/settings/${encodeURIComponent(group.id)}` }, `Group settings: ${group.name}`)),
      groupInvitations(group.id, group.name))]);
  }
  return card;
}

// Re-read my sessions and redraw each group's sessions in place: the rest of the page (a
// half-filled form, a fresh invitation link) stays as it is. `note`: [groupId, words] to show
// above that group's sessions. Returns whether the page was redrawn.
async function refreshSessions({ force = false, note = null } = {}) {
  let fresh;
  try { fresh = await get('/api/me'); } catch { return false; }
  me = { ...me, groups: fresh.groups };
  let drawn = false;
  for (const group of fresh.groups) {
    const area = main.querySelector(`.group-sessions[data-group="${CSS.escape(group.id)}"]`);
    if (!area) continue;
    const typing = area.contains(document.activeElement) && area.querySelector('form');
    if (typing && !force) continue;
    const wasOpen = Boolean(area.querySelector('details.past-sessions')?.open);
    const told = note && note[0] === group.id;
    area.replaceChildren(...sessionsPart(group, wasOpen, told ? note[1] : null));
    // The control they were using has gone: put them on what replaced it.
    if (typing || told) area.querySelector('a.button, a, summary')?.focus();
    drawn = true;
  }
  return drawn;
}

function adminPanel(admin) {
  const box = errorBox();
  const progName = h('input', { name: 'programme', required: true, maxlength: 120 });
  const progForm = h('form', { class: 'inline' }, labelled('New programme name', progName), submitButton('Create programme'));
  onSubmit(progForm, box, async () => { await post('/api/programmes', { name: progName.value }); await homeScreen(); });
  const programme = h('select', { name: 'programme_id', required: true },
    admin.programmes.map((p) => h('option', { value: p.id }, p.name)));
  const groupName = h('input', { name: 'group', required: true, maxlength: 120 });
  const groupForm = h('form', { class: 'inline' }, labelled('Programme', programme), labelled('New group name', groupName), submitButton('Create group'));
  onSubmit(groupForm, box, async () => {
    await post('/api/groups', { programme_id: programme.value, name: groupName.value });
    await homeScreen();
  });
  const groups = h('ul', { class: 'admin-groups' }, admin.groups.map((g) => h('li', {},
    // No "Open a session" here: an administrator is not in the room, and a session opened for
    // others would stand open in their home pages until someone noticed.
    h('h3', {}, g.name), groupInvitations(g.id, g.name, { admin: true }))));
  // Each programme's lead: invited here; they see its anonymised attendance.
  const programmes = h('ul', { class: 'admin-programmes' }, admin.programmes.map((p) => h('li', {},
    h('h3', {}, `Programme: ${p.name}`),
    h('p', {}, h('a', { href: `#/programme-settings/${encodeURIComponent(p.id)}` }, `Programme settings: ${p.name}`)),
    leadInvitations(p))));
  return h('section', { class: 'card admin', 'aria-labelledby': 'admin-h' },
    h('h2', { id: 'admin-h' }, 'Administration'), box, progForm,
    admin.programmes.length ? groupForm : h('p', { class: 'hint' }, 'Create a programme first, then its groups.'),
    admin.programmes.length ? programmes : null,
    admin.groups.length ? groups : null);
}

async function homeScreen() {
  if (!(await loadMe())) { location.hash = '#/sign-in'; return; }
  const parts = me.groups.length ? me.groups.map(groupCard)
    : [h('p', {}, me.admin
      ? 'You are not a member of any group yourself. As an administrator you set up programmes, groups and invitations below.'
      : 'You are not in any group yet. Ask your facilitator or programme for an invitation.')];
  screen('My groups', ...parts, me.groups.length ? calendarCard() : null, attendanceLinks(me),
    me.admin ? adminPanel(me.admin) : null);
  if (me.groups.length) {
    showUpcoming(main);
    // A scheduled session opening or ending changes its row too ("Open now").
    leaveScreen = watchSessions(() => { refreshSessions(); showUpcoming(main); }).stop;
  }
}

async function roomScreen(sessionId) {
  if (!me && !(await loadMe())) { location.hash = '#/sign-in'; return; }
  screen('Room');
  leaveScreen = openRoom(main, sessionId);
}

// Attendance pages (attendance.js, register.js, lead.js): for signed-in people only.
const SIGNED_IN_PAGES = {
  attendance: (arg) => attendanceScreen(screen, arg),
  certificate: (arg) => certificateScreen(screen, arg),
  register: (arg) => registerScreen(screen, arg),
  lead: (arg) => leadScreen(screen, me, arg),
  settings: (arg) => settingsScreen(screen, me, arg),
  'programme-settings': (arg) => programmeSettingsScreen(screen, arg),
  password: () => passwordScreen(),
  passkeys: () => passkeysScreen(screen),
  session: async (arg) => { leaveScreen = await pastSessionScreen(screen, decodeURIComponent(arg || ''), me.user); },
};

async function signedInPage(name, arg) {
  if (!me && !(await loadMe())) { location.hash = '#/sign-in'; return; }
  await SIGNED_IN_PAGES[name](arg);
}

async function route() {
  const [, name, arg] = location.hash.split('/');
  try {
    if (name === 'invite' && arg) await inviteScreen(arg);
    else if (name === 'sign-in') signInScreen();
    else if (name === 'second-factor') await secondFactorScreen(screen, async () => { await loadMe(); location.hash = '#/'; });
    else if (name === 'room' && arg) await roomScreen(arg);
    else if (name === 'verify') verifyScreen(screen, arg);
    else if (Object.hasOwn(SIGNED_IN_PAGES, name)) await signedInPage(name, arg);
    else await homeScreen();
  } catch (err) {
    screen('Something went wrong', h('p', { class: 'error', role: 'alert' }, err.message));
  }
}

// Back from single sign-on (/sso/callback): finish it, then route as usual.
async function start() {
  if (returningFromSso()) {
    try {
      const { landing, second_factor: secondFactor } = await finishSso();
      location.hash = secondFactor ? '#/second-factor' : landing;
    } catch (err) {
      screen('Single sign-on did not work', h('p', { class: 'error', role: 'alert' }, err.message),
        h('p', {}, h('a', { href: '#/sign-in' }, 'Back to sign in')));
      window.addEventListener('hashchange', route);
      return;
    }
  }
  window.addEventListener('hashchange', route);
  await loadMe().catch(() => {});
  await route();
}

start();
