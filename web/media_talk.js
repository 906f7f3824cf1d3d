// Push-to-talk, for groups whose setting says "only the speaker unmutes" (server/group_settings.py):
// a member's microphone sends only while they hold the Space bar, or hold the on-screen
// "Hold to talk" button (a phone; a mouse). Someone who cannot hold a key presses the button
// with Enter instead: it then stays on until they press it again.
//
// Space never talks while the focus is in a text field (it types a space there) or a dialog is
// open; anywhere else on the room's page it is taken for talking, so a button that happens to
// have the focus (after a click, say) is not pressed by it. Enter still presses buttons.
// Letting go of the window (another tab, another program) stops talking: its key-up is lost.

import { h } from '/static/dom.js';

const TYPING = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
const HOLD_LABEL = 'Hold to talk';
const LATCHED_LABEL = 'Talking: press again to stop';

export class HoldToTalk {
  constructor(changed) {
    this.changed = changed; // () => void, whenever `holding` may have changed
    this.enabled = false;
    this.key = false; this.pointer = false; this.latched = false;
    this.button = h('button', { type: 'button', class: 'hold-to-talk', hidden: true }, HOLD_LABEL);
    this.listeners = [
      [window, 'keydown', (e) => this.keydown(e), true],
      [window, 'keyup', (e) => this.keyup(e), true],
      [window, 'blur', () => this.release(), false],
      [document, 'visibilitychange', () => { if (document.hidden) this.release(); }, false],
    ];
    for (const [target, type, fn, capture] of this.listeners) target.addEventListener(type, fn, capture);
    const b = this.button;
    b.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      b.setPointerCapture?.(e.pointerId);
      this.set('pointer', true);
    });
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) b.addEventListener(type, () => this.set('pointer', false));
    b.addEventListener('contextmenu', (e) => e.preventDefault()); // a long press on a phone
    // detail 0: pressed from the keyboard (Enter), where holding is not possible.
    b.addEventListener('click', (e) => { if (e.detail === 0) this.set('latched', !this.latched); });
  }

  get holding() { return this.enabled && (this.key || this.pointer || this.latched); }

  enable(on) {
    if (this.enabled === on) return;
    this.enabled = on;
    this.button.hidden = !on;
    this.release();
  }

  set(which, value) {
    if (this[which] === value) return;
    this[which] = value;
    this.button.textContent = this.latched ? LATCHED_LABEL : HOLD_LABEL;
    this.button.classList.toggle('holding', this.holding);
    if (this.enabled) this.changed();
  }

  release() {
    for (const which of ['key', 'pointer', 'latched']) this.set(which, false);
  }

  takesSpace(e) {
    if (!this.enabled || e.code !== 'Space' || e.ctrlKey || e.altKey || e.metaKey) return false;
    const at = e.target instanceof Element ? e.target : null;
    if (at && at.closest(TYPING)) return false;
    return !document.querySelector('dialog[open], [role="dialog"]:not([hidden])');
  }

  keydown(e) {
    if (!this.takesSpace(e)) return;
    e.preventDefault();
    if (!e.repeat) this.set('key', true);
  }

  keyup(e) {
    if (e.code !== 'Space' || !this.key) return;
    e.preventDefault();
    this.set('key', false);
  }

  detach() {
    for (const [target, type, fn, capture] of this.listeners) target.removeEventListener(type, fn, capture);
    this.enabled = false;
  }
}
