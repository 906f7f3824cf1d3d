// A session's own page (#/session/{id}), reached from "Past sessions" on the home page: its
// title and times, and its case notes panel for as long as the group's policy keeps them.
// The chat is not here: it is deleted when the session ends (or soon after, by the policy).

import { get } from '/static/api.js';
import { formatDate, formatTime, h } from '/static/dom.js';
import { watchSessions } from '/static/home_live.js';
import { mountNotes } from '/static/notes.js';

function when(s) {
  if (!s.ended_at) return `Opened ${formatDate(s.opened_at)}, still open`;
  const sameDay = new Date(s.opened_at * 1000).toDateString() === new Date(s.ended_at * 1000).toDateString();
  return `${formatDate(s.opened_at)} to ${sameDay ? formatTime(s.ended_at) : formatDate(s.ended_at)}`;
}

function dayOnly(unixSeconds) {
  return new Date(unixSeconds * 1000).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * Render the page with `screen(title, ...children)` (app.js) for signed-in `user` ({id,
 * display_name}); returns a function that closes what it opened.
 */
export async function pastSessionScreen(screen, sessionId, user) {
  const s = await get(`/api/sessions/${encodeURIComponent(sessionId)}`);
  const back = h('p', {}, h('a', { href: '#/' }, 'Back to my groups'));
  const about = h('p', { class: 'lead' }, `${s.group_name} · ${when(s)}`);
  if (s.state === 'open') {
    screen(s.title, about, h('p', {}, h('a', { class: 'button primary', href: `#/room/${encodeURIComponent(s.id)}` }, `Enter “${s.title}”`)), back);
    return () => {};
  }
  const now = Date.now() / 1000;
  if (s.notes_until !== null && s.notes_until <= now) {
    screen(s.title, about,
      h('p', {}, `This session’s case notes were deleted on ${dayOnly(s.notes_until)}, ${s.note_days} days after it ended, as your group’s retention policy says.`),
      back);
    return () => {};
  }
  const kept = s.note_days === 0
    ? 'Case notes of this session are deleted at the next clean-up after it ends.'
    : `Case notes are kept until ${dayOnly(s.notes_until)} (${s.note_days} days after the session), then deleted. The conversation itself is not kept here.`;
  const holder = h('div', { class: 'past-notes' });
  screen(s.title, about, h('p', { class: 'hint' }, kept), holder, back);
  // The personal socket brings `notes_changed` (someone gave me access, or deleted a note).
  const live = watchSessions(() => {});
  mountNotes(holder, { sessionId: s.id, groupId: s.group_id, me: user, socket: live.socket });
  return live.stop;
}
