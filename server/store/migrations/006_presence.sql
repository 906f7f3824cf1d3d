-- Who is in which room now, one row per socket, whichever worker process holds the socket.
-- Rows of a worker that stops sending heartbeats are ignored, then deleted (server/actions/presence.py).
CREATE TABLE presence (
    sid TEXT NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    worker TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (sid, session_id)
) WITHOUT ROWID;
CREATE INDEX presence_by_session ON presence (session_id, user_id);
CREATE INDEX presence_by_worker ON presence (worker);

CREATE TABLE workers (
    worker TEXT PRIMARY KEY,
    seen_at REAL NOT NULL  -- wall-clock seconds of its last heartbeat
) WITHOUT ROWID;
