// Voice and video in the room: the bar (join with microphone, mute, camera, devices, the
// microphone test) and a tile for each person with voice on. The connections themselves live
// in media_mesh.js; this module applies the group's rules to them.
//
// The rules, kept by this page since in a mesh the server cannot (docs/protocol.md):
// - during the discussion the presenter's page sends no sound and no picture at all (their
//   tracks are replaced by none), and every page silences the presenter then too;
// - a facilitator can turn a member's microphone off; only the member turns it on again;
// - when someone leaves the room or is removed, every page closes its connection to them at
//   once, and a removed person's or an ended session's page closes all of its own;
// - where the group chose "only the speaker unmutes", a member's microphone sends only while
//   they hold Space or the "Hold to talk" button (web/media_talk.js); facilitators are free.
// Nothing is recorded, anywhere: there is no recording feature, and the page says so.

import { clear, h } from '/static/dom.js';
import { Mesh } from '/static/media_mesh.js';
import { QualityControl } from '/static/media_quality.js';
import { SpeakerChoice } from '/static/media_speaker.js';
import { HoldToTalk } from '/static/media_talk.js';

const STATS_EVERY_MS = 500;
// How long a working call is kept with someone the server no longer lists (their socket
// dropped, or the server restarted): longer than a restart, shorter than anyone would mind.
const AWAY_MS = 30_000;
const SPEAKING_LEVEL = 0.02;
// The camera gives at most 640x360 at 24 frames a second; what is sent is sized to the group
// and the network by media_quality.js (smaller as the mesh grows: each person sends one copy
// to each other person).
const VIDEO = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 24 } };

const PROBLEMS = {
  NotAllowedError: 'Your browser did not let Balint Rooms use the {what}. To be heard, allow the {what} for this site (the padlock or camera icon beside the address), then press “Join with microphone” again. Meanwhile you can listen and use the chat.',
  NotFoundError: 'No {what} was found on this computer. Plug one in, then press “Join with microphone” again. Meanwhile you can listen and use the chat.',
  NotReadableError: 'Your {what} is in use by another program or blocked by the system. Close the other program, then try again.',
  turn_refused: 'The voice relay refused this room’s pass (it may have expired, or the relay is set up differently from the room). Reload the page to get a new pass; if it happens again, tell your facilitator: the TURN settings need checking.',
  turn_expired: 'Voice could not connect through the relay: the connection pass had already expired, and a new one did not help. Reload the page to try again; if it happens again, tell your facilitator (the relay’s clock or settings need checking). Meanwhile you can use the chat.',
  failed: 'Voice could not connect to {name}. The network between you may be blocking it; reloading the page tries again.',
};

function problemText(code, words) {
  const text = PROBLEMS[code] || PROBLEMS.NotReadableError;
  return text.replaceAll('{what}', words.what || 'microphone').replaceAll('{name}', words.name || 'someone');
}

export function createMedia({ socket, sessionId, me, facilitating, act, pushToTalk = false }) {
  const media = new RoomMedia({ socket, sessionId, me, facilitating, act });
  media.setPushToTalk(pushToTalk);
  // What getStats says of each connection, for the browser tests and `make bench-media`.
  window.balintMedia = { stats: () => media.stats() };
  return media;
}

class RoomMedia {
  constructor({ socket, sessionId, me, facilitating, act }) {
    Object.assign(this, { socket, sessionId, me, facilitating, act });
    this.on = false; // voice turned on on this page
    this.mic = null; this.cam = null; // the local tracks, when we have them
    this.micWanted = false; this.camWanted = false;
    this.members = new Map(); // user id -> display name, of those present
    this.flow = null; this.hands = [];
    this.pushToTalk = false; // the group's "only the speaker unmutes"
    this.talk = new HoldToTalk(() => this.held());
    this.remote = new Map(); // user id -> {audio, video, state, level}
    this.tileEls = new Map(); // user id -> its tile
    this.retries = new Map(); // user id -> failed connections to them so far
    this.mesh = new Mesh({ me: me.id, signal: (to, kind, extra) => this.send(to, kind, extra),
      events: {
        track: (userId, track) => this.gotTrack(userId, track),
        closed: (userId) => this.dropTile(userId),
        state: (userId, state) => {
          const r = this.remoteOf(userId);
          r.state = state;
          if (state?.mic) r.silenced = false; // they turned it on again themselves
          this.render();
        },
        problem: (code, userId) => this.problem(code, userId),
        connection: (userId, state) => this.connection(userId, state),
      } });
    this.quality = new QualityControl({ connections: () => [...this.mesh.peers.values()].map((p) => p.pc),
      captureHeight: () => this.cam?.getSettings().height || 360 });
    this.build();
  }

