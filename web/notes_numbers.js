// "Compare safety numbers": the same pins sealing uses, with the server's current list beside
// them, opened on demand (web/note_keys.js renders them and records verification).

import { get } from '/static/api.js';
import { h, showError } from '/static/dom.js';
import { renderNumbers } from '/static/note_keys.js';

/** The fold-out; `onChange` runs after a key is verified or accepted. */
export function createCompare(panel, onChange) {
  const compare = h('details', { class: 'compare' }, h('summary', {}, 'Compare safety numbers'),
    h('p', { class: 'hint' }, 'Your notes are sealed only to the keys listed here. To be sure nobody has slipped in a key of their own, compare these numbers with each person, face to face or on a call, and mark them verified. They change only when someone makes a new key.'),
    panel.numbers);
  async function show() {
    try {
      const data = await get(panel.path.keys);
      await renderNumbers(panel.numbers, { pins: panel.state.pins, identity: panel.state.identity,
        members: data.members, me: panel.me, onChange: async () => { await show(); await onChange(); } });
    } catch (err) {
      showError(panel.box, err.message);
    }
  }
  compare.addEventListener('toggle', () => { if (compare.open) show(); });
  return compare;
}
