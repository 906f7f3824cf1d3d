"""83 known XSS payloads (tests/vectors/xss/payloads.json) typed everywhere people can type,
and shown in Chromium on every screen that shows them: as text, with no script run and no
request leaving the page.

The payloads go in as chat messages, facilitators' channel messages, pause notes, display
names, group and programme names, session titles, ground rules and case notes (sealed by the
Python notes client, opened by the browser). The screens: the invitation, home and admin pages,
the room as a facilitator (waiting room, presence, presenter choice, hands, pauses, transcript,
facilitators' channel, case notes, safety numbers) and as a member (ground rules, transcript,
presence), the attendance register and the programme lead's dashboard.

Script running is caught four ways: a dialog (alert, confirm, prompt), a call of the exposed
`__xssHit` binding, a Content-Security-Policy violation report (the CSP would block an injected
handler, so a violation is the trace an injection leaves), and a DOM audit for any element or
attribute the app never makes (on* handlers, img, iframe, javascript: URLs...). Every request,
websocket and navigation must stay on the server's origin and known paths. A last step injects
one payload with innerHTML on purpose and checks that the detectors see it, so the test can fail.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import socketio
from playwright.async_api import Browser, BrowserContext, Page, expect

from server.actions import accounts
from server.notes_client import NotesClient
from tests.browser.conftest import ROOT, ServerProcess
from tests.support import PASSWORD, ApiClient

pytestmark = pytest.mark.browser

CORPUS: list[dict[str, str]] = json.loads(
    (ROOT / "tests" / "vectors" / "xss" / "payloads.json").read_text("utf-8"))["payloads"]
PAYLOADS = [p["payload"] for p in CORPUS]
PASSPHRASE = "a kettle, a cup and a biscuit"
MAIN = "svg-onload"  # the payload that names the group and session the room tests use
# The lead dashboard's small-number suppression grows steeply with a programme's groups (see
# the report of this test's author: 40 groups take ~40 s), so programmes stay small here.
GROUPS_PER_PROGRAMME = 8
CO_FACILITATORS = 5

# What the page and its scripts may ask for; anything else is a payload fetching something.
# (vendor/noble-hashes/: the seven @noble/hashes modules web/key_backup.js imports for scrypt;
# vendor/qr.js: the QR encoder web/notes_compare.js draws key codes with; static/guard_names.json:
# the guard's name lists.)
ALLOWED_PATHS = re.compile(r"^/(|static/[a-z_]+\.(js|css)|static/guard_names\.json|"
                           r"vendor/socket\.io\.js|vendor/qr\.js|"
                           r"vendor/noble-hashes/(scrypt|pbkdf2|sha2|utils|hmac|_md|_u64)\.js|"
                           r"api/.*|socket\.io/.*)$")

# Installed before any page script: record dialogs, bindings and CSP violations.
SENTINEL = """
(() => {
  const report = (kind, detail) => { try { window.__xssHit(kind + ': ' + detail); } catch (e) {} };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = window[name];
    window[name] = function (...args) {
      report(name, String(args[0]));
      return original.apply(this, args);
    };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    report('csp', `${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
  }, true);
})();
"""

# Everything on the page the app would never make itself.
DOM_AUDIT = """
() => {
  const bad = [];
  const forbidden = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'img', 'image',
    'video', 'audio', 'source', 'track', 'picture', 'math', 'style', 'template', 'base',
    'marquee', 'xmp', 'noembed', 'applet', 'portal', 'foreignobject', 'animate', 'set',
    'animatetransform', 'animatemotion', 'use', 'canvas']);
  const chartParts = new Set(['svg', 'line', 'text', 'rect', 'g', 'title', 'desc']);
  const ownScripts = new Set(['/static/app.js', '/static/guard.js']);
  const ownLinks = new Set(['stylesheet /static/styles.css', 'preload /static/guard_names.json',
    'modulepreload /static/guard_names.js']);
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data',
    'srcdoc', 'poster', 'background', 'codebase', 'cite', 'ping']);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName.toLowerCase();
    if (forbidden.has(tag)) bad.push(`element <${tag}>`);
    if (el.namespaceURI === 'http://www.w3.org/2000/svg'
        && !(chartParts.has(tag) && el.closest('svg.rate-chart, svg.band-chart'))) {
      bad.push(`svg element <${tag}>`);
    }
    if (el.namespaceURI === 'http://www.w3.org/1998/Math/MathML') bad.push(`mathml <${tag}>`);
    // Only web/index.html's own: the app, the guard loaded on its own, and its preloads.
    if (tag === 'script' && !ownScripts.has(el.getAttribute('src'))) bad.push('script');
    const link = `${el.getAttribute('rel')} ${el.getAttribute('href')}`;
    if (tag === 'link' && !ownLinks.has(link)) bad.push('link');
    if (tag === 'meta' && el.hasAttribute('http-equiv')) bad.push('meta http-equiv');
    if (tag === 'noscript' && el.parentElement !== document.body) bad.push('noscript');
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) bad.push(`${tag}[${name}]`);
      if (urlAttrs.has(name)) {
        const value = attr.value.replace(/[\\u0000-\\u0020\\u007f-\\u00a0]+/g, '').toLowerCase();
        let origin = null;
        try { origin = new URL(attr.value, location.href).origin; } catch (e) { /* unparsable */ }
        if (/^(javascript|data|vbscript):/.test(value) || origin !== location.origin) {
          bad.push(`${tag}[${name}=${attr.value.slice(0, 40)}]`);
        }
      }
    }
  }
  if (document.querySelectorAll('script').length !== ownScripts.size) bad.push('script count');
  if (document.querySelectorAll('noscript').length !== 1) bad.push('noscript count');
  return bad;
}
"""


def shown(text: str) -> str:
    """What the server keeps of a typed text: NFC-normalised and trimmed (validate.clean_text)."""
    return unicodedata.normalize("NFC", text).strip()


def expected_refusal(text: str, limit: int, *, newlines: bool = False) -> str | None:
    """The error code the server's rules (server/validate.py) must answer with, or None."""
    for ch in shown(text):
        category = unicodedata.category(ch)
        if category == "Cs" or (category == "Cc" and not (newlines and ch in "\n\t")):
            return "bad_text"
    if not shown(text):
        return "empty_text"
    return "too_long" if len(shown(text)) > limit else None


def payload(name: str) -> str:
    return next(p["payload"] for p in CORPUS if p["name"] == name)


@dataclass
class Watch:
    """Everything suspicious any page did, gathered as it happens."""

    origin: str
    hits: list[str] = field(default_factory=list)

    async def attach(self, context: BrowserContext) -> None:
        await context.expose_binding("__xssHit", lambda _source, what: self.hits.append(what))
        await context.add_init_script(SENTINEL)
        context.on("request", self._request)
        context.on("page", self._page)

    def _request(self, request: Any) -> None:
        url = request.url
        path = url[len(self.origin):].split("?")[0].split("#")[0]
        if not url.startswith(self.origin + "/") or not ALLOWED_PATHS.match(path):
            self.hits.append(f"request {request.method} {url[:120]}")

    def _page(self, page: Page) -> None:
        page.on("dialog", self._dialog)
        page.on("popup", lambda p: self.hits.append(f"popup {p.url[:120]}"))
        page.on("websocket", self._websocket)
        page.on("framenavigated", self._navigated)

    async def _dialog(self, dialog: Any) -> None:
        self.hits.append(f"dialog {dialog.type}: {dialog.message[:80]}")
        await dialog.dismiss()

    def _websocket(self, ws: Any) -> None:
        if not ws.url.startswith(self.origin.replace("http://", "ws://") + "/socket.io/"):
            self.hits.append(f"websocket {ws.url[:120]}")

    def _navigated(self, frame: Any) -> None:
        if not frame.url.startswith(self.origin + "/") and frame.url != "about:blank":
            self.hits.append(f"navigation {frame.url[:120]}")

    async def audit(self, page: Page, where: str) -> None:
        """Fail on anything seen so far, and on anything in the page's DOM the app never makes."""
        await page.wait_for_timeout(150)  # let handlers, loads and reports of the last render run
        found = await page.evaluate(DOM_AUDIT)
        assert (self.hits, found) == ([], []), (
            f"on {where}: {len(self.hits)} hits {self.hits[:10]}, "
            f"{len(found)} DOM findings {sorted(set(found))[:10]}")


class Account(ApiClient):
    user_id = ""


async def accept(url: str, link: str, username: str, name: str) -> tuple[Account, str | None]:
    """Sign up through an invitation; the account, or the refusal's code."""
    api = Account(url)
    status, reply = await api.post("/api/invitations/accept", {
        "token": accounts.token_from_link(link), "username": username, "display_name": name,
        "password": PASSWORD})
    if status != 200:
        await api.close()
        assert reply["error"]["message"], reply
        return api, str(reply["error"]["code"])
    api.user_id = reply["data"]["user_id"]
    return api, None


async def created(api: ApiClient, path: str, body: dict[str, Any],
                  limit: int, text: str) -> str | None:
    """POST a form that creates something named `text`: its id, checking the refusal rule."""
    status, reply = await api.post(path, body)
    want = expected_refusal(text, limit)
    if want is None:
        assert status == 201, (text, reply)
        return str(reply["data"]["id"])
    assert (status, reply["error"]["code"]) == (400, want), (text, reply)
    return None


class Socket:
    def __init__(self, url: str, api: ApiClient) -> None:
        self.url, self.api = url, api
        self.sio = socketio.AsyncClient(reconnection=False)

    async def open(self) -> Socket:
        await self.sio.connect(self.url, transports=["websocket"], wait_timeout=10,
                               headers={"Cookie": f"balint_session={self.api.cookie()}"})
        return self

    async def call(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        reply: dict[str, Any] = await self.sio.call(event, data, timeout=20)
        return reply

    async def ok(self, event: str, data: dict[str, Any]) -> Any:
        reply = await self.call(event, data)
        assert reply["ok"], (event, reply)
        return reply["data"]


async def texts(page: Page, selector: str, first_node: bool = False) -> list[str]:
    """The text of every element matching `selector` (or of its first text node)."""
    script = ("(els) => els.map((e) => e.firstChild ? e.firstChild.nodeValue : '')" if first_node
              else "(els) => els.map((e) => e.textContent)")
    found: list[str] = await page.locator(selector).evaluate_all(script)
    return found


def same(seen: list[str], wanted: list[str]) -> None:
    """The same texts, as many times each, in any order."""
    missing, unexpected = sorted(set(wanted) - set(seen)), sorted(set(seen) - set(wanted))
    assert sorted(seen) == sorted(wanted), f"missing {missing[:5]}, unexpected {unexpected[:5]}"


async def until(check: Callable[[], Awaitable[bool]], what: str, within: float = 20) -> None:
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def sign_in(context: BrowserContext, url: str, username: str) -> Page:
    page = await context.new_page()
    await page.goto(url + "/#/sign-in")
    await page.get_by_label("Sign-in name").fill(username)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await expect(page.get_by_role("heading", name="My groups")).to_be_visible()
    return page


async def test_every_payload_is_shown_as_text_and_nothing_runs(
        chromium: Browser, live_server: ServerProcess) -> None:
    url = live_server.url  # start_server returns once the port listens
    watch = Watch(url)
    refusals: dict[str, list[str]] = {}

    # --- names: a programme, a group per payload, a session per group ------------------------
    admin, _ = await accept(url, live_server.first_invite, "admin", "Ada")
    # Groups go into programmes of GROUPS_PER_PROGRAMME, each programme named by a payload too.
    programme_of: dict[str, str] = {}  # payload name -> programme id, for named programmes
    programmes: list[str] = []
    group_of: dict[str, str] = {}
    groups_in: dict[str, list[str]] = {}
    for item in CORPUS:
        if not programmes or len(groups_in[programmes[-1]]) == GROUPS_PER_PROGRAMME:
            name = next(p["name"] for p in CORPUS if p["name"] not in programme_of
                        and expected_refusal(p["payload"], 120) is None)
            made = await created(admin, "/api/programmes", {"name": payload(name)}, 120,
                                 payload(name))
            assert made
            programme_of[name] = made
            programmes.append(made)
            groups_in[made] = []
        made = await created(admin, "/api/groups", {"programme_id": programmes[-1],
                                                    "name": item["payload"]}, 120,
                             item["payload"])
        if made:
            group_of[item["name"]] = made
            groups_in[programmes[-1]].append(item["name"])
        else:
            refusals.setdefault("group name", []).append(item["name"])
    main_group = group_of[MAIN]

    async def invitation(group: str, role: str) -> str:
        status, reply = await admin.post(f"/api/groups/{group}/invitations", {"role": role})
        assert status == 201, reply
        return str(reply["data"]["link"])

    fiona, _ = await accept(url, await invitation(main_group, "facilitator"), "fiona", "Fiona")
    session_of: dict[str, str] = {}
    for name, group in group_of.items():
        if group != main_group:
            status, _ = await fiona.post("/api/invitations/accept",
                                         {"token": accounts.token_from_link(
                                             await invitation(group, "facilitator"))})
            assert status == 200
        title = payload(name)
        made = await created(fiona, f"/api/groups/{group}/sessions", {"title": title}, 120,
                             title)
        if made:
            session_of[name] = made
        else:
            refusals.setdefault("session title", []).append(name)
    session = session_of[MAIN]
    rules = [shown(p) for p in PAYLOADS if expected_refusal(p, 3000) is None
             and "\n" not in p and shown(p) == p][:40]
    status, reply = await fiona.request("PUT", f"/api/groups/{main_group}/settings",
                                        {"ground_rules": "\n".join(rules)})
    assert status == 200, reply

    # --- people: one member per payload as display name, and co-facilitators -----------------
    members: dict[str, Account] = {}
    for i, item in enumerate(CORPUS):
        api, code = await accept(url, await invitation(main_group, "member"), f"member{i:02d}",
                                 item["payload"])
        assert code == expected_refusal(item["payload"], 60), (item["name"], code)
        if code is None:
            members[item["name"]] = api
        else:
            refusals.setdefault("display name", []).append(f"{item['name']} ({code})")
    names = [payload(n) for n in members]
    co_facilitators = []
    for i, name in enumerate(list(members)[:CO_FACILITATORS]):
        api, code = await accept(url, await invitation(main_group, "facilitator"), f"cofac{i}",
                                 payload(name))
        assert code is None
        co_facilitators.append(api)

    # --- the facilitator's room, in Chromium -------------------------------------------------
    fac_context = await chromium.new_context(viewport={"width": 1400, "height": 1000})
    await watch.attach(fac_context)
    room = await sign_in(fac_context, url, "fiona")
    await watch.audit(room, "the facilitator's home page")
    same(await texts(room, ".card h2[id^=g-]"), [shown(payload(n)) for n in group_of])
    same(await texts(room, ".sessions a"), [f"Enter “{shown(payload(n))}”" for n in session_of])
    same([t for t in await texts(room, ".card ul.plain a") if t.startswith("Attendance register")],
         [f"Attendance register: {shown(payload(n))}" for n in group_of])

    # Case notes, sealed by the Python client to Fiona's key; her browser restores the key.
    notes = NotesClient(url)
    await notes.sign_in("fiona", PASSWORD)
    await notes.create_key(PASSPHRASE)
    for text in PAYLOADS:
        await notes.write(session, text, "facilitators")

    await room.goto(f"{url}/#/room/{session}")
    await expect(room.get_by_role("status")).to_have_text("Connected")
    assert await room.locator("h1").text_content() == shown(payload(MAIN))
    assert (await room.locator("main > p.hint").first.text_content() or "").startswith(
        f"{shown(payload(MAIN))} · confidential")

    sockets = {n: await Socket(url, api).open() for n, api in members.items()}
    for s in sockets.values():
        await s.ok("accept_rules", {"session_id": session})
        assert (await s.ok("join", {"session_id": session}))["status"] == "waiting"
    await expect(room.locator("[aria-label='Waiting room'] li")).to_have_count(len(names))
    same(await texts(room, "[aria-label='Waiting room'] li", first_node=True),
         [shown(n) for n in names])
    same([t for t in await texts(room, "[aria-label='Waiting room'] button")
          if t.startswith("Admit ")], [f"Admit {shown(n)}" for n in names])
    await watch.audit(room, "the waiting room")

    # Fiona's second sign-in admits everyone; the co-facilitators come in.
    fiona_socket = await Socket(url, fiona).open()
    await fiona_socket.ok("join", {"session_id": session})
    for api in members.values():
        await fiona_socket.ok("admit", {"session_id": session, "user_id": api.user_id})
    co_sockets = [await Socket(url, api).open() for api in co_facilitators]
    for s in co_sockets:
        await s.ok("join", {"session_id": session})
    for s in sockets.values():
        await s.ok("join", {"session_id": session})
    everyone = [*(shown(n) for n in names),
                *(shown(payload(n)) for n in list(members)[:CO_FACILITATORS]), "Fiona"]
    await expect(room.locator(".presence > li")).to_have_count(len(everyone))
    same(await texts(room, ".presence > li", first_node=True), everyone)

    # Hands, pauses, messages, and the facilitators' channel.
    for name, s in sockets.items():
        await s.ok("hand", {"session_id": session, "raised": True})
        note = payload(name)
        reply = await s.call("pause_signal", {"session_id": session, "note": note})
        want = expected_refusal(note, 280)
        if want is None:
            assert reply["ok"], reply
        else:
            assert reply["error"]["code"] == want
            refusals.setdefault("pause note", []).append(name)
    senders = list(sockets.values())
    messages = []
    for i, item in enumerate(CORPUS):
        reply = await senders[i % len(senders)].call("send", {
            "session_id": session, "client_id": f"xss-{i:03d}-client", "text": item["payload"]})
        want = expected_refusal(item["payload"], 4000, newlines=True)
        if want is None:
            assert reply["ok"], reply
            messages.append(shown(item["payload"]))
        else:
            assert reply["error"]["code"] == want
            refusals.setdefault("message", []).append(item["name"])
    for i, item in enumerate(CORPUS):
        if expected_refusal(item["payload"], 4000, newlines=True) is None:
            await co_sockets[i % CO_FACILITATORS].ok("send", {
                "session_id": session, "client_id": f"fac-{i:03d}-client",
                "text": item["payload"], "channel": "facilitators"})

    await expect(room.locator(".chat .transcript .message")).to_have_count(len(messages))
    same(await texts(room, ".chat .transcript .message .text"), messages)
    await expect(room.locator(".fac-channel .message")).to_have_count(len(messages))
    same(await texts(room, ".fac-channel .message .text"), messages)
    same(list(set(await texts(room, ".fac-channel .message .author"))),
         [shown(payload(n)) for n in list(members)[:CO_FACILITATORS]])
    await expect(room.locator("[aria-label='Raised hands, in order'] li")).to_have_count(
        len(names))
    same(await texts(room, "[aria-label='Raised hands, in order'] li", first_node=True),
         [shown(n) for n in names])
    await expect(room.locator(".pauses li")).to_have_count(len(names))
    same(await texts(room, ".pauses li strong"), [shown(n) for n in names])
    pause_notes = await room.locator(".pauses li").evaluate_all(
        "(els) => els.map((e) => e.childNodes.length > 2 ? e.childNodes[2].nodeValue : '')")
    same([n for n in pause_notes if n],
         [f": “{shown(payload(n))}”" for n in members if expected_refusal(payload(n), 280)
          is None])
    same(await room.locator(".presence .menu-button").evaluate_all(
        "(els) => els.map((e) => e.getAttribute('aria-label'))"),
        [f"Actions for {shown(n)}" for n in names])
    await watch.audit(room, "the facilitator's room")

    # --- case notes: opened in this browser ---------------------------------------------------
    await room.get_by_label("Recovery passphrase").fill(PASSPHRASE)
    await room.get_by_role("button", name="Restore my key").click()
    await expect(room.locator(".notes-list .note")).to_have_count(len(PAYLOADS), timeout=20000)
    # Exactly as written, a leading byte-order mark included (as Python's client reads it).
    same(await texts(room, ".notes-list .note-text"), list(PAYLOADS))
    await room.get_by_text("Compare safety numbers").click()
    await expect(room.locator(".safety-numbers li")).to_have_count(len(everyone))
    same(await texts(room, ".safety-numbers li .author"),
         [n if n != "Fiona" else "Fiona (you)" for n in everyone])
    await watch.audit(room, "the case notes")

    # --- a member's view: invitation, ground rules, room -------------------------------------
    tom_context = await chromium.new_context()
    await watch.attach(tom_context)
    tom = await tom_context.new_page()
    await tom.goto(await invitation(main_group, "member"))
    await expect(tom.locator("p.lead")).to_have_text(
        f"You have been invited to join {shown(payload(MAIN))} as a member.")
    await watch.audit(tom, "the invitation")
    await tom.get_by_label("Sign-in name").fill("tom")
    await tom.get_by_label("Display name").fill("Tom")
    await tom.get_by_label("Password").fill(PASSWORD)
    await tom.get_by_role("button", name="Create my account").click()
    await tom.get_by_role("link", name=f"Enter “{shown(payload(MAIN))}”").click()
    await expect(tom.locator(".notice h2")).to_have_text(f"Ground rules of {shown(payload(MAIN))}")
    same(await texts(tom, ".notice ol.rules li"), rules)
    await watch.audit(tom, "the ground rules")
    await tom.get_by_role("button", name="I agree to these ground rules").click()
    await expect(tom.get_by_role("heading", name="Waiting room")).to_be_visible()
    tom_id = await tom.evaluate("async () => (await (await fetch('/api/me')).json()).data.user.id")
    await fiona_socket.ok("admit", {"session_id": session, "user_id": tom_id})
    await expect(tom.get_by_role("status")).to_have_text("Connected")
    await expect(tom.locator(".transcript .message")).to_have_count(len(messages))
    same(await texts(tom, ".transcript .message .text"), messages)
    same(await texts(tom, ".presence > li", first_node=True), [*everyone, "Tom"])
    await watch.audit(tom, "the member's room")

    # --- attendance register, admin page, lead dashboard --------------------------------------
    await room.goto(f"{url}/#/register/{main_group}")
    await expect(room.locator("h1")).to_have_text(
        f"Attendance register: {shown(payload(MAIN))}")
    assert shown(payload(MAIN)) in await texts(room, "section.card h2")
    register_names = await texts(room, "table.register tbody th", first_node=True)
    assert set(register_names) >= {shown(n) for n in names}
    await watch.audit(room, "the attendance register")

    admin_context = await chromium.new_context()
    await watch.attach(admin_context)
    home = await sign_in(admin_context, url, "admin")
    same(await texts(home, ".admin-groups h3"), [shown(payload(n)) for n in group_of])
    same(await texts(home, "select[name=programme_id] option"),
         [shown(payload(n)) for n in programme_of])
    same([t for t in await texts(home, ".card ul.plain a") if t.startswith("Programme")],
         [f"Programme attendance: {shown(payload(n))}" for n in programme_of])
    await watch.audit(home, "the administrator's home page")
    for name, programme in programme_of.items():
        await home.goto(f"{url}/#/lead/{programme}")
        await expect(home.locator("p.lead")).to_contain_text(f"{shown(payload(name))}, ")
        same(await texts(home, "h2[id^=lg-]:not(#lg-all)"),
             [shown(payload(n)) for n in groups_in[programme]])
        # No session of these programmes has ended, so the lead reads "Nothing to show yet"
        # instead of a table of empty figures; the group names stand in the headings above.
        await expect(home.get_by_role("heading", name="Nothing to show yet")).to_be_visible()
        assert await home.locator("section[aria-labelledby=lg-all]").count() == 0
        await watch.audit(home, f"the programme lead's dashboard of {name}")

    # --- the detectors themselves: an injection on purpose must be caught ---------------------
    await home.evaluate("(html) => { const d = document.createElement('div');"
                        " d.innerHTML = html; document.body.append(d); }",
                        payload("img-sentinel"))

    async def caught() -> bool:
        return (any(h.startswith("request GET") and h.endswith("/x") for h in watch.hits)
                and any(h.startswith("csp") for h in watch.hits))

    await until(caught, "the detectors to report the sentinel", within=5)
    assert any(h.startswith("request GET") and h.endswith("/x") for h in watch.hits), watch.hits
    assert any(h.startswith("csp") for h in watch.hits), watch.hits
    assert "element <img>" in await home.evaluate(DOM_AUDIT)

    print(f"\nXSS corpus: {len(PAYLOADS)} payloads; shown as text in messages "
          f"{len(messages)}, display names {len(names)}, group names {len(group_of)}, session "
          f"titles {len(session_of)}, notes {len(PAYLOADS)}; refused with a clear error: "
          + "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(refusals.items())))
    for s in [*sockets.values(), *co_sockets, fiona_socket]:
        await s.sio.disconnect()
    for api in [admin, fiona, *members.values(), *co_facilitators]:
        await api.close()
    await notes.close()
    for context in (fac_context, tom_context, admin_context):
        await context.close()
