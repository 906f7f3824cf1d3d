// The confidentiality guard and language reflection as the writer sees them, shared by the chat
// composer (room.js) and the case-notes editor (notes.js).
//
// Both run here, in the browser, on text that has not left it. Nothing about a finding or a
// prompt is sent, stored or logged: the server only ever sees what the writer then chooses to
// send, exactly as they wrote it.

import { append, clear, h } from '/static/dom.js';
import { detect, isReady, ready, reflectLanguage, reflectionPrompt } from '/static/guard.js';

/**
 * A warning shown in place of sending when `text` may identify a patient. The words are the
 * caller's: `nothingYet` ("Nothing has been sent."), `edit` and `anyway` (the two buttons).
 *
 * `check(text)` resolves true when the text may go (no findings, or the writer already chose
 * "anyway" for this exact text); otherwise it shows the findings and resolves false. In the
 * first moments after the page opened the guard's name lists may still be on their way: then it
 * says it is checking and waits for them, never lets the text go unchecked for names. `onAnyway`
 * is called after the writer confirms; it should submit again. Editing the text withdraws both
 * the warning and the confirmation. `known()` gives the names of the people in the room: a
 * group calls its members by name ("Welcome, Tom"), and those are not patients.
 */
export function createGuardWarning({ input, nothingYet, edit: editLabel, anyway, onAnyway, known = () => [] }) {
  const alert = h('div', { class: 'guard', role: 'alert', hidden: true });
  const waiting = h('p', { class: 'hint', role: 'status', hidden: true },
    'Checking for anything that could identify a patient…');
  const el = h('div', {}, waiting, alert);
  let approved = null;
  // Findings index the trimmed text; the field may still hold the spaces before it.
  const leadingSpace = () => input.value.length - input.value.trimStart().length;

  function hide() {
    alert.hidden = true;
  }

  function show(text, findings) {
    clear(alert);
    const edit = h('button', { type: 'button', class: 'primary' }, editLabel);
    edit.addEventListener('click', () => {
      hide();
      input.focus();
      const lead = leadingSpace();
      input.setSelectionRange(findings[0].start + lead, findings[0].end + lead);
    });
    const go = h('button', { type: 'button' }, anyway);
    go.addEventListener('click', () => { approved = text; onAnyway(); });
    append(alert, [
      h('p', {}, h('strong', {}, `This may identify a patient. ${nothingYet}`)),
      h('ul', {}, findings.map((f) => h('li', {}, `${f.label}: `, h('mark', {}, text.slice(f.start, f.end))))),
      h('p', { class: 'hint' }, `Remove or change it, or choose “${anyway}” if you are sure it identifies nobody.`),
      h('div', { class: 'guard-actions' }, edit, ' ', go)]);
    alert.hidden = false;
    // The focus goes back to the text, whatever sent it (Enter in the box, a click on Send, Enter
    // on "Save note"), with the cursor at its end: a second Enter then only warns again (in a
    // note it starts a new line at the end, which withdraws the warning and saves nothing).
    // Sending anyway is its own button, never focused for the writer, so it takes a deliberate
    // click or a Tab to reach. The alert is read out meanwhile.
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  input.addEventListener('input', () => { hide(); approved = null; });

  return {
    el,
    hide,
    async check(text) {
      if (!isReady()) {
        waiting.hidden = false;
        await ready;
        waiting.hidden = true;
      }
      const findings = withoutMembers(text, detect(text), known());
      if (findings.length && approved !== text) { show(text, findings); return false; }
      approved = null;
      hide();
      return true;
    },
  };
}

// A name finding every word of which belongs to someone in the room is dropped; any other
// finding stays. Words compare case-blind and accent-blind, as people type names in a hurry.
function withoutMembers(text, findings, names) {
  const fold = (w) => w.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const words = new Set(names.flatMap((n) => String(n).split(/[\s,.'’-]+/u)).filter(Boolean).map(fold));
  if (!words.size) return findings;
  const ours = (f) => f.kind === 'name' && text.slice(f.start, f.end).split(/[\s'’-]+/u)
    .filter(Boolean).every((w) => words.has(fold(w)));
  return findings.filter((f) => !ours(f));
}

/**
 * The private reflection prompt: after the writer's own message has gone, unchanged, a gentle
 * question if it used a label such as "heartsink". `settings` is the group's
 * {enabled, extra_terms}; when it is off, nothing is looked for.
 */
export function createReflectionNote() {
  // A polite live region that stays on the page, so a screen reader reads the note when it
  // appears; polite, not an alert: it waits its turn and never interrupts.
  const el = h('div', { class: 'reflection-slot', 'aria-live': 'polite' });
  const hide = () => clear(el);

  return {
    el,
    hide,
    after(text, settings) {
      const found = settings && settings.enabled ? reflectLanguage(text, settings.extra_terms || []) : [];
      hide();
      if (!found.length) return;
      const close = h('button', { type: 'button', class: 'small' }, 'Close');
      close.addEventListener('click', hide);
      append(el, [h('div', { class: 'reflection' },
        h('p', {}, reflectionPrompt(found[0].term)),
        h('p', { class: 'hint' }, 'Only you can see this. Your message was sent just as you wrote it.'),
        close)]);
    },
  };
}
