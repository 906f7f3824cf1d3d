-- Each notes identity also has an Ed25519 signing key (derived on the client from its X25519
-- key; docs/notes-envelope.md, version 2). The server hands out the public half with the X25519
-- key; readers pin both, so a note's signature names its author without trusting the server.
-- NULL for keys registered before signing existed, until their owner's client next unlocks.
ALTER TABLE identity_keys ADD COLUMN signing_key BLOB
    CHECK (signing_key IS NULL OR length(signing_key) = 32);
