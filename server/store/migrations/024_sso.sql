-- Single sign-on (OpenID Connect) and passkeys (issue 24). Numbered after the issue, not the
-- next free number, so that branches adding migrations at the same time do not collide.

-- An identity at an OpenID provider (issuer + subject: never the e-mail address, which a
-- provider may give to someone else later) linked to one account.
CREATE TABLE sso_identities (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at REAL NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX sso_identities_by_user ON sso_identities(user_id);

-- A sign-in begun at a provider and not yet finished: single use, minutes long. Only hashes of
-- `state`, of the browser's binding cookie and of an invitation token are kept; the nonce and
-- the PKCE verifier are useless without the provider's answer, and are deleted with the row.
CREATE TABLE sso_pending (
    state_hash    BLOB PRIMARY KEY,
    browser_hash  BLOB NOT NULL,
    provider      TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    invite_hash   BLOB,
    link_user_id  TEXT REFERENCES users(id) ON DELETE CASCADE,
    created_at    REAL NOT NULL,
    expires_at    REAL NOT NULL
);

-- How each sign-in began: sign-out offers the provider's end-session page for an SSO sign-in.
ALTER TABLE auth_sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'password';
ALTER TABLE auth_sessions ADD COLUMN provider TEXT;
-- A sign-in waiting for its second factor (a passkey) reaches nothing but that step.
ALTER TABLE auth_sessions ADD COLUMN needs_second_factor INTEGER NOT NULL DEFAULT 0;

-- An administrator's choices per programme: only single sign-on (no passwords) for its people,
-- and a passkey as a second factor for its facilitators and leads.
ALTER TABLE programmes ADD COLUMN require_sso INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programmes ADD COLUMN staff_second_factor INTEGER NOT NULL DEFAULT 0;

-- Passkeys (WebAuthn discoverable credentials). The public key and the signature counter;
-- the name is the owner's own ("Work laptop").
CREATE TABLE passkeys (
    credential_id BLOB PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    public_key    BLOB NOT NULL,
    sign_count    INTEGER NOT NULL DEFAULT 0,
    name          TEXT NOT NULL,
    created_at    REAL NOT NULL,
    last_used_at  REAL
);
CREATE INDEX passkeys_by_user ON passkeys(user_id);

-- A WebAuthn challenge handed out and not yet answered: single use, minutes long.
CREATE TABLE passkey_challenges (
    challenge_hash BLOB PRIMARY KEY,
    purpose        TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in', 'second_factor')),
    user_id        TEXT REFERENCES users(id) ON DELETE CASCADE,
    expires_at     REAL NOT NULL
);

-- One-time recovery codes (hashed): each lets its owner in once without a passkey.
CREATE TABLE recovery_codes (
    code_hash  BLOB PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at REAL NOT NULL,
    used_at    REAL
);
CREATE INDEX recovery_codes_by_user ON recovery_codes(user_id);
