-- The keystore: a separate SQLite file holding only data keys for encryption at rest.
-- Keeping keys apart from the ciphertext is what makes crypto-shredding real: once a key row is
-- deleted here, every copy of the messages it sealed (in the main file, its WAL, an old backup
-- of the main file) is unreadable for good.

CREATE TABLE session_keys (
    session_id TEXT NOT NULL,
    class      TEXT NOT NULL,
    data_key   BLOB NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (session_id, class)
) WITHOUT ROWID;
