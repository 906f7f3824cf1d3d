"""Runs the fuzz cases against the world, checks every answer and counts.

A case fails when:
- `unhandled`: the server logged an error, a traceback, "Error handling request", an
  unretrieved task exception or an `outcome=crashed` line (middleware.py and handlers.py log
  unexpected errors that way);
- `internal`: the answer was a 500 or carried the `internal` code;
- `unstructured`: an acknowledgement that is not {ok, data} / {ok: false, error: {code,
  message}}, or an API answer that is not such JSON (files and downloads excepted);
- `partial_write`: a refused request committed a change to either SQLite file (the writer
  connections' statement trace), or a batch in which every request was refused changed a
  table's row count (read-only connections);
- `hang` / `dropped`: no answer within the timeout, or the server closed a connection it had
  no reason to close;
- `wrong_result`: a socket connection accepted or refused against the rules (own origin and a
  valid sign-in only);
- `unhealthy`: /healthz did not answer after a batch.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import socketio
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from yarl import URL

from server.actions import accounts
from tests.fuzz import targets as t
from tests.fuzz.strategies import Raw
from tests.fuzz.watch import unhandled
from tests.fuzz.world import World

TIMEOUT = 10.0
PROBE = {"session_id": "fuzz-probe", "since_seq": 0}


@dataclass
class Failure:
    kind: str
    target: str
    detail: str
    case: str

    def __str__(self) -> str:
        return f"{self.kind} in {self.target}: {self.detail}\n    case: {self.case}"


@dataclass
class Stats:
    cases: Counter[str] = field(default_factory=Counter)
    requests: Counter[str] = field(default_factory=Counter)
    outcomes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    failures: list[Failure] = field(default_factory=list)
    warnings: Counter[str] = field(default_factory=Counter)
    unsendable: Counter[str] = field(default_factory=Counter)
    health_checks: int = 0
    health_answered: int = 0
    batches: int = 0
    refused_batches: int = 0
    wall: float = 0.0

    def kinds(self) -> Counter[str]:
        return Counter(f.kind for f in self.failures)


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} chars)"


def ack_problem(reply: Any) -> str | None:
    if not isinstance(reply, dict) or not isinstance(reply.get("ok"), bool):
        return "the acknowledgement is not {ok: ...}"
    if reply["ok"]:
        return None if "data" in reply else "ok without data"
    err = reply.get("error")
    if not (isinstance(err, dict) and isinstance(err.get("code"), str)
            and isinstance(err.get("message"), str) and err["message"]):
        return "an error without a code and a message"
    return None


def http_problem(path: str, method: str, status: int, headers: Any,
                 raw: bytes) -> tuple[str | None, str]:
    """What is wrong with an HTTP answer (None if nothing), and its code for the tallies."""
    ctype = headers.get("Content-Type", "")
    attachment = "attachment" in headers.get("Content-Disposition", "")
    if status < 300 and attachment:
        return None, "ok"  # a download (certificate, CSV)
    if method == "HEAD" or (status < 400 and not path.startswith("/api/")):
        return (f"status {status}" if status >= 500 else None), str(status)
    if not ctype.startswith("application/json"):
        if path.startswith("/api/"):
            return f"a {status} answer that is not JSON ({ctype or 'no type'})", str(status)
        return (f"status {status}" if status >= 500 else None), str(status)
    try:
        payload = json.loads(raw)
    except ValueError:
        return "a JSON answer that does not parse", str(status)
    if not isinstance(payload, dict) or not isinstance(payload.get("ok"), bool):
        return "a JSON answer without ok", str(status)
    if payload["ok"]:
        return (f"ok with status {status}" if status >= 400 else None), "ok"
    err = payload.get("error")
    if not (isinstance(err, dict) and isinstance(err.get("code"), str)
            and isinstance(err.get("message"), str) and err["message"]):
        return "an error without a code and a message", str(status)
    if status < 400:
        return f"an error with status {status}", err["code"]
    return None, err["code"]


class Runner:
    def __init__(self, world: World, batch_size: int = 50) -> None:
        self.world = world
        self.batch_size = batch_size
        self.stats = Stats()
        self._log_pos = 0
        self._in_batch = 0
        self._batch_ok = 0
        self._batch_counts: dict[str, int] = {}
        self._ended = False

    # -- driving hypothesis ----------------------------------------------------------------

    def run(self, targets: list[t.Target], total: int, base_seed: int = 0,
            progress: Any = None) -> Stats:
        """Run `total` cases spread over `targets` by weight, in batches."""
        started = time.monotonic()
        share = t.shares(targets, total)
        for i, target in enumerate(targets):
            began = time.monotonic()
            self.run_target(target, share[target.name], base_seed + i)
            self.stats.seconds[target.name] += time.monotonic() - began
            if progress is not None:
                progress(target, self.stats)
        self.stats.wall = time.monotonic() - started
        return self.stats

    def run_target(self, target: t.Target, examples: int, case_seed: int) -> None:
        self.world.run(self._begin_batch())

        @seed(case_seed)
        @settings(max_examples=examples, database=None, deadline=None, derandomize=False,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck),
                  verbosity=Verbosity.quiet)
        @given(target.strategy)
        def fuzz(case: Any) -> None:
            self.world.run(self.execute(target, case))
            if self._ended:
                self._ended = False
                self.world.run(self.world.rotate())
            self.stats.cases[target.name] += 1
            self._in_batch += 1
            if self._in_batch >= self.batch_size:
                self.world.run(self._end_batch())
                self.world.run(self._begin_batch())

        fuzz()
        self.world.run(self._end_batch())

    # -- batches ---------------------------------------------------------------------------

    async def _begin_batch(self) -> None:
        assert self.world.store is not None
        self._in_batch = 0
        self._batch_ok = 0
        self._batch_counts = self.world.store.counts()
        self._log_pos = self.world.logs.mark()
        self.world.writes.trim()
        self.world.own_rows.clear()

    async def _end_batch(self) -> None:
        assert self.world.store is not None
        await asyncio.sleep(0.01)  # let anything the last case set going finish and log
        self._take_logs("batch", "(logged after its case)")
        self.stats.batches += 1
        if self._batch_ok == 0 and self._in_batch:
            self.stats.refused_batches += 1
            after = self.world.store.counts()
            own = self.world.own_rows
            changed = sorted(k for k in after
                             if after[k] != self._batch_counts.get(k, 0) + own[k])
            if changed:
                self._fail("partial_write", "batch", f"tables {changed} changed in a batch "
                           "where every request was refused", "")
        self.stats.health_checks += 1
        if await self.world.healthy():
            self.stats.health_answered += 1
        else:
            self._fail("unhealthy", "batch", "/healthz did not answer", "")
        await self.world.maintain()

    # -- checks ----------------------------------------------------------------------------

    def _fail(self, kind: str, target: str, detail: str, case: Any) -> None:
        self.stats.failures.append(Failure(kind, target, detail, _short(case)))

    def _take_logs(self, target: str, case: Any) -> None:
        for record in self.world.logs.since(self._log_pos):
            line = record.getMessage().splitlines()[0][:200]
            if unhandled(record):
                exc = record.exc_info[1] if record.exc_info else None
                raised = getattr(record, "raised", "")
                self._fail("unhandled", target, f"{record.name}: {line}"
                           + (f" [{type(exc).__name__}: {str(exc)[:120]}]" if exc else "")
                           + (f" [{raised}]" if raised else ""), case)
            else:
                self.stats.warnings[f"{record.name}: {line[:80]}"] += 1
        self._log_pos = self.world.logs.mark()

    def _settle(self, target: str, code: str, refused: bool, before: int, case: Any) -> None:
        """Tally an answer; a refused one must have committed nothing to either SQLite file."""
        self.stats.requests[target] += 1
        self.stats.outcomes[target][code] += 1
        self._take_logs(target, case)
        if refused:
            changed = self.world.writes.committed_since(before)
            if changed:
                self._fail("partial_write", target,
                           f"refused with {code} but committed to {sorted(set(changed))}", case)
        else:
            self._batch_ok += 1

    # -- cases -----------------------------------------------------------------------------

    async def execute(self, target: t.Target, case: Any) -> None:
        if isinstance(case, t.SocketCase):
            payload = await self.world.resolve(case.payload, case.actor)
            await self.emit(target.name, case.actor, case.event, case.mode, payload)
        elif isinstance(case, list):
            await self.sequence(target.name, case)
        elif isinstance(case, t.ConnectCase):
            await self.connect(target.name, case)
        elif isinstance(case, t.RawCase):
            await self.raw(target.name, case)
        elif isinstance(case, t.HttpCase):
            assert target.route is not None
            await self.http(target.name, target.route, case)
        elif isinstance(case, t.UnknownCase):
            await self.unknown(target.name, case)
        else:
            raise AssertionError(f"no runner for {case!r}")

    async def emit(self, target: str, actor: str, event: str, mode: str,
                   payload: Any) -> dict[str, Any] | None:
        world = self.world
        assert world.store is not None
        sio = world.socket(actor)
        if not sio.connected:
            await world.connect(actor)
            sio = world.socket(actor)
        case = (actor, event, mode, payload)
        before = world.writes.mark()
        try:
            if mode == "none":
                reply = await sio.call(event, timeout=TIMEOUT)
            elif mode == "many":
                reply = await sio.call(event, tuple(payload), timeout=TIMEOUT)
            else:
                reply = await sio.call(event, payload, timeout=TIMEOUT)
        except socketio.exceptions.TimeoutError:
            self._fail("hang", target, f"no acknowledgement within {TIMEOUT:.0f} s", case)
            return None
        except (socketio.exceptions.BadNamespaceError,
                socketio.exceptions.DisconnectedError):
            self._fail("dropped", target, "the server closed the connection", case)
            await world.connect(actor)
            return None
        except (TypeError, ValueError, RecursionError):
            self.stats.unsendable[target] += 1  # the client library cannot encode it
            return None
        problem = ack_problem(reply)
        ok = problem is None and reply["ok"]
        code = "ok" if ok else (reply.get("error") or {}).get("code", "?") if isinstance(
            reply, dict) else "?"
        if problem is not None:
            self._fail("unstructured", target, problem, case)
        elif code == "internal":
            self._fail("internal", target, "answered `internal`", case)
        self._settle(target, code, not ok, before, case)
        if ok and event == "send" and isinstance(reply["data"], dict):
            world.note_seen(reply["data"].get("seq"), reply["data"].get("id"))
        if ok and event == "flow" and isinstance(payload, dict) and payload.get("action") == "end":
            self._ended = True  # a fresh session after this case, or every later case stops
        return reply if isinstance(reply, dict) else None

    async def sequence(self, target: str, steps: list[t.Step]) -> None:
        last: tuple[str, str, Any] | None = None
        for step in steps:
            if step.replay and last is not None:
                actor, event, payload = last
            else:
                actor, event = step.actor, step.event
                payload = await self.world.resolve(step.payload, actor)
            await self.emit(target, actor, event, "one", payload)
            last = (actor, event, payload)

    async def connect(self, target: str, case: t.ConnectCase) -> None:
        world = self.world
        assert world.store is not None
        headers: dict[str, str] = {}
        if case.cookie in world.actors:
            headers["Cookie"] = f"balint_session={world.actors[case.cookie].token}"
        elif case.cookie == "garbage":
            headers["Cookie"] = 'balint_session="\\"; x=;;'
        elif case.cookie == "huge":
            headers["Cookie"] = "balint_session=" + "A" * 6000
        elif case.cookie == "two":
            headers["Cookie"] = (f"balint_session=nope; balint_session="
                                 f"{world.actors['m1'].token}")
        elif case.cookie == "revoked":
            token, _ = await world.throwaway_sign_in()
            await accounts.sign_out(world.svc, token)
            headers["Cookie"] = f"balint_session={token}"
        origin = await world.resolve(case.origin, "anon")
        if origin is not None:
            headers["Origin"] = origin
        before = world.writes.mark()
        # Our own HTTP session: the library leaves its own open when polling is refused.
        http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        client = _QuickClient(reconnection=False, http_session=http)
        try:
            await client.connect(world.url, transports=[case.transport], headers=headers,
                                 auth=case.auth, namespaces=[case.namespace], wait_timeout=3)
            outcome = "connected"
        except socketio.exceptions.ConnectionError:
            outcome = "refused"
        finally:
            if client.connected:
                await client.disconnect()
            await http.close()
        # Only a signed-in person, from our own origin (or a client that sends none), on the
        # one namespace there is.
        valid_cookie = case.cookie in world.actors or case.cookie == "two"
        should = (valid_cookie and origin in (None, "", world.url) and case.namespace == "/")
        if (outcome == "connected") != should:
            self._fail("wrong_result", target, f"{outcome}, expected the opposite",
                       (case, headers.get("Cookie", "")[:40]))
        self._settle(target, outcome, outcome == "refused", before, case)

    async def raw(self, target: str, case: t.RawCase) -> None:
        world = self.world
        assert world.store is not None and world.raw is not None
        if not world.raw.connected:
            await world.reconnect_raw()
        sio = world.raw
        before = world.writes.mark()
        # A packet that announces attachments waits for them: send as many as it announces,
        # or the next packet on the connection would be taken for one.
        announced = re.match(r"[56](\d+)-", case.packet if isinstance(case.packet, str) else "")
        missing = int(announced.group(1)) - len(case.attachments) if announced else 0
        try:
            await sio.eio.send(case.packet)
            for attachment in (*case.attachments, *[b"\x00"] * max(missing, 0)):
                await sio.eio.send(attachment)
        except (socketio.exceptions.SocketIOError, ConnectionError):
            self.stats.unsendable[target] += 1
            await world.reconnect_raw()
            return
        if case.oversized:
            for _ in range(200):
                if not sio.connected:
                    break
                await asyncio.sleep(0.01)
            if sio.connected:
                self._fail("wrong_result", target, "a packet over the size limit was accepted",
                           case)
            self._settle(target, "closed", True, before, case)
            await world.reconnect_raw()
            return
        # Then a well-formed event on the same connection: it must still be answered.
        outcome = "answered"
        try:
            problem = ack_problem(await sio.call("history", PROBE, timeout=3))
            if problem is not None:
                self._fail("unstructured", target, "probe after the packet: " + problem, case)
        except socketio.exceptions.TimeoutError:
            self._fail("hang", target, "the connection stopped answering", case)
            outcome = "hang"
        except (socketio.exceptions.BadNamespaceError, socketio.exceptions.DisconnectedError):
            self._fail("dropped", target, "the server closed the connection", case)
            outcome = "dropped"
        except (KeyError, IndexError, TypeError):
            outcome = "client_confused"  # our hand-written packet upset the client library
        self._settle(target, outcome, True, before, case)
        if outcome != "answered":
            await world.reconnect_raw()

    # -- HTTP ------------------------------------------------------------------------------

    async def _send(self, target: str, method: str, path: str, headers: dict[str, str],
                    data: Any, skip: list[str], case: Any) -> tuple[int, Any, bytes] | None:
        assert self.world.http is not None
        try:
            async with self.world.http.request(
                    method, URL(self.world.url + path, encoded=True), data=data, headers=headers,
                    skip_auto_headers=skip, allow_redirects=False,
                    timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as resp:
                return resp.status, resp.headers, await resp.read()
        except TimeoutError:
            self._fail("hang", target, f"no answer within {TIMEOUT:.0f} s", case)
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            self._fail("dropped", target, f"connection closed: {type(exc).__name__}", case)
        except (ValueError, TypeError, aiohttp.ClientError):
            self.stats.unsendable[target] += 1  # aiohttp would not send it
        return None

    def _check_http(self, target: str, method: str, path: str, answer: tuple[int, Any, bytes],
                    before: int, case: Any, sent: dict[str, str]) -> tuple[int, str]:
        status, headers, raw = answer
        problem, code = http_problem(path.split("?")[0], method, status, headers, raw)
        if status == 417 and "Expect" in sent:
            # aiohttp answers a bogus Expect header itself, before any of our code runs.
            problem, code = None, "417"
        if problem is not None:
            self._fail("internal" if status == 500 or code == "internal" else "unstructured",
                       target, problem, case)
        elif code == "internal":
            self._fail("internal", target, "answered `internal`", case)
        self._settle(target, code, status >= 400, before, case)
        return status, code

    async def http(self, target: str, route: t.Route, case: t.HttpCase) -> None:
        world = self.world
        assert world.store is not None
        spec = t.ROUTE_SPECS[route.name]
        actor = "spare" if spec.ends_sign_in else case.actor
        token, csrf = "", ""
        if spec.ends_sign_in:
            token, csrf = await world.throwaway_sign_in()
        elif actor != "anon":
            token, csrf = world.actors[actor].token, world.actors[actor].csrf
        path = route.path
        for value in case.path_values:
            start, end = path.index("{"), path.index("}")
            path = path[:start] + _segment(await world.resolve(value, actor)) + path[end + 1:]
        query = await world.resolve(case.query, actor)
        if isinstance(query, Raw):
            path += "?" + query.text
        elif query:
            path += "?" + urllib.parse.urlencode(query, doseq=True, errors="surrogatepass")
        headers = dict(case.headers)
        cookie = {"actor": f"balint_session={token}" if token else None, "none": None,
                  "garbage": "balint_session=%%%; a", "two": f"balint_session=x; "
                  f"balint_session={token}"}[case.cookie]
        if cookie:
            headers["Cookie"] = cookie
        sent_csrf = {"good": csrf, "missing": None, "wrong": "nope",
                     "huge": "x" * 8000}[case.csrf]
        if sent_csrf:
            headers["X-CSRF-Token"] = sent_csrf
        origin = await world.resolve(case.origin, actor)
        if origin is not None:
            headers["Origin"] = origin
        body = await world.resolve(case.body, actor)
        data, skip = _body(body)
        if case.content_type is not None:
            headers["Content-Type"] = case.content_type
        else:
            skip.append("Content-Type")
        before = world.writes.mark()
        answer = await self._send(target, route.method, path, headers, data, skip,
                                  (actor, path, body, case.csrf, case.cookie, origin))
        if answer is None:
            return
        status, _ = self._check_http(target, route.method, path, answer, before,
                                     (actor, path, _short(body, 200)), headers)
        if (route.name == "change_password" and status == 200 and isinstance(body, tuple)
                and isinstance(body[1], dict)):
            world.actors["spare"].password = body[1].get("new_password", "")

    async def unknown(self, target: str, case: t.UnknownCase) -> None:
        world = self.world
        assert world.store is not None
        headers = {}
        if case.actor != "anon":
            who = world.actors[case.actor]
            headers = {"Cookie": f"balint_session={who.token}", "X-CSRF-Token": who.csrf}
        before = world.writes.mark()
        answer = await self._send(target, case.method, case.path, headers, None, [], case)
        if answer is not None:
            self._check_http(target, case.method, case.path, answer, before, case, headers)


class _QuickClient(socketio.AsyncClient):
    async def disconnect(self) -> None:
        # Abort: a polling client would wait for its last long-poll to end (about 30 s),
        # also inside connect() when the server refuses the namespace.
        await self.eio.disconnect(abort=True)


def _segment(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    return urllib.parse.quote(str(value), safe="", errors="surrogatepass")


async def _chunks(data: bytes) -> AsyncIterator[bytes]:
    for i in range(0, max(len(data), 1), 512):
        yield data[i:i + 512]


def _body(body: Any) -> tuple[Any, list[str]]:
    """What aiohttp should send for a generated body, and which headers it must not add."""
    if body is None:
        return None, []
    kind, value = body
    if kind == "json":
        return json.dumps(value).encode(), []
    if kind == "text":
        return value.encode("utf-8", "surrogatepass"), []
    if kind == "chunked":
        return _chunks(value), []
    return value, []



def report(stats: Stats, top: int = 3) -> str:
    """The per-target table and the totals, as printed by `make fuzz`."""
    lines = [f"{'target':<52} {'cases':>7} {'requests':>8} {'ok':>6}  most common answers"]
    for name in sorted(stats.cases):
        outcomes = stats.outcomes.get(name, Counter())
        common = ", ".join(f"{code} {n}" for code, n in outcomes.most_common(top))
        lines.append(f"{name:<52} {stats.cases[name]:>7,} {stats.requests[name]:>8,} "
                     f"{outcomes.get('ok', 0):>6,}  {common}")
    kinds = stats.kinds()
    lines += [
        "",
        f"cases {sum(stats.cases.values()):,} in {len(stats.cases)} targets, "
        f"requests {sum(stats.requests.values()):,}, wall time {stats.wall:,.1f} s "
        f"({sum(stats.cases.values()) / max(stats.wall, 1e-9):,.0f} cases/s)",
        f"unhandled exceptions in the logs: {kinds['unhandled']}",
        f"internal errors (500 / `internal`): {kinds['internal']}",
        f"unstructured answers: {kinds['unstructured']}",
        f"partial writes: {kinds['partial_write']} (refused batches checked by row counts: "
        f"{stats.refused_batches})",
        f"hangs: {kinds['hang']}, dropped connections: {kinds['dropped']}, "
        f"wrong results: {kinds['wrong_result']}",
        f"health checks answered: {stats.health_answered:,} of {stats.health_checks:,} "
        f"(one after each of {stats.batches:,} batches)",
    ]
    if stats.unsendable:
        lines.append(f"not sent (the client library refused to encode them): "
                     f"{sum(stats.unsendable.values()):,}")
    if stats.warnings:
        lines.append("warnings logged (not failures): " + "; ".join(
            f"{text} x{n}" for text, n in stats.warnings.most_common(5)))
    return "\n".join(lines)
