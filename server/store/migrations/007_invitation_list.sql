-- Invitations a facilitator can see and take back: an optional note of who a link is for
-- (chosen by the person inviting, shown only to those who can invite), and when it was revoked.
-- The name people want on their attendance certificates, when it differs from the display
-- name the group sees (often just a first name).
ALTER TABLE invitations ADD COLUMN label TEXT;
ALTER TABLE invitations ADD COLUMN revoked_at REAL;
ALTER TABLE users ADD COLUMN certificate_name TEXT;
CREATE INDEX invitations_by_group ON invitations(group_id, expires_at);