  build() {
    this.status = h('p', { class: 'media-status', role: 'status' });
    this.joinMic = h('button', { type: 'button', class: 'primary' }, 'Join with microphone');
    this.joinCam = h('button', { type: 'button', class: 'quiet' }, 'Join with microphone and camera');
    this.test = h('button', { type: 'button', class: 'quiet' }, 'Test my microphone');
    // Each names what it does next (no aria-pressed as well: "Turn ... on, pressed" confuses).
    this.micButton = h('button', { type: 'button' });
    this.camButton = h('button', { type: 'button', class: 'quiet' });
    this.leaveButton = h('button', { type: 'button', class: 'quiet' }, 'Leave voice');
    this.muteAll = this.facilitating ? h('button', { type: 'button', class: 'quiet' }, 'Turn everyone’s microphone off') : null;
    this.meter = h('meter', { min: '0', max: '1', value: '0', 'aria-label': 'Your microphone level' });
    this.micPick = h('select', { 'aria-label': 'Microphone' });
    this.camPick = h('select', { 'aria-label': 'Camera' });
    this.speaker = new SpeakerChoice();
    this.tiles = h('ul', { class: 'tiles', 'aria-label': 'Voice and video' });
    this.sounds = h('div', { class: 'sounds', hidden: true }); // everyone's audio elements
    this.before = h('div', { class: 'media-join' }, this.joinMic, this.joinCam, this.test);
    this.during = h('div', { class: 'media-controls', hidden: true }, this.talk.button, this.micButton, this.camButton, this.muteAll, this.leaveButton);
    this.devices = h('details', { class: 'media-devices', hidden: true },
      h('summary', {}, 'Microphone, camera, speaker and sound test'),
      h('label', { class: 'device' }, 'Microphone', this.micPick), h('label', { class: 'device' }, 'Camera', this.camPick),
      this.speaker.el, this.meter);
    const controls = h('div', { class: 'media-side' },
      h('p', { class: 'hint media-intro' }, 'Voice and video go directly between the people in this room, encrypted. ',
        h('strong', {}, 'Nothing is recorded.')),
      this.before, this.during, this.devices, this.status);
    this.el = h('section', { class: 'media', 'aria-label': 'Voice and video' }, controls, this.tiles, this.sounds);
    this.joinMic.addEventListener('click', () => this.join(false));
    this.joinCam.addEventListener('click', () => this.join(true));
    this.test.addEventListener('click', () => this.testMic());
    this.micButton.addEventListener('click', () => this.setMic(!this.micWanted));
    this.camButton.addEventListener('click', () => this.setCamera(!this.camWanted));
    this.leaveButton.addEventListener('click', () => this.leave());
    this.muteAll?.addEventListener('click', () => this.askMute(null));
    this.micPick.addEventListener('change', () => this.switchDevice('audio', this.micPick.value));
    this.camPick.addEventListener('change', () => this.switchDevice('video', this.camPick.value));
    listenTo(this);
    this.render();
  }

  say(text, isError = false) {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
  }

  send(to, kind, extra = {}) {
    this.socket.emit('media_signal', { session_id: this.sessionId, to, peer: this.mesh.page, kind, ...extra });
  }

  // ---- what the room tells us ----
  setIce(media) { this.mesh.setIce(media); this.scheduleRefresh(media); }

  scheduleRefresh(media) {
    clearTimeout(this.refreshTimer);
    if (!media || !media.refresh_in) return;
    this.refreshTimer = setTimeout(() => this.renewPass(), media.refresh_in * 1000);
  }

  // A fresh relay pass: before the last expires, and when the server changed the relay's
  // secret (someone was removed, a session ended) so that passes made before are refused.
  async renewPass() {
    const fresh = await this.act('media_credentials', {});
    if (fresh) this.setIce(fresh);
  }

