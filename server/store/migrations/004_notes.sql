-- End-to-end encrypted case notes (docs/notes-envelope.md). The server stores envelopes it can
-- check for shape but never open: no column here holds a private key, a note key or note text.

-- One X25519 identity per user. `backup` is the private key sealed under a passphrase only the
-- user knows; `key_id` is unique so one public key can never stand for two people.
CREATE TABLE identity_keys (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    key_id     TEXT NOT NULL UNIQUE,
    backup     TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);

-- `id` is chosen by the author's client before sealing (it is bound into the envelope's
-- associated data) and checked by the server: 22 base64url characters, unused. Deleting a note
-- deletes its row; secure_delete overwrites the freed pages. Retention deletes notes a set
-- number of days after their session, so `session_id` and `created_at` are kept.
CREATE TABLE notes (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    group_id   TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    audience   TEXT NOT NULL CHECK (audience IN ('me', 'facilitators', 'group')),
    envelope   TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX notes_by_session ON notes(session_id, created_at);

-- The key ids that have a stanza in each note's envelope: lets the server list "notes I can
-- read" without parsing every envelope. Kept in step with `notes.envelope` in one transaction.
CREATE TABLE note_readers (
    note_id TEXT NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    key_id  TEXT NOT NULL,
    PRIMARY KEY (note_id, key_id)
) WITHOUT ROWID;
CREATE INDEX note_readers_by_key ON note_readers(key_id);
