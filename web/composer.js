// Writing to the group: the message box, the confidentiality guard, language reflection, the
// character count, and a member's two quiet signals (raise a hand, ask for a pause).
//
// The confidentiality guard runs here, in the browser: nothing leaves the device (and nothing
// about a finding is sent or logged) until the sender decides. Pressing Enter again on a
// warned message warns again; only the explicit "Send anyway" sends it. Language reflection,
// when the group has it on, is a note to the sender alone after their message has gone.

import { errorBox, h, showError } from '/static/dom.js';
import { createGuardWarning, createReflectionNote } from '/static/guard_ui.js';


export function createComposer({ onSend, onHand, onPause, known = () => [] }) {
  // Shift+Enter means nothing on a phone's keyboard: there the placeholder only invites.
  const placeholder = matchMedia('(pointer: fine)').matches
    ? 'Write to the group… Enter sends, Shift+Enter starts a new line.' : 'Write to the group…';
  const input = h('textarea', { name: 'message', rows: 2, 'aria-label': 'Your message', placeholder });
  const why = h('p', { class: 'composer-why', hidden: true, id: 'composer-why' });
  const counter = h('span', { class: 'counter hint', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const hand = h('button', { type: 'button', class: 'quiet', hidden: true, 'aria-pressed': 'false' }, 'Raise my hand');
  const pause = h('button', { type: 'button', class: 'quiet', hidden: true }, 'I need a pause');
  const box = errorBox();
  let settings = { enabled: false, extra_terms: [] };
  // The server's limit, from the join acknowledgement; until then the server alone checks.
  let maxChars = Infinity;
  const guard = createGuardWarning({
    input, nothingYet: 'Nothing has been sent.', edit: 'Edit my message', anyway: 'Send anyway',
    onAnyway: () => form.requestSubmit(), known,
  });
  const reflection = createReflectionNote();
  const form = h('form', { class: 'composer' }, why, guard.el, reflection.el,
    h('div', { class: 'composer-row' }, input, send),
    h('div', { class: 'composer-bar' }, h('span', { class: 'signals' }, hand, pause), counter), box);

  function updateCounter() {
    const n = input.value.trim().length;
    counter.textContent = n > maxChars - 500 ? `${n.toLocaleString('en-GB')} / ${maxChars.toLocaleString('en-GB')} characters` : '';
    counter.classList.toggle('over', n > maxChars);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || input.disabled) return;
    if (text.length > maxChars) {
      showError(box, `Your message is ${text.length.toLocaleString('en-GB')} characters; the limit is ${maxChars.toLocaleString('en-GB')}. Please shorten it.`);
      return;
    }
    if (!(await guard.check(text))) return;
    // Changed, or sent already, while the guard waited for its lists: only checked text goes.
    if (input.value.trim() !== text) return;
    showError(box, '');
    reflection.after(text, settings);
    input.value = '';
    updateCounter();
    fit(input);
    onSend(text);
  });
  input.addEventListener('keydown', (event) => enterSends(event, form));
  input.addEventListener('input', () => { updateCounter(); fit(input); });
  hand.addEventListener('click', () => onHand(hand.getAttribute('aria-pressed') !== 'true'));
  pause.addEventListener('click', () => onPause(pause));

  return {
    el: form,
    input,
    error: (message) => showError(box, message),
    /** The server's limits from the join acknowledgement. */
    setLimits(limits) { if (limits?.message_chars) { maxChars = limits.message_chars; updateCounter(); } },
    /** Give back a refused message so nothing is lost. */
    giveBack(text) { if (!input.value.trim()) input.value = text; updateCounter(); },
    /** Why this person cannot write now ('' when they can). */
    block(reason) { blockWriting({ why, input, send, placeholder }, reason); },
    showSignals(show) { hand.hidden = pause.hidden = !show; },
    showHand(show) { hand.hidden = !show; },
    setHand(raised, position) {
      hand.setAttribute('aria-pressed', String(Boolean(raised)));
      hand.textContent = raised ? (position ? `Lower my hand (you are number ${position})` : 'Lower my hand') : 'Raise my hand';
    },
    setReflection(next) {
      settings = next;
      if (!next.enabled) reflection.hide();
    },
  };
}

// Say why the person cannot write now above the box, which then takes nothing ('' lifts it).
function blockWriting({ why, input, send, placeholder }, reason) {
  why.textContent = reason;
  why.hidden = !reason;
  input.disabled = Boolean(reason);
  // A box nobody may write in does not invite writing.
  input.placeholder = reason ? '' : placeholder;
  send.disabled = Boolean(reason);
  if (reason) input.setAttribute('aria-describedby', 'composer-why'); else input.removeAttribute('aria-describedby');
}

// Enter sends; Shift+Enter starts a new line; an Enter that ends an IME composition only ends it.
function enterSends(event, form) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
}

// The box grows with what is written (up to a few lines), then scrolls.
function fit(input) {
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight + 2, 160)}px`;
}
