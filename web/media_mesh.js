// The room's voice and video connections: one RTCPeerConnection to each other person who has
// turned voice on (a full mesh). The server only relays the messages that set them up
// (`media_signal`, docs/protocol.md "Voice and video"); the media goes directly between the
// browsers, encrypted by DTLS-SRTP, or through the TURN relay when the network needs one.
//
// Who offers: of two people, the one with the smaller user id. A page turning voice on says
// `hello` to everyone present; the smaller one of each pair answers a hello with an offer, the
// larger with a hello back (so the smaller offers). Two offers never cross, and a page that
// reloads (a new `peer` id) simply starts a fresh connection.
//
// Each connection has one audio and one video transceiver from the start; turning the
// microphone or camera off replaces the track with none (`replaceTrack(null)`), so no packets
// at all are sent, and turning it on again needs no new offer.

const KINDS = ['audio', 'video'];

export class Mesh {
  constructor({ me, signal, events }) {
    this.me = me;
    this.page = crypto.randomUUID(); // this page's `peer` id
    this.signal = signal; // (to, kind, extra) => sends one media_signal
    this.events = events; // track(userId, track), closed(userId), state(userId, state), problem(code, userId), connection(userId, state)
    this.peers = new Map();
    this.early = new Map(); // candidates that arrived before their offer (the server relays concurrently)
    this.config = { iceServers: [], iceTransportPolicy: 'all' };
    this.local = { audio: null, video: null };
  }

  setIce(media) {
    if (!media) return;
    this.config = { iceServers: media.ice_servers || [], iceTransportPolicy: media.relay_only ? 'relay' : 'all' };
    for (const peer of this.peers.values()) {
      try { peer.pc.setConfiguration(this.config); } catch { /* a closed connection */ }
    }
  }

  has(userId) { return this.peers.has(userId); }
  state(userId) { return this.peers.get(userId)?.pc.connectionState; }
  get connected() { return [...this.peers.keys()]; }

  // One message from the server: work through each person's messages in order.
  handle(d) {
    const from = d.from;
    if (!from || from === this.me) return;
    const run = () => this.dispatch(from, d).catch((err) => this.events.problem('negotiation', from, err));
    const peer = this.peers.get(from);
    if (peer && peer.page === d.peer) peer.chain = peer.chain.then(run);
    else run();
  }

  async dispatch(from, d) {
    const peer = this.peers.get(from);
    if (d.kind === 'hello') return this.hello(from, d.peer);
    if (d.kind === 'offer') return this.answer(from, d.peer, d.sdp);
    if (!peer || peer.page !== d.peer) {
      if (d.kind === 'candidate') this.remember(from, d);
      return undefined;
    }
    if (d.kind === 'answer') {
      await peer.pc.setRemoteDescription({ type: 'answer', sdp: d.sdp });
      await this.flush(peer);
    } else if (d.kind === 'candidate') {
      if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(d.candidate);
      else this.remember(from, d);
    } else if (d.kind === 'state') {
      this.events.state(from, d.state);
    } else if (d.kind === 'bye') {
      this.close(from, false);
    }
    return undefined;
  }

  remember(from, d) {
    const list = this.early.get(`${from}/${d.peer}`) || [];
    list.push(d.candidate);
    this.early.set(`${from}/${d.peer}`, list.slice(-50));
  }

  async flush(peer) {
    const key = `${peer.userId}/${peer.page}`;
    const list = this.early.get(key) || [];
    this.early.delete(key);
    for (const candidate of list) await peer.pc.addIceCandidate(candidate).catch(() => {});
  }

  // Say hello to everyone present (voice turned on, or the room rejoined after a blip). A hello
  // says we hold no working connection to them: one that stopped working goes first, so that
  // their offer, or ours, makes a fresh one.
  greet(userIds) {
    for (const userId of userIds) {
      const peer = this.peers.get(userId);
      if (userId === this.me || (peer && live(peer.pc))) continue;
      if (peer) this.close(userId, false);
      this.signal(userId, 'hello');
    }
  }

  // Start again as a new page (a fresh `peer` id): everyone we call drops the connection to
  // our old page and makes a new one, with the ICE servers we now hold.
  renew(userIds) {
    this.closeAll(false);
    this.page = crypto.randomUUID();
    this.greet(userIds);
  }

  // A hello about a connection still being made is the other half of the handshake (the
  // larger id's hello back): keep it. A hello about one that works here means it broke at
  // their end while their page could not reach ours (a blip, a server restart): make it anew
  // at once, rather than wait the many seconds ours takes to notice.
  async hello(from, page) {
    const peer = this.peers.get(from);
    if (peer && peer.page === page && ['new', 'connecting'].includes(peer.pc.connectionState)) return;
    if (peer) this.close(from, false);
    if (this.me < from) await this.offer(from, page);
    else this.signal(from, 'hello');
  }

