// Video sized to the group and to the network (docs/media-quality.md). In a full mesh each
// person sends one copy of their picture to every other person, so the picture shrinks as the
// group grows, and shrinks further while getStats() says the network cannot carry it (the
// estimate of what may be sent, or packets being lost); it grows back once the network has
// been good for a while. Sound is never touched: only the video senders' encodings change,
// and at the bottom the picture stops altogether before a voice would suffer.
//
// The decisions are pure functions (tested in Chromium by tests/browser/test_media_quality.py);
// QualityControl only reads the statistics and applies what they decide.

// Each step: what one copy of the picture may use. `height` is the picture's height in pixels
// (the camera is asked for 640x360; scaleResolutionDownBy makes the rest).
export const TIERS = [
  { name: '360p', height: 360, fps: 24, bps: 600_000 },
  { name: '180p', height: 180, fps: 15, bps: 250_000 },
  { name: '90p', height: 90, fps: 10, bps: 120_000 },
  { name: '90p-slow', height: 90, fps: 5, bps: 60_000 },
  { name: 'off', height: 0, fps: 0, bps: 0 }, // picture paused: the voices keep the bandwidth
];
export const AUDIO_BPS = 50_000; // Opus voice with its packet overhead, per connection
export const SAMPLE_MS = 2000;
const LOSS_BAD = 0.05; // 5% of packets lost: step down
const LOSS_GOOD = 0.02;
const HEADROOM = 1.3; // step up only when the estimate has room for the next step and more
const GOOD_SAMPLES_TO_RISE = 4; // 8 s of good network before the picture grows again

// The step a group of this size starts at: `peers` is the number of other people connected.
export function sizeTier(peers) {
  if (peers <= 3) return 0; // 2-4 people
  if (peers <= 7) return 1; // 5-8
  return 2; // 9 and more
}

// What one connection needs at step `tier`: the picture and the voice.
export function need(tier) {
  return TIERS[tier].bps + AUDIO_BPS;
}

// One sample of the network: `available` is the smallest availableOutgoingBitrate of any
// connection (bits/s, null when the browser gives none), `loss` the largest fraction of packets
// the others report lost. Returns the new state: {extra (steps below the group's size step),
// good (good samples in a row), tier}.
export function nextState(state, { peers, available = null, loss = 0 }) {
  const base = sizeTier(peers);
  const last = TIERS.length - 1;
  let extra = Math.min(state.extra || 0, last - base);
  let good = state.good || 0;
  const tier = base + extra;
  const short = available !== null && available < need(tier);
  if ((short || loss > LOSS_BAD) && tier < last) {
    extra += 1;
    good = 0;
  } else if (extra > 0 && loss < LOSS_GOOD && (available === null || available > need(tier - 1) * HEADROOM)) {
    good += 1;
    if (good >= GOOD_SAMPLES_TO_RISE) { extra -= 1; good = 0; }
  } else {
    good = 0;
  }
  return { extra, good, tier: base + extra };
}

// The encoding parameters for a step, given the height the camera delivers.
export function encodingFor(tier, captureHeight = 360) {
  const t = TIERS[tier];
  if (!t.bps) return { active: false };
  return {
    active: true,
    maxBitrate: t.bps,
    maxFramerate: t.fps,
    scaleResolutionDownBy: Math.max(1, (captureHeight || t.height) / t.height),
    priority: 'low', // the voice first, when the network is short
    networkPriority: 'low',
  };
}

// From one connection's getStats() report: {available, loss}.
export function measure(report) {
  let available = null;
  let loss = 0;
  report.forEach((r) => {
    if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded' && typeof r.availableOutgoingBitrate === 'number') {
      available = r.availableOutgoingBitrate;
    }
    if (r.type === 'remote-inbound-rtp' && typeof r.fractionLost === 'number') loss = Math.max(loss, r.fractionLost);
  });
  return { available, loss };
}

// The worst of all connections: the picture is one encoding for everyone.
export function worst(samples) {
  const known = samples.map((s) => s.available).filter((a) => a !== null);
  return {
    available: known.length ? Math.min(...known) : null,
    loss: Math.max(0, ...samples.map((s) => s.loss)),
  };
}

// Set a video sender's encodings to a step (only what changes; errors from a connection
// closing meanwhile are ignored).
export async function applyEncoding(sender, encoding) {
  const params = sender.getParameters();
  if (!params.encodings || !params.encodings.length) return false;
  const current = params.encodings[0];
  if (Object.entries(encoding).every(([k, v]) => current[k] === v)) return false;
  params.encodings[0] = { ...current, ...encoding };
  try { await sender.setParameters(params); return true; } catch { return false; }
}

// Reads the connections every SAMPLE_MS while a picture is sent, and applies the step.
// `connections()` gives the RTCPeerConnections; `captureHeight()` the camera's height.
export class QualityControl {
  constructor({ connections, captureHeight }) {
    Object.assign(this, { connections, captureHeight });
    this.state = { extra: 0, good: 0, tier: 0 };
    this.timer = null;
  }

  videoSenders() {
    return this.connections().flatMap((pc) => (pc.signalingState === 'closed' ? [] : pc.getTransceivers()))
      .filter((t) => t.receiver.track.kind === 'video' && t.sender).map((t) => t.sender);
  }

  // The group changed size (someone connected or left) or the picture was turned on: apply now.
  async update(sample = null) {
    const peers = this.connections().length;
    this.state = sample ? nextState(this.state, { peers, ...sample }) : { ...this.state, tier: Math.min(sizeTier(peers) + this.state.extra, TIERS.length - 1) };
    const encoding = encodingFor(this.state.tier, this.captureHeight());
    await Promise.all(this.videoSenders().map((s) => applyEncoding(s, encoding)));
    return this.state.tier;
  }

  async sample() {
    const reports = await Promise.all(this.connections().map((pc) => pc.getStats().catch(() => null)));
    const samples = reports.filter(Boolean).map(measure);
    if (samples.length) await this.update(worst(samples));
  }

  // Called whenever what this page sends may have changed; cheap when nothing did.
  run(on) {
    if (!on) { clearInterval(this.timer); this.timer = null; return; }
    if (!this.timer) this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.update();
  }
}
