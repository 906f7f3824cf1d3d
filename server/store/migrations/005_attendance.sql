-- Attendance: who was in which session and when, facilitators' corrections, programme settings
-- for the anonymised reports, trainees' educational supervisors and the notifications to them.
-- Attendance rows hold random user ids, never names, so they can be pseudonymised or deleted
-- by session; every table keyed by session also carries a time for the retention sweeper.

-- One row per stretch of time a person spent admitted to a session's room. A reconnect opens a
-- new row; minutes come from the union of a person's rows, so overlaps never count twice.
-- left_at is NULL while they are in the room.
CREATE TABLE attendance_intervals (
    id         INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    joined_at  REAL NOT NULL,
    left_at    REAL
);
CREATE INDEX attendance_intervals_by_session ON attendance_intervals(session_id, user_id);
CREATE INDEX attendance_intervals_by_user ON attendance_intervals(user_id);
CREATE INDEX attendance_intervals_by_time ON attendance_intervals(joined_at);

-- When the facilitator pressed "Start the session": lateness is measured from here.
CREATE TABLE attendance_session_starts (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    started_at REAL NOT NULL
) WITHOUT ROWID;

-- A facilitator's correction ("attended by phone"). Every correction is kept with what it
-- replaced; the latest one per person and session is the one in force.
CREATE TABLE attendance_corrections (
    id             INTEGER PRIMARY KEY,
    session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    corrected_by   TEXT NOT NULL REFERENCES users(id),
    corrected_at   REAL NOT NULL,
    present_before INTEGER NOT NULL,
    minutes_before INTEGER NOT NULL,
    present_after  INTEGER NOT NULL,
    minutes_after  INTEGER NOT NULL,
    reason         TEXT NOT NULL
);
CREATE INDEX attendance_corrections_by_session ON attendance_corrections(session_id, user_id);
CREATE INDEX attendance_corrections_by_time ON attendance_corrections(corrected_at);

-- Per programme: the secret behind trainees' pseudonyms (HMAC key, unlinkable across
-- programmes), the expected attendance rate and the small-number threshold of its reports.
CREATE TABLE programme_attendance (
    programme_id  TEXT PRIMARY KEY REFERENCES programmes(id) ON DELETE CASCADE,
    pseudonym_key BLOB NOT NULL,
    expected_rate INTEGER NOT NULL DEFAULT 80 CHECK (expected_rate BETWEEN 1 AND 100),
    min_count     INTEGER NOT NULL DEFAULT 5 CHECK (min_count BETWEEN 3 AND 50)
) WITHOUT ROWID;

-- A trainee's educational supervisor, set by the trainee or an administrator. Only the
-- notification outbox reads it; nothing a programme lead can reach does.
CREATE TABLE supervisor_contacts (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    set_by     TEXT NOT NULL REFERENCES users(id),
    updated_at REAL NOT NULL
) WITHOUT ROWID;

-- Notifications waiting for a mail service: one per trainee, group and term. The text is
-- written when it is sent, from these ids and figures, so no name is stored here.
CREATE TABLE supervisor_outbox (
    id            INTEGER PRIMARY KEY,
    created_at    REAL NOT NULL,
    programme_id  TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    group_id      TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    term_from     TEXT NOT NULL,
    term_to       TEXT NOT NULL,
    rate          INTEGER NOT NULL,
    expected_rate INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'no_contact', 'sent')),
    UNIQUE (group_id, user_id, term_from, term_to)
);
CREATE INDEX supervisor_outbox_by_time ON supervisor_outbox(created_at);