  async offer(userId, page) {
    const peer = this.create(userId, page);
    for (const kind of KINDS) peer.pc.addTransceiver(this.local[kind] || kind, { direction: 'sendrecv' });
    await peer.pc.setLocalDescription(await peer.pc.createOffer());
    this.signal(userId, 'offer', { sdp: peer.pc.localDescription.sdp });
  }

  // An offer always starts a fresh connection (the mesh never renegotiates one): whatever we
  // held to that person is over, even from the same page (theirs broke and they called again).
  async answer(userId, page, sdp) {
    if (this.peers.has(userId)) this.close(userId, false);
    const peer = this.create(userId, page);
    const { pc } = peer;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    for (const t of pc.getTransceivers()) {
      t.direction = 'sendrecv';
      await t.sender.replaceTrack(this.local[t.receiver.track.kind] || null);
    }
    await pc.setLocalDescription(await pc.createAnswer());
    this.signal(userId, 'answer', { sdp: pc.localDescription.sdp });
    await this.flush(peer);
  }

  create(userId, page) {
    const pc = new RTCPeerConnection(this.config);
    const peer = { userId, page, pc, chain: Promise.resolve() };
    this.peers.set(userId, peer);
    pc.addEventListener('icecandidate', (e) => {
      if (e.candidate) this.signal(userId, 'candidate', { candidate: e.candidate.toJSON() });
    });
    pc.addEventListener('track', (e) => this.events.track(userId, e.track));
    // 401: the TURN server refused our credential (wrong secret, or expired).
    pc.addEventListener('icecandidateerror', (e) => {
      if (e.errorCode === 401) this.events.problem('turn_refused', userId);
    });
    pc.addEventListener('connectionstatechange', () => this.events.connection(userId, pc.connectionState));
    return peer;
  }

  // What this page sends now: a track, or null for nothing at all.
  async setLocal(kind, track) {
    this.local[kind] = track;
    const jobs = [];
    for (const peer of this.peers.values()) {
      for (const t of peer.pc.getTransceivers()) {
        if (t.receiver.track.kind === kind && t.sender && peer.pc.signalingState !== 'closed') {
          jobs.push(t.sender.replaceTrack(track).catch(() => {}));
        }
      }
    }
    await Promise.all(jobs);
  }

  tellAll(kind, extra) {
    for (const userId of this.peers.keys()) this.signal(userId, kind, extra);
  }

  close(userId, tell = true) {
    const peer = this.peers.get(userId);
    if (!peer) return;
    this.peers.delete(userId);
    peer.pc.close();
    if (tell) this.signal(userId, 'bye');
    this.events.closed(userId);
  }

  closeAll(tell = true) {
    for (const userId of [...this.peers.keys()]) this.close(userId, tell);
    this.early.clear();
  }

  // What getStats says of each connection: the figures the speaking indicator and the tests
  // read (packets in and out, the audio level heard, and whether the relay carries it).
  async stats() {
    const out = {};
    for (const [userId, peer] of this.peers) {
      out[userId] = { ...summarise(await peer.pc.getStats()), connection: peer.pc.connectionState, signaling: peer.pc.signalingState };
    }
    return out;
  }
}

// A connection worth keeping: not one that failed, and not one that was working and lost its
// way ('disconnected', as after a network blip): a hello about such a one makes it anew.
function live(pc) {
  return !['failed', 'closed', 'disconnected'].includes(pc.connectionState);
}

function summarise(report) {
  const s = { audioIn: 0, audioLevel: 0, audioOut: 0, videoIn: 0, framesIn: 0, videoOut: 0, relay: false, state: null };
  const byId = new Map();
  report.forEach((r) => byId.set(r.id, r));
  report.forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'audio') { s.audioIn += r.packetsReceived || 0; s.audioLevel = Math.max(s.audioLevel, r.audioLevel || 0); }
    if (r.type === 'inbound-rtp' && r.kind === 'video') { s.videoIn += r.packetsReceived || 0; s.framesIn += r.framesDecoded || 0; }
    if (r.type === 'outbound-rtp' && r.kind === 'audio') s.audioOut += r.packetsSent || 0;
    if (r.type === 'outbound-rtp' && r.kind === 'video') s.videoOut += r.packetsSent || 0;
    if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') {
      s.state = r.state;
      s.relay = byId.get(r.localCandidateId)?.candidateType === 'relay';
    }
  });
  return s;
}