  // Who is present. Someone missing from the list may only have lost their link to the
  // server (a blip, a server restart) while the call between us still flows peer to peer: a
  // working connection is kept for a while, one that is not is closed. A removed person's
  // connections close at once (`removedPeer`), and one who left closes theirs.
  setPresence(members) {
    const before = this.members;
    this.members = new Map(members.map((m) => [m.user_id, m.display_name]));
    // Someone back (their page joined again) to whom ours has no working connection: hello,
    // as their page may still believe in one that broke at our end, and so not call us.
    if (this.on) this.mesh.greet([...this.members.keys()].filter((id) => !before.has(id)));
    for (const userId of this.mesh.connected) {
      if (this.members.has(userId)) continue;
      if (this.mesh.state(userId) !== 'connected') this.mesh.close(userId, false);
      else setTimeout(() => { if (!this.members.has(userId)) this.mesh.close(userId, false); }, AWAY_MS);
    }
    this.render();
  }

  removedPeer(userId) {
    this.members.delete(userId);
    this.mesh.close(userId, false);
  }

  setFlow(flow) {
    const wasListening = this.listening;
    this.flow = flow;
    if (this.listening !== wasListening) {
      this.apply();
      if (this.listening) this.say('You are listening while the group discusses your case: your microphone and camera are off. They come back when the facilitator invites you back.');
      else if (wasListening) this.say('Welcome back: your microphone is on again.');
    }
    this.render();
  }

  setHands(hands) { this.hands = hands || []; this.render(); }

  // The room was joined again (after a dropped connection or a server restart), with a fresh
  // relay pass: the calls that still work go on peer to peer; any that broke meanwhile (their
  // messages could not reach us) is made again, and the tries start afresh.
  rejoined(media) {
    this.setIce(media);
    this.retries.clear();
    if (this.on) this.mesh.greet([...this.members.keys()]);
  }

  // ---- push-to-talk ("only the speaker unmutes") ----
  // Facilitators are not bound by it: they open, close and hold the floor.
  get bound() { return this.pushToTalk && !this.facilitating; }

  setPushToTalk(enabled) {
    if (this.pushToTalk === enabled) return;
    this.pushToTalk = enabled;
    // Either way the microphone starts off: no one is suddenly heard when the rule is lifted.
    if (!this.facilitating) this.micWanted = false;
    this.talk.enable(this.bound && this.on);
    if (this.on && this.facilitating) this.say(enabled ? 'Push-to-talk is on for members. As a facilitator, your microphone works as usual.' : 'Push-to-talk is off for everyone.');
    else if (this.on) this.say(enabled ? this.talkHint() : 'Push-to-talk is off: press “Turn my microphone on” to speak.');
    this.apply();
    this.render();
  }

  talkHint() {
    if (matchMedia('(pointer: coarse)').matches) return 'In this group only the speaker unmutes: press and hold “Hold to talk” while you speak.';
    return 'In this group only the speaker unmutes: hold Space to talk (or hold “Hold to talk”). Space types as usual in the message box.';
  }

  held() {
    if (this.talk.holding && this.listening) this.say('You are listening while the group discusses your case: your microphone stays off until the facilitator invites you back.');
    this.apply();
    this.render();
  }

  get listening() {
    const f = this.flow;
    return Boolean(f && f.presenter_user_id === this.me.id && !f.presenter_may_post);
  }

  presenterListening(userId) {
    const f = this.flow;
    return Boolean(f && f.presenter_user_id === userId && !f.presenter_may_post);
  }

  // ---- joining, the microphone and the camera ----
  async join(withCamera) {
    this.joinMic.disabled = this.joinCam.disabled = true;
    this.say('Asking your browser for the microphone…');
    await this.openMic();
    if (withCamera) await this.openCamera();
    this.on = true;
    this.micWanted = Boolean(this.mic) && !this.bound;
    this.camWanted = Boolean(this.cam);
    this.talk.enable(this.bound);
    await this.apply();
    if (this.mic) this.say(this.listening ? 'You are listening while the group discusses your case.' : (this.bound ? this.talkHint() : 'Your microphone is on.'));
    this.mesh.greet([...this.members.keys()]);
    this.fillDevices();
    this.render();
  }

