-- Terms and schedules (issue 23): a group's time zone and when its waiting room opens by
-- itself, its terms, the scheduled sessions they make (each added, moved or cancelled on its
-- own), apologies, personal calendar feeds and email reminders.

-- One row per group that has a schedule; a group without one uses the defaults
-- (Europe/London, the waiting room opens 15 minutes before the start).
CREATE TABLE group_schedules (
    group_id     TEXT PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    timezone     TEXT NOT NULL DEFAULT 'Europe/London',
    open_minutes INTEGER NOT NULL DEFAULT 15 CHECK (open_minutes BETWEEN 0 AND 120)
) WITHOUT ROWID;

-- A series as the facilitator entered it, in the group's local wall-clock time; its sessions
-- are made once, below, and then live on their own.
CREATE TABLE schedule_terms (
    id          TEXT PRIMARY KEY,
    group_id    TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    first_date  TEXT NOT NULL,            -- YYYY-MM-DD, local
    start_time  TEXT NOT NULL,            -- HH:MM, local
    every_weeks INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    minutes     INTEGER NOT NULL,
    created_at  REAL NOT NULL
);

-- One scheduled meeting. starts_at is unix seconds (the instant); the group's time zone turns
-- it back into local time. sequence counts changes a calendar must notice (RFC 5545 SEQUENCE:
-- a move or a cancellation); session_id is the room once it was opened for this meeting.
CREATE TABLE scheduled_sessions (
    id         TEXT PRIMARY KEY,
    group_id   TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    term_id    TEXT REFERENCES schedule_terms(id) ON DELETE SET NULL,
    starts_at  REAL NOT NULL,
    minutes    INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    sequence   INTEGER NOT NULL DEFAULT 0,
    session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX scheduled_sessions_by_group ON scheduled_sessions(group_id, starts_at);
CREATE INDEX scheduled_sessions_by_time ON scheduled_sessions(starts_at);
CREATE INDEX scheduled_sessions_by_session ON scheduled_sessions(session_id);

-- "I can't come": sent ahead of a scheduled session. The reason (optional) is for the group's
-- facilitators only: no lead-facing query reads this column.
CREATE TABLE apologies (
    scheduled_id TEXT NOT NULL REFERENCES scheduled_sessions(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason       TEXT,
    sent_at      REAL NOT NULL,
    PRIMARY KEY (scheduled_id, user_id)
) WITHOUT ROWID;

-- A personal calendar subscription: only a hash of its secret token is kept, as for sign-in
-- cookies and invitations. Revoking sets revoked_at; the URL then answers 404.
CREATE TABLE calendar_feeds (
    token_hash BLOB PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at REAL NOT NULL,
    revoked_at REAL
);
CREATE INDEX calendar_feeds_by_user ON calendar_feeds(user_id);

-- Where a person wants reminders, and whether they want them at all (they can turn them off).
CREATE TABLE reminder_settings (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    enabled    INTEGER NOT NULL DEFAULT 1,
    updated_at REAL NOT NULL
) WITHOUT ROWID;

-- Each reminder once: written before the email is handed to the relay (at most once).
CREATE TABLE reminders_sent (
    scheduled_id TEXT NOT NULL REFERENCES scheduled_sessions(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('day', 'hour')),
    sent_at      REAL NOT NULL,
    PRIMARY KEY (scheduled_id, user_id, kind)
) WITHOUT ROWID;
