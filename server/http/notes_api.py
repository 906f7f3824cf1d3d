"""The case-notes JSON API: thin handlers over server/actions/notes.py (docs/protocol.md).

Every endpoint needs sign-in; writes carry the CSRF token (the middleware checks it). Nothing here
logs a request body: envelopes, key backups and public keys never reach a log line.
"""

from __future__ import annotations

from aiohttp import web

from server import payloads
from server.actions import notes
from server.http import api, session
from server.keys import SERVICES

# An envelope is at most 100,000 bytes; inside a JSON string each of its quotes gains a
# backslash, so the request needs a little more room than the API's usual 64 KiB.
NOTE_BODY_LIMIT = 128 * 1024


async def put_key(request: web.Request) -> web.Response:
    who = await session.required(request)
    data = payloads.parse(payloads.NotesKey, await api.body(request))
    return api.reply(await notes.register_key(
        request.app[SERVICES], who.user, data.public_key, data.backup,
        replace=bool(data.replace), signing_key=data.signing_key,
    ))


async def get_key(request: web.Request) -> web.Response:
    who = await session.required(request)
    return api.reply(await notes.my_key(request.app[SERVICES], who.user))


async def group_keys(request: web.Request) -> web.Response:
    who = await session.required(request)
    return api.reply(await notes.group_keys(request.app[SERVICES], who.user,
                                            request.match_info["group_id"]))


async def recipients(request: web.Request) -> web.Response:
    who = await session.required(request)
    return api.reply(await notes.recipients(request.app[SERVICES], who.user,
                                            request.match_info["session_id"],
                                            request.query.get("audience", "")))


async def write_note(request: web.Request) -> web.Response:
    who = await session.required(request)
    data = payloads.parse(payloads.NewNote, await api.body(request, NOTE_BODY_LIMIT))
    note, created = await notes.write_note(
        request.app[SERVICES], who.user, request.match_info["session_id"],
        data.note_id, data.audience, data.envelope,
    )
    return api.reply(note, status=201 if created else 200)


async def list_notes(request: web.Request) -> web.Response:
    who = await session.required(request)
    return api.reply(await notes.list_notes(request.app[SERVICES], who.user,
                                            request.match_info["session_id"]))


async def get_note(request: web.Request) -> web.Response:
    who = await session.required(request)
    return api.reply(await notes.get_note(request.app[SERVICES], who.user,
                                          request.match_info["note_id"]))


async def add_reader(request: web.Request) -> web.Response:
    who = await session.required(request)
    data = payloads.parse(payloads.NoteReader, await api.body(request, NOTE_BODY_LIMIT))
    return api.reply(await notes.add_reader(request.app[SERVICES], who.user,
                                            request.match_info["note_id"], data.envelope))


async def delete_note(request: web.Request) -> web.Response:
    who = await session.required(request)
    await notes.delete_note(request.app[SERVICES], who.user, request.match_info["note_id"])
    return api.reply()


def routes() -> list[web.RouteDef]:
    # /api/notes/key before /api/notes/{note_id}: routes match in the order they are added.
    return [
        web.put("/api/notes/key", put_key, name="notes_put_key"),
        web.get("/api/notes/key", get_key, name="notes_get_key"),
        web.get("/api/groups/{group_id}/note-keys", group_keys, name="notes_group_keys"),
        web.get("/api/sessions/{session_id}/notes/recipients", recipients,
                name="notes_recipients"),
        web.post("/api/sessions/{session_id}/notes", write_note, name="notes_write"),
        web.get("/api/sessions/{session_id}/notes", list_notes, name="notes_list"),
        web.get("/api/notes/{note_id}", get_note, name="notes_get"),
        web.post("/api/notes/{note_id}/readers", add_reader, name="notes_add_reader"),
        web.delete("/api/notes/{note_id}", delete_note, name="notes_delete"),
    ]
