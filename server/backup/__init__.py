"""Backups and restore (docs/backup-format.md): `balint backup`, `balint restore`,
`balint backup-key new`. Separate processes beside a running server, never inside it."""
