-- Retention: the limits a programme lead sets, and a content-free audit trail of deletions.

ALTER TABLE programmes ADD COLUMN retention_limits TEXT NOT NULL DEFAULT '{}';

-- What was deleted, when and by which rule: counts and random ids only, never content or names.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      REAL NOT NULL,
    event   TEXT NOT NULL,
    rule    TEXT NOT NULL,
    subject TEXT,
    counts  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_time ON audit_log(at);
