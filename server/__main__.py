"""`python -m server` is the `balint` command."""

from server.cli import main

# The guard matters: a process pool started with "spawn" (server/offload.py) imports this
# module again in its worker, which must not start a second server.
if __name__ == "__main__":
    raise SystemExit(main())