  async openMic(deviceId) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true });
      this.mic?.stop();
      this.mic = stream.getAudioTracks()[0];
      this.watchLevel();
      return true;
    } catch (err) {
      this.say(problemText(err.name, { what: 'microphone' }), true);
      return false;
    } finally { this.joinMic.disabled = this.joinCam.disabled = false; }
  }

  async openCamera(deviceId) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: deviceId ? { ...VIDEO, deviceId: { exact: deviceId } } : VIDEO });
      this.cam?.stop();
      this.cam = stream.getVideoTracks()[0];
      return true;
    } catch (err) {
      this.say(problemText(err.name, { what: 'camera' }), true);
      return false;
    }
  }

  async testMic() {
    if (!this.mic && !(await this.openMic())) return;
    this.devices.hidden = false;
    this.devices.open = true;
    this.fillDevices();
    this.say('Speak: if the bar moves, your microphone works. Nobody hears you until you join.');
  }

  async setMic(on, why = null) {
    if (on && !this.mic && !(await this.openMic())) return;
    this.micWanted = on;
    this.say(why || (on ? (this.listening ? 'Your microphone comes back on when the facilitator invites you back.' : 'Your microphone is on.') : 'Your microphone is off.'));
    this.render();
    await this.apply();
  }

  async setCamera(on) {
    if (on && !this.cam && !(await this.openCamera())) return;
    this.camWanted = on;
    if (!on && this.cam) { this.cam.stop(); this.cam = null; } // the camera's light goes out
    await this.apply();
    this.render();
  }

  // Is this page's sound going out? What the person chose (or holds) and the rules allow.
  get speaking() {
    return this.on && !this.listening && (this.bound ? this.talk.holding : this.micWanted);
  }

  // Send what the person chose and the rules allow; nothing at all otherwise.
  async apply() {
    const audio = this.speaking ? this.mic : null;
    const video = this.on && this.camWanted && !this.listening ? this.cam : null;
    await this.mesh.setLocal('audio', audio);
    await this.mesh.setLocal('video', video);
    this.quality.run(Boolean(video));
    if (this.on) this.mesh.tellAll('state', { state: { mic: Boolean(audio), camera: Boolean(video) } });
    this.selfVideo(video);
  }

  async switchDevice(kind, deviceId) {
    if (kind === 'audio') await this.openMic(deviceId); else await this.openCamera(deviceId);
    await this.apply();
  }

  async fillDevices() {
    let list = [];
    try { list = await navigator.mediaDevices.enumerateDevices(); } catch { return; }
    for (const [select, kind] of [[this.micPick, 'audioinput'], [this.camPick, 'videoinput']]) {
      const current = (kind === 'audioinput' ? this.mic : this.cam)?.getSettings().deviceId;
      clear(select);
      list.filter((d) => d.kind === kind).forEach((d, i) => select.append(h('option', { value: d.deviceId, selected: d.deviceId === current }, d.label || `${kind === 'audioinput' ? 'Microphone' : 'Camera'} ${i + 1}`)));
      select.parentElement.hidden = !select.options.length;
    }
    this.speaker.fill(list);
  }

  // The level of one's own microphone: the test bar, and the "speaking" light on one's tile.
  watchLevel() {
    this.levelContext?.close();
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(new MediaStream([this.mic])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    this.levelContext = context;
    clearInterval(this.levelTimer);
    this.levelTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const level = Math.min(1, Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length) * 4);
      this.meter.value = level;
      this.selfLevel = this.speaking ? level : 0;
    }, 200);
  }

  leave() {
    this.on = false;
    this.talk.enable(false);
    this.mesh.closeAll(true);
    this.stopLocal();
    this.say('You left voice and video. You can still read and write.');
    this.render();
  }

  stopLocal() {
    this.mic?.stop(); this.cam?.stop();
    this.mic = this.cam = null;
    this.micWanted = this.camWanted = false;
    clearInterval(this.levelTimer);
    this.levelContext?.close(); this.levelContext = null;
  }

  // Removed, session ended, page left: every connection closes and the devices are let go.
  close() {
    this.on = false;
    clearTimeout(this.refreshTimer);
    clearInterval(this.statsTimer);
    this.quality.run(false);
    this.talk.detach();
    this.mesh.closeAll(false);
    this.stopLocal();
    this.el.remove();
  }

  // ---- a facilitator's controls ----
  async askMute(userId) {
    const done = await this.act('mute_microphones', userId ? { user_id: userId } : {});
    if (done && !userId) this.say(`Asked ${done.muted === 1 ? 'one person' : `${done.muted} people`} to turn their microphone off. Each turns it on again themselves.`);
  }

  menuItems(m) {
    return this.remote.has(m.user_id) ? [{ label: 'Turn their microphone off', run: () => this.askMute(m.user_id) }] : [];
  }

  mutedBy(by) {
    if (this.bound) { this.talk.release(); this.say(`${by} asked you to stop talking. Hold Space when you want to speak again.`); return; }
    this.setMic(false, `${by} turned your microphone off. Press “Turn my microphone on” when you want to speak.`);
  }

  // A facilitator turned these people's microphones off: play none of them until each says
  // they turned theirs on again, so a page that ignored the request is still not heard here.
  silence(userIds) {
    for (const userId of userIds) if (userId !== this.me.id && this.remote.has(userId)) this.remote.get(userId).silenced = true;
    this.render();
  }

  // ---- other people's sound and pictures ----
  remoteOf(userId) {
    if (!this.remote.has(userId)) this.remote.set(userId, { audio: null, video: null, state: null, level: 0 });
    return this.remote.get(userId);
  }

  gotTrack(userId, track) {
    const r = this.remoteOf(userId);
    if (track.kind === 'audio') {
      if (!r.audio) { r.audio = h('audio', { autoplay: true }); this.sounds.append(r.audio); this.speaker.play(r.audio); }
      r.audio.srcObject = new MediaStream([track]);
    } else {
      r.video = r.video || h('video', { autoplay: true, playsinline: true, muted: true });
      r.video.srcObject = new MediaStream([track]);
    }
    this.watchStats();
    this.render();
  }

  dropTile(userId) {
    const r = this.remote.get(userId);
    if (r?.audio) this.speaker.forget(r.audio);
    if (r) { r.audio?.remove(); r.video?.remove(); if (r.audio) r.audio.srcObject = null; if (r.video) r.video.srcObject = null; }
    this.remote.delete(userId);
    this.tileEls.get(userId)?.remove();
    this.tileEls.delete(userId);
    if (this.quality.timer) this.quality.update(); // a smaller group: a larger picture
    this.render();
  }

  connection(userId, state) {
    // Someone who left: their page closed its side, so ours stops working soon after.
    if (['disconnected', 'failed'].includes(state) && !this.members.has(userId)) { this.mesh.close(userId, false); return; }
    if (state === 'failed') this.retry(userId);
    if (state === 'connected' && this.status.classList.contains('error')) this.say('');
    if (state === 'connected') { this.retries.delete(userId); this.renewedPass = false; this.apply(); }
  }

  // A connection that failed (a network blip, a starved computer) is called again, a few
  // times, while both people are still here; then the page says so in words.
  retry(userId) {
    const tries = (this.retries.get(userId) || 0) + 1;
    this.retries.set(userId, tries);
    if (tries > 3) { this.say(problemText('failed', { name: this.members.get(userId) }), true); return; }
    setTimeout(() => {
      const here = this.members.has(userId); // or they left meanwhile: only close
      if (here && !this.on) return;
      this.mesh.close(userId, false);
      if (here) this.mesh.greet([userId]);
    }, 1000 * tries);
  }

  problem(code, userId) {
    if (code === 'turn_refused') this.relayRefused();
    else if (code === 'negotiation') this.say(problemText('failed', { name: this.members.get(userId) }), true);
  }

  // The relay refused our pass (coturn's 401: expired, or a secret it no longer has). Every
  // connection reports it; the first report asks the room for a fresh pass and calls everyone
  // again as a new page, once. Only a refusal after that is told, in words.
  async relayRefused() {
    if (this.renewing) return;
    if (this.renewedPass) { this.say(problemText(passExpired(this.mesh.config) ? 'turn_expired' : 'turn_refused', {}), true); return; }
    this.renewing = this.renewedPass = true;
    try {
      await this.renewPass();
      if (this.on) this.mesh.renew([...this.members.keys()]);
    } finally { this.renewing = false; }
  }

  // The speaking lights, from what each connection receives.
  watchStats() {
    if (this.statsTimer) return;
    this.statsTimer = setInterval(async () => {
      const all = await this.mesh.stats();
      for (const [userId, s] of Object.entries(all)) if (this.remote.has(userId)) this.remote.get(userId).level = s.audioLevel;
      this.render();
    }, STATS_EVERY_MS);
  }

  stats() { return this.mesh.stats(); }

  selfVideo(track) {
    if (!track) { this.ownVideo?.remove(); this.ownVideo = null; return; }
    this.ownVideo = this.ownVideo || h('video', { autoplay: true, playsinline: true, muted: true });
    this.ownVideo.srcObject = new MediaStream([track]);
  }

  render() {
    this.before.hidden = this.on;
    this.during.hidden = !this.on;
    this.devices.hidden = !this.on && !this.mic;
    // While the presenter listens both are off whatever they chose: the buttons then say what
    // happens on their return, not "Turn my microphone off" beside a microphone already off.
    const when = this.listening ? ' when I come back' : '';
    const label = (wanted, what) => (wanted ? `${this.listening ? 'Keep' : 'Turn'} my ${what} off${when}`
      : `Turn my ${what} on${when}`);
    this.micButton.textContent = label(this.micWanted, 'microphone');
    this.micButton.hidden = this.bound; // held, not switched
    this.camButton.textContent = label(this.camWanted, 'camera');
    renderTiles(this);
  }
}

