-- Accounts, programmes, groups, invitations, sessions and messages.
-- Ids are random text (never sequential: they appear in URLs and must not leak counts).
-- Times are unix seconds (REAL).

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    created_at    REAL NOT NULL
);

CREATE TABLE programmes (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at REAL NOT NULL
);

CREATE TABLE programme_leads (
    programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (programme_id, user_id)
);

CREATE TABLE groups (
    id           TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES programmes(id),
    name         TEXT NOT NULL,
    settings     TEXT NOT NULL DEFAULT '{}',
    created_at   REAL NOT NULL
);

CREATE TABLE memberships (
    group_id  TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('member', 'facilitator')),
    joined_at REAL NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships(user_id);

-- Only a hash of the token is kept: a stolen database does not yield working links.
CREATE TABLE invitations (
    token_hash   BLOB PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('admin', 'group', 'lead')),
    group_id     TEXT REFERENCES groups(id) ON DELETE CASCADE,
    programme_id TEXT REFERENCES programmes(id) ON DELETE CASCADE,
    role         TEXT,
    created_by   TEXT REFERENCES users(id),
    created_at   REAL NOT NULL,
    expires_at   REAL NOT NULL,
    used_at      REAL,
    used_by      TEXT REFERENCES users(id)
);

CREATE TABLE auth_sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX auth_sessions_by_user ON auth_sessions(user_id);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'ended')),
    opened_at  REAL NOT NULL,
    ended_at   REAL,
    flow       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX sessions_by_group ON sessions(group_id, opened_at);

-- seq counts per session and channel, so a member never sees gaps left by a channel they
-- cannot read. body = AES-256-GCM(nonce || ciphertext) under the session's data key for the channel's class.
CREATE TABLE messages (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    channel    TEXT NOT NULL DEFAULT 'group',
    client_id  TEXT NOT NULL,
    author_id  TEXT NOT NULL REFERENCES users(id),
    body       BLOB,
    created_at REAL NOT NULL,
    redacted_at REAL,
    PRIMARY KEY (session_id, channel, seq),
    UNIQUE (session_id, author_id, client_id)
) WITHOUT ROWID;
