"""`python -m server` is the `balint` command."""

from server.cli import main

raise SystemExit(main())
