"""The browser client: one page, its ES modules and styles, the vendored socket.io client."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web

from server.errors import AppError
from server.http.name_data import name_data
from server.keys import CONFIG

# Only files directly in web/ with these endings: nothing under node_modules, no dotfiles, and
# no JSON (web/package.json and its lock would tell anyone our dependencies and their versions;
# the one JSON file the page needs, the guard's name lists, has its own route).
STATIC_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\.(js|css|svg|png|ico|html)")
SOCKET_IO_CLIENT = Path("node_modules/socket.io-client/dist/socket.io.esm.min.js")
# @noble/hashes (audited, no dependencies) for scrypt in web/crypto.js: exactly the ES modules
# scrypt.js imports, by name, so nothing else under node_modules is ever served.
NOBLE_HASHES = Path("node_modules/@noble/hashes")
NOBLE_FILES = frozenset({"scrypt.js", "pbkdf2.js", "sha2.js", "utils.js", "hmac.js", "_md.js",
                         "_u64.js"})
# `qr` (paulmillr, no dependencies) draws the QR code of a person's notes key: one file.
QR_ENCODER = Path("node_modules/qr/index.js")


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(request.app[CONFIG].web_dir / "index.html",
                            headers={"Cache-Control": "no-cache"})


async def static(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    path = request.app[CONFIG].web_dir / name
    if not STATIC_NAME.fullmatch(name) or not path.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(path, headers={"Cache-Control": "no-cache"})


async def socket_io_client(request: web.Request) -> web.FileResponse:
    path = request.app[CONFIG].web_dir / SOCKET_IO_CLIENT
    if not path.is_file():
        raise AppError("client_missing", "The web client's dependencies are not installed: "
                       "run `make run` (or `npm ci` in web/).", 503)
    return web.FileResponse(path, headers={"Content-Type": "text/javascript",
                                           "Cache-Control": "no-cache"})


async def noble_hashes(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    path = request.app[CONFIG].web_dir / NOBLE_HASHES / name
    if name not in NOBLE_FILES:
        raise web.HTTPNotFound()
    if not path.is_file():
        raise AppError("client_missing", "The web client's dependencies are not installed: "
                       "run `make run` (or `npm ci` in web/).", 503)
    return web.FileResponse(path, headers={"Content-Type": "text/javascript",
                                           "Cache-Control": "no-cache"})


async def qr_encoder(request: web.Request) -> web.FileResponse:
    path = request.app[CONFIG].web_dir / QR_ENCODER
    if not path.is_file():
        raise AppError("client_missing", "The web client's dependencies are not installed: "
                       "run `make run` (or `npm ci` in web/).", 503)
    return web.FileResponse(path, headers={"Content-Type": "text/javascript",
                                           "Cache-Control": "no-cache"})


async def healthz(request: web.Request) -> web.Response:
    # Says only that the process answers; nothing about users, sessions or versions.
    return web.json_response({"ok": True})


def routes() -> list[web.RouteDef]:
    return [
        web.get("/", index, name="index"),
        # Before /static/{name}: the guard's name lists go out gzipped once, not on every request.
        web.get("/static/guard_names.json", name_data, name="guard_name_data"),
        web.get("/static/{name}", static, name="static"),
        web.get("/vendor/socket.io.js", socket_io_client, name="vendor"),
        web.get("/vendor/noble-hashes/{name}", noble_hashes, name="vendor_noble"),
        web.get("/vendor/qr.js", qr_encoder, name="vendor_qr"),
        web.get("/healthz", healthz, name="healthz"),
    ]
