-- Facilitator controls: who is admitted to each session, mutes, lock, and ground-rule consent.

ALTER TABLE sessions ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN muted_all INTEGER NOT NULL DEFAULT 0;

-- One row per person who knocked on a session's door. 'removed' and 'turned_away' are final for
-- that session: the person cannot come back in, whatever their client sends.
CREATE TABLE participants (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status     TEXT NOT NULL CHECK (status IN ('waiting', 'admitted', 'turned_away', 'removed')),
    muted      INTEGER NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL,
    PRIMARY KEY (session_id, user_id)
) WITHOUT ROWID;

-- A member accepts a group's ground rules before first entry, and again if the rules change
-- (rules_hash is a SHA-256 of the text they accepted).
CREATE TABLE ground_rules_acceptances (
    group_id    TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    rules_hash  BLOB NOT NULL,
    accepted_at REAL NOT NULL,
    PRIMARY KEY (group_id, user_id, rules_hash)
) WITHOUT ROWID;
