"""Fuzzing every socket event and HTTP endpoint of the real server (issue 8, acceptance 2).

strategies.py: hypothesis strategies for hostile JSON, strings and numbers, with `Ref`s to the
  world's real ids so that most cases get past the first check and reach deeper code.
targets.py: what is fuzzed: every `on_*` handler of the room namespace and every route of the
  app's router, each with the fields it reads; checked against the code so none is missed.
world.py: the real server on a loopback port and the people who use it (signed-in members, a
  facilitator, an outsider, a lead, an administrator), their sockets, and keeping the room usable.
watch.py: what the checks read: the server's log, every statement its writers commit, and
  read-only views of the SQLite files.
runner.py: runs the cases, checks every answer, counts, and prints the report.

tests/test_fuzz.py runs a short pass in `make test`; bench/fuzz.py runs `make fuzz`.
"""