// Whether the pass we hold was out of date by this computer's clock (its username starts
// with its expiry, in Unix seconds: server/actions/media.py).
function passExpired(config) {
  const expiry = Number(String(config.iceServers?.[0]?.username || '').split(':')[0]);
  return Boolean(expiry) && expiry * 1000 <= Date.now();
}

function listenTo(media) {
  const mine = (handler) => (d) => { if (d && d.session_id === media.sessionId) handler(d); };
  media.socket.on('media_signal', mine((d) => { if (media.on) media.mesh.handle(d); }));
  media.socket.on('microphone_muted', mine((d) => media.mutedBy(d.by)));
  media.socket.on('microphones_muted', mine((d) => media.silence(d.user_ids || [])));
  media.socket.on('media_credentials_renew', mine(() => media.renewPass()));
  media.socket.on('media_removed', mine((d) => media.removedPeer(d.user_id)));
}

function renderTiles(media) {
  const tiles = [];
  if (media.on) tiles.push(tile(media, media.me.id, 'You', {
    mic: media.speaking, camera: Boolean(media.ownVideo), level: media.selfLevel || 0, video: media.ownVideo,
    listening: media.listening, hold: media.bound && !media.speaking,
  }));
  for (const [userId, r] of media.remote) {
    const listening = media.presenterListening(userId);
    // Honest clients keep the rule on what they receive: the presenter is silent in discussion.
    if (r.audio) r.audio.muted = listening || Boolean(r.silenced);
    tiles.push(tile(media, userId, media.members.get(userId) || 'Someone', {
      mic: (r.state ? r.state.mic : true) && !listening && !r.silenced, camera: Boolean(r.state?.camera) && !listening,
      level: listening ? 0 : r.level, video: r.video, listening,
    }));
  }
  const keep = new Set(tiles);
  for (const li of [...media.tiles.children]) if (!keep.has(li)) li.remove();
  tiles.forEach((li, i) => { if (media.tiles.children[i] !== li) media.tiles.insertBefore(li, media.tiles.children[i] || null); });
}

