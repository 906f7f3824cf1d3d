// The speaker (output device) everyone's voices play through, chosen beside the microphone and
// camera and remembered in this browser (localStorage: a device id is only meaningful to this
// browser on this site). HTMLMediaElement.setSinkId does the work where the browser has it
// (Chromium, Edge, Firefox 116+); elsewhere the picker is hidden and a line says why.

import { clear, h } from '/static/dom.js';

const KEY = 'balint.speaker'; // {id, label}: the label finds the device again if its id changed
export const CAN_CHOOSE = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

function remembered() {
  try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch { return null; }
}

export class SpeakerChoice {
  constructor() {
    this.select = h('select', { 'aria-label': 'Speaker' });
    this.note = h('p', { class: 'hint' }, 'This browser cannot choose the speaker: sound plays through your computer’s default. Change it in the computer’s sound settings.');
    this.el = CAN_CHOOSE ? h('label', { class: 'device' }, 'Speaker', this.select) : this.note;
    this.players = new Set(); // audio elements playing someone's voice
    this.deviceId = '';
    this.select.addEventListener('change', () => this.choose(this.select.value));
  }

  // The outputs enumerateDevices lists (with labels once the microphone was allowed).
  fill(devices) {
    if (!CAN_CHOOSE) return;
    const outputs = devices.filter((d) => d.kind === 'audiooutput');
    const wanted = remembered();
    const found = outputs.find((d) => d.deviceId === wanted?.id) || outputs.find((d) => wanted?.label && d.label === wanted.label);
    this.deviceId = found ? found.deviceId : '';
    clear(this.select);
    outputs.forEach((d, i) => this.select.append(h('option', { value: d.deviceId, selected: d.deviceId === this.deviceId },
      d.label || `Speaker ${i + 1}`)));
    this.el.hidden = !outputs.length;
    this.applyAll();
  }

  choose(deviceId) {
    this.deviceId = deviceId;
    const option = [...this.select.options].find((o) => o.value === deviceId);
    try { localStorage.setItem(KEY, JSON.stringify({ id: deviceId, label: option?.textContent || '' })); } catch { /* private mode: this page only */ }
    this.applyAll();
  }

  // A new voice plays through the chosen speaker too.
  play(audio) {
    this.players.add(audio);
    this.apply(audio);
  }

  forget(audio) { this.players.delete(audio); }

  apply(audio) {
    if (CAN_CHOOSE && this.deviceId && audio.sinkId !== this.deviceId) audio.setSinkId(this.deviceId).catch(() => {});
  }

  applyAll() { for (const audio of this.players) this.apply(audio); }
}
