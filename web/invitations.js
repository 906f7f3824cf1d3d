// Invitations as their senders see them: a form to make a link (for a member, a co-facilitator
// or a programme lead), and the open invitations listed with role, who each is for and when it
// expires, each with *Revoke*. Links made on this page stay on show beside their row (the
// server keeps only a hash, so a link cannot be shown again after a reload).

import { call, get, post } from '/static/api.js';
import { append, clear, errorBox, h, labelled, onSubmit, showError } from '/static/dom.js';
import { confirmDialog } from '/static/dialogs.js';
import { shortLondon } from '/static/when.js';

const ROLE_WORDS = { member: 'Member (trainee)', facilitator: 'Facilitator', lead: 'Programme lead' };

function roleOf(inv) {
  return inv.kind === 'lead' ? 'lead' : inv.role;
}

function linkOutput(link, name) {
  const out = h('input', { readonly: true, value: link, class: 'link-out', 'aria-label': `Invitation link ${name}` });
  const copy = h('button', {
    type: 'button',
    'aria-label': `Copy the invitation link ${name}`,
    onclick: async () => {
      out.select();
      try { await navigator.clipboard.writeText(link); copy.textContent = 'Copied'; } catch { /* selection remains */ }
    },
  }, 'Copy');
  return h('div', { class: 'link-row' }, out, copy);
}

// One open invitation: what it is for, when it expires, its link if made on this page, Revoke.
function invitationRow(inv, { made, status, list, form, listBox, refresh }) {
  const what = ROLE_WORDS[roleOf(inv)] || inv.role;
  const who = inv.label ? `for ${inv.label}` : '(no name given)';
  const name = `${what}, ${who}`;
  const revoke = h('button', { type: 'button', class: 'small danger', 'aria-label': `Revoke the invitation: ${name}` }, 'Revoke');
  revoke.addEventListener('click', async () => {
    const yes = await confirmDialog({
      title: 'Revoke this invitation?',
      body: [`${what}, ${who}: the link will stop working at once.`,
        'Anyone who opens it will be told it was withdrawn and to ask you for a new one.'],
      confirm: 'Revoke the link', cancel: 'Keep it', danger: true,
    });
    if (!yes) return;
    try {
      await call('DELETE', `/api/invitations/${encodeURIComponent(inv.id)}`);
      made.delete(inv.id);
      status.textContent = `Revoked: ${name}.`;
      await refresh();
      (list.querySelector('button') || form.querySelector('button[type=submit]')).focus();
    } catch (err) {
      showError(listBox, err.message);
    }
  });
  const link = made.get(inv.id);
  return h('li', { class: 'invitation' },
    h('p', { class: 'what' }, h('strong', {}, what), ` ${who}`),
    h('p', { class: 'hint' }, `Expires ${shortLondon(inv.expires_at)}`, inv.created_by ? ` · made by ${inv.created_by}` : ''),
    link ? [h('p', { class: 'hint' }, 'Send this single-use link privately to the person you invite:'), linkOutput(link, name)] : null,
    h('p', { class: 'row-actions' }, revoke));
}

// roles: [[value, words], ...] for a group, or null for a programme's lead invitations.
export function invitationsPanel({ listUrl, createUrl, roles, context, heading = 'Invitations', level = 'h3',
  hint = 'A reminder for you and the other facilitators, such as a first name. The person invited does not see it.' }) {
  const made = new Map(); // invitation id -> link, for links made on this page
  const box = errorBox();
  const listBox = errorBox();
  const status = h('p', { class: 'hint', role: 'status' });
  const list = h('ul', { class: 'invitation-list', 'aria-label': `Open invitations, ${context}` });
  const label = h('input', { name: 'label', maxlength: 80, autocomplete: 'off' });
  const role = roles ? h('select', { name: 'role' }, roles.map(([value, words]) => h('option', { value }, words))) : null;
  const form = h('form', { class: 'inline invite-form' },
    role ? labelled('Invite a', role) : null,
    labelled('Who it is for (optional)', label, hint),
    h('button', { type: 'submit', class: 'primary' }, roles ? 'Create invitation link' : 'Create a programme lead invitation'),
    box);

  async function refresh() {
    showError(listBox, '');
    let rows;
    try {
      rows = await get(listUrl);
    } catch (err) {
      showError(listBox, err.message);
      return;
    }
    clear(list);
    if (!rows.length) {
      append(list, [h('li', { class: 'hint empty' }, 'No open invitations. Links that were used, revoked or have expired are not listed.')]);
      return;
    }
    append(list, rows.map((inv) => invitationRow(inv, { made, status, list, form, listBox, refresh })));
  }

  onSubmit(form, box, async () => {
    const body = { label: label.value };
    if (role) body.role = role.value;
    const result = await post(createUrl, body);
    made.set(result.invitation.id, result.link);
    label.value = '';
    await refresh();
    status.textContent = 'Invitation link created. It is at the top of the list.';
    list.querySelector('input.link-out')?.focus();
  });
  refresh();
  return h('section', { class: 'invitations' }, h(level, {}, heading), form, status, listBox, list);
}

// For a group: members and co-facilitators (an administrator invites "a facilitator").
export function groupInvitations(groupId, groupName, { admin = false } = {}) {
  const gid = encodeURIComponent(groupId);
  return invitationsPanel({
    level: 'h4', // under "Facilitator tools" or the group's name in the admin panel
    listUrl: `/api/groups/${gid}/invitations`, createUrl: `/api/groups/${gid}/invitations`, context: groupName,
    roles: [['member', 'Member (trainee)'],
      ['facilitator', admin ? 'Facilitator or co-facilitator' : 'Co-facilitator (same controls as you)']],
  });
}

export function leadInvitations(programme) {
  const pid = encodeURIComponent(programme.id);
  return invitationsPanel({
    listUrl: `/api/programmes/${pid}/invitations`, createUrl: `/api/programmes/${pid}/invitations`,
    context: `programme leads of ${programme.name}`, roles: null, heading: 'Invite a programme lead', level: 'h4',
    hint: 'A reminder for the administrators, such as a name and role. The person invited does not see it.',
  });
}