// One person's tile. Its parts are kept and only changed when they differ: a playing video
// moved about the page would stutter.
function tile(media, userId, name, { mic, camera, level, video, listening, hold = false }) {
  let li = media.tileEls.get(userId);
  if (!li) {
    li = h('li', { class: 'tile', dataset: { user: userId } },
      h('span', { class: 'picture' }), h('span', { class: 'tile-name' }), h('span', { class: 'tile-state' }));
    media.tileEls.set(userId, li);
  }
  const [pictureSlot, nameEl, stateEl] = li.children;
  const speaking = mic && level > SPEAKING_LEVEL;
  const hand = media.hands.some((x) => x.user_id === userId);
  li.classList.toggle('speaking', speaking);
  const words = [
    listening ? 'listening' : null,
    !listening && !mic ? (hold ? 'Hold Space to talk' : 'microphone off') : null,
    speaking ? 'speaking' : null,
    hand ? 'hand raised' : null,
  ].filter(Boolean).join(' · ');
  if (nameEl.textContent !== name) nameEl.textContent = name;
  if (stateEl.textContent !== words) stateEl.textContent = words;
  const picture = camera && video ? video : null;
  if (picture && pictureSlot.firstChild !== picture) pictureSlot.replaceChildren(picture);
  if (!picture && !pictureSlot.querySelector('.initial')) {
    pictureSlot.replaceChildren(h('span', { class: 'initial', 'aria-hidden': 'true' }, name.slice(0, 1)));
  }
  return li;
}
