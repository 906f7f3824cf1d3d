// Baseline for bench/run.py: a bare Node socket.io server with the same event shapes as Balint
// Rooms and nothing else (no sign-in, no store, no encryption, no permissions).
//
//   node server.js --port 8766
//
// Events: accept_rules (ack ok), join {session_id} (enter the room; ack with empty history),
// send {session_id, client_id, text} (broadcast `message` to the room, sender included; ack it).
"use strict";

const http = require("node:http");
const { Server } = require("socket.io");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const host = arg("--host", "127.0.0.1");
const port = Number(arg("--port", process.env.BALINT_PORT || "8766"));

const server = http.createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end('{"ok": true}');
    return;
  }
  res.writeHead(404);
  res.end();
});

const io = new Server(server, { maxHttpBufferSize: 512 * 1024, serveClient: false });
const seqs = new Map();

io.on("connection", (socket) => {
  socket.on("accept_rules", (_data, ack) => {
    if (typeof ack === "function") ack({ ok: true, data: null });
  });
  socket.on("join", (data, ack) => {
    const sessionId = data.session_id;
    socket.join(`s:${sessionId}`);
    if (typeof ack === "function") {
      ack({ ok: true, data: { session: { id: sessionId }, status: "admitted", presence: [],
                              messages: [], complete: true } });
    }
  });
  socket.on("send", (data, ack) => {
    const sessionId = data.session_id;
    const seq = (seqs.get(sessionId) || 0) + 1;
    seqs.set(sessionId, seq);
    const message = { seq, id: data.client_id, channel: "group", author_id: socket.id,
                      author_name: "bench", text: data.text, redacted: false,
                      at: Date.now() / 1000 };
    io.to(`s:${sessionId}`).emit("message", { session_id: sessionId, ...message });
    if (typeof ack === "function") ack({ ok: true, data: message });
  });
});

server.listen(port, host);
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => {
    io.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
