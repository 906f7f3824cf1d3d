"""Settings from environment variables, with documented defaults and validation.

Every setting has one environment variable; `Config.from_env()` reads them all and refuses
bad values with a message naming the variable, so a typo fails at start-up, not at 3 a.m.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Documented in README.md ("Configuration"); keep the two in step.
ENV_DEFAULTS: dict[str, str] = {
    "BALINT_DATA_DIR": "./data",
    "BALINT_HOST": "127.0.0.1",
    "BALINT_PORT": "8080",
    "BALINT_PUBLIC_URL": "",  # e.g. https://rooms.example.org; derived from host/port when empty
    "BALINT_SESSION_HOURS": "12",  # how long a login lasts
    "BALINT_INVITE_DAYS": "7",  # how long an invitation link stays valid
    "BALINT_SCRYPT_N": "32768",  # scrypt cost; a power of two
    "BALINT_LOG_LEVEL": "INFO",
    "BALINT_SWEEP_SECONDS": "60",  # how often the retention sweeper runs
    "BALINT_MAX_SESSION_HOURS": "12",  # a session left open this long is ended; fractions allowed
    "BALINT_AUDIT_YEARS": "6",  # how long the content-free audit log is kept
    # Scale-out (deploy/README.md): empty = one process, no Redis. Set on every worker.
    "BALINT_REDIS_URL": "",  # e.g. redis://127.0.0.1:6379/0
    "BALINT_WORKER": "main",  # this process's name among the workers; unique per worker
    # The browser client's folder (index.html and its modules). Empty: web/ beside server/ in
    # this checkout. Set it when the package is installed elsewhere (pip install ., Docker).
    "BALINT_WEB_DIR": "",
    # The reverse proxy's address or network: only requests from it may say who the client is
    # (X-Forwarded-For), which sign-in throttling counts per address. Empty: no proxy.
    "BALINT_TRUSTED_PROXY": "",
    # auto = uvloop where it is installed (not on Windows), else asyncio's own loop.
    "BALINT_EVENT_LOOP": "auto",
    # Live sockets one person may hold on one worker: a tab is one socket, and a person needs a
    # handful. 1,000 sockets of one member slowed everyone's messages to ~2 s (issue 18).
    "BALINT_MAX_SOCKETS_PER_USER": "10",
    # Allocations between collections of the youngest generation (server/cli.py _tune_gc);
    # 0 keeps Python's own threshold.
    "BALINT_GC_GEN0": "50000",
    # The backup key file, kept apart from the data directory (deploy/README.md, "Backups").
    # The server reads only the epoch store beside it, to destroy old epoch keys on time.
    "BALINT_BACKUP_KEY_FILE": "",
    # Scheduled sessions and reminders (server/actions/scheduler.py): how often to look.
    "BALINT_SCHEDULE_SECONDS": "30",
    # Email reminders through the deployment's SMTP relay; empty host = no reminders (the UI
    # says so). STARTTLS is on unless set to no (a relay on localhost may not offer it).
    "BALINT_SMTP_HOST": "",
    "BALINT_SMTP_PORT": "587",
    "BALINT_SMTP_USER": "",
    "BALINT_SMTP_PASSWORD": "",
    "BALINT_SMTP_FROM": "",
    "BALINT_SMTP_STARTTLS": "yes",
    # Voice and video (deploy/README.md, "TURN"): coturn's static-auth-secret, its turn: URLs
    # (comma-separated), and how long one credential lasts before the room asks for another.
    # Empty secret or URLs: no relay, peers connect directly (fine on one network, not on many).
    "BALINT_TURN_SECRET": "",
    "BALINT_TURN_URLS": "",
    "BALINT_TURN_TTL_SECONDS": "600",
    # 1: browsers send media only through the relay (iceTransportPolicy "relay"), so members
    # never learn each other's home or practice IP addresses; costs relay bandwidth.
    "BALINT_TURN_RELAY_ONLY": "0",
    # Instead of BALINT_TURN_SECRET: coturn's SQLite userdb, whose secret the app rotates when
    # someone is removed or a session ends (server/turn_secrets.py), and coturn's realm.
    "BALINT_TURN_SECRET_DB": "",
    "BALINT_TURN_REALM": "",
}
EVENT_LOOPS = ("auto", "uvloop", "asyncio")


class ConfigError(ValueError):
    """A setting has a value we cannot use; the message names the variable."""


def _int(env: dict[str, str], name: str, low: int, high: int) -> int:
    raw = env.get(name, ENV_DEFAULTS[name])
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _hours(env: dict[str, str], name: str, low: float, high: float) -> float:
    """Hours, fractions allowed (0.01 is 36 seconds: tests and demonstrations), as seconds."""
    raw = env.get(name, ENV_DEFAULTS[name])
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of hours, got {raw!r}") from None
    if not low <= value <= high:  # also refuses nan
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, got {raw}")
    return value * 3600


def _network(env: dict[str, str], name: str) -> str:
    raw = env.get(name, ENV_DEFAULTS[name]).strip()
    if raw:
        try:
            ipaddress.ip_network(raw, strict=False)
        except ValueError:
            raise ConfigError(f"{name} must be an IP address or network, got {raw!r}") from None
    return raw


def _smtp(env: dict[str, str]) -> dict[str, Any]:
    """The SMTP relay for reminders; a host without a sender address is refused."""
    host = env.get("BALINT_SMTP_HOST", "").strip()
    sender = env.get("BALINT_SMTP_FROM", "").strip()
    if host and "@" not in sender:
        raise ConfigError("BALINT_SMTP_FROM must be the address reminders come from, like "
                          "rooms@example.org, when BALINT_SMTP_HOST is set")
    starttls = env.get("BALINT_SMTP_STARTTLS", ENV_DEFAULTS["BALINT_SMTP_STARTTLS"]).lower()
    if starttls not in {"yes", "no", "true", "false", "1", "0"}:
        raise ConfigError(f"BALINT_SMTP_STARTTLS must be yes or no, got {starttls!r}")
    return {"smtp_host": host, "smtp_port": _int(env, "BALINT_SMTP_PORT", 1, 65535),
            "smtp_user": env.get("BALINT_SMTP_USER", ""),
            "smtp_password": env.get("BALINT_SMTP_PASSWORD", ""), "smtp_from": sender,
            "smtp_starttls": starttls in {"yes", "true", "1"}}


CHECKOUT_WEB_DIR = Path(__file__).resolve().parent.parent / "web"

# Single sign-on providers (issue 24): BALINT_OIDC_<ID>_ISSUER, _CLIENT_ID, _CLIENT_SECRET and
# _NAME per provider; <ID> is the deployment's own short name (ENTRA, DEANERY).
OIDC_ISSUER = re.compile(r"BALINT_OIDC_([A-Z0-9]{1,20})_ISSUER")


@dataclass(frozen=True)
class OidcProvider:
    id: str  # lower case, in URLs: /api/sso/entra/start
    issuer: str  # discovery is read from <issuer>/.well-known/openid-configuration
    client_id: str
    client_secret: str
    name: str  # on the button: "Sign in with NHSmail"


def oidc_providers(env: dict[str, str]) -> tuple[OidcProvider, ...]:
    found = []
    for key in sorted(env):
        match = OIDC_ISSUER.fullmatch(key)
        if match is None:
            continue
        ident, prefix = match.group(1), f"BALINT_OIDC_{match.group(1)}_"
        issuer = env[key].strip().rstrip("/")
        if not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ConfigError(f"{key} must be an https:// address (http only on loopback)")
        client_id = env.get(prefix + "CLIENT_ID", "").strip()
        if not client_id:
            raise ConfigError(f"{prefix}CLIENT_ID is needed beside {key}")
        found.append(OidcProvider(ident.lower(), issuer, client_id,
                                  env.get(prefix + "CLIENT_SECRET", ""),
                                  env.get(prefix + "NAME", "").strip() or ident.title()))
    return tuple(found)


@dataclass(frozen=True)
class Config:
    data_dir: Path = Path(ENV_DEFAULTS["BALINT_DATA_DIR"])
    host: str = ENV_DEFAULTS["BALINT_HOST"]
    port: int = int(ENV_DEFAULTS["BALINT_PORT"])
    public_url: str = ""
    session_seconds: int = 12 * 3600
    invite_seconds: int = 7 * 86400
    scrypt_n: int = 32768
    log_level: str = "INFO"
    sweep_seconds: int = 60
    max_session_seconds: float = 12 * 3600
    audit_seconds: int = 6 * 365 * 86400
    redis_url: str = ""
    worker: str = "main"
    trusted_proxy: str = ""
    event_loop: str = "auto"
    web_dir: Path = CHECKOUT_WEB_DIR
    max_sockets_per_user: int = 10
    gc_gen0: int = 50000
    backup_key_file: Path | None = None
    oidc: tuple[OidcProvider, ...] = ()
    schedule_seconds: float = 30.0
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)  # never in a log line or traceback
    smtp_from: str = ""
    smtp_starttls: bool = True
    turn_secret: str = field(default="", repr=False)  # never in a log or a traceback
    turn_urls: tuple[str, ...] = ()
    turn_ttl_seconds: int = 600
    turn_relay_only: bool = False
    turn_secret_db: Path | None = None  # coturn's userdb: secrets rotated (server/turn_secrets)
    turn_realm: str = ""

    def check_web_dir(self) -> None:
        """`balint serve` refuses to start without the browser client rather than answer every
        page with 404 (an installed package has no web/ beside it)."""
        if not (self.web_dir / "index.html").is_file():
            raise ConfigError(
                f"no browser client at {self.web_dir} (index.html is missing): set "
                f"BALINT_WEB_DIR to the web/ folder of Balint Rooms")

    @property
    def db_path(self) -> Path:
        return self.data_dir / "balint.sqlite3"

    @property
    def keystore_path(self) -> Path:
        return self.data_dir / "keys.sqlite3"

    @property
    def base_url(self) -> str:
        return self.public_url.rstrip("/") or f"http://{self.host}:{self.port}"

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def passkey_rp_id(self) -> str:
        """WebAuthn's relying-party id: the host people use (a name, not an IP address)."""
        return urlsplit(self.base_url).hostname or "localhost"

    @property
    def clustered(self) -> bool:
        """Several worker processes share the store and talk through Redis."""
        return bool(self.redis_url)

    def with_(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        env = dict(os.environ if environ is None else environ)
        scrypt_n = _int(env, "BALINT_SCRYPT_N", 1024, 2**20)
        if scrypt_n & (scrypt_n - 1):
            raise ConfigError(f"BALINT_SCRYPT_N must be a power of two, got {scrypt_n}")
        level = env.get("BALINT_LOG_LEVEL", ENV_DEFAULTS["BALINT_LOG_LEVEL"]).upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(
                f"BALINT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}"
            )
        public_url = env.get("BALINT_PUBLIC_URL", "")
        if public_url and not public_url.startswith(("http://", "https://")):
            raise ConfigError("BALINT_PUBLIC_URL must start with http:// or https://")
        redis_url = env.get("BALINT_REDIS_URL", "")
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigError("BALINT_REDIS_URL must start with redis://, rediss:// or unix://")
        worker = env.get("BALINT_WORKER", ENV_DEFAULTS["BALINT_WORKER"])
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", worker):
            raise ConfigError("BALINT_WORKER must be 1-40 letters, digits, '.', '_' or '-'")
        event_loop = env.get("BALINT_EVENT_LOOP", ENV_DEFAULTS["BALINT_EVENT_LOOP"]).lower()
        if event_loop not in EVENT_LOOPS:
            raise ConfigError(f"BALINT_EVENT_LOOP must be auto, uvloop or asyncio, got "
                              f"{event_loop!r}")
        return cls(
            data_dir=Path(env.get("BALINT_DATA_DIR", ENV_DEFAULTS["BALINT_DATA_DIR"])),
            host=env.get("BALINT_HOST", ENV_DEFAULTS["BALINT_HOST"]),
            port=_int(env, "BALINT_PORT", 0, 65535),
            public_url=public_url,
            session_seconds=_int(env, "BALINT_SESSION_HOURS", 1, 24 * 30) * 3600,
            invite_seconds=_int(env, "BALINT_INVITE_DAYS", 1, 90) * 86400,
            scrypt_n=scrypt_n,
            log_level=level,
            sweep_seconds=_int(env, "BALINT_SWEEP_SECONDS", 1, 86400),
            max_session_seconds=_hours(env, "BALINT_MAX_SESSION_HOURS", 0.001, 72),
            audit_seconds=_int(env, "BALINT_AUDIT_YEARS", 1, 30) * 365 * 86400,
            redis_url=redis_url,
            worker=worker,
            trusted_proxy=_network(env, "BALINT_TRUSTED_PROXY"),
            event_loop=event_loop,
            web_dir=Path(env.get("BALINT_WEB_DIR") or CHECKOUT_WEB_DIR),
            max_sockets_per_user=_int(env, "BALINT_MAX_SOCKETS_PER_USER", 1, 1000),
            gc_gen0=_int(env, "BALINT_GC_GEN0", 0, 10_000_000),
            backup_key_file=Path(env["BALINT_BACKUP_KEY_FILE"])
            if env.get("BALINT_BACKUP_KEY_FILE") else None,
            oidc=oidc_providers(env),
            schedule_seconds=_int(env, "BALINT_SCHEDULE_SECONDS", 1, 3600),
            **_smtp(env),
            turn_secret=env.get("BALINT_TURN_SECRET", ""),
            turn_urls=_turn_urls(env),
            # Negative: every pass handed out has already expired; only for the tests of
            # what people are told then (tests/browser/test_media_turn.py).
            turn_ttl_seconds=_int(env, "BALINT_TURN_TTL_SECONDS", -86400, 86400),
            turn_relay_only=bool(_int(env, "BALINT_TURN_RELAY_ONLY", 0, 1)),
            **_turn_secret_db(env),
        )


def _turn_urls(env: dict[str, str]) -> tuple[str, ...]:
    urls = tuple(u.strip() for u in env.get("BALINT_TURN_URLS", "").split(",") if u.strip())
    for url in urls:
        if not url.startswith(("turn:", "turns:", "stun:")):
            raise ConfigError(f"BALINT_TURN_URLS must list turn:, turns: or stun: URLs, got "
                              f"{url!r}")
    if urls and not (env.get("BALINT_TURN_SECRET") or env.get("BALINT_TURN_SECRET_DB")):
        raise ConfigError("BALINT_TURN_URLS needs BALINT_TURN_SECRET (coturn's "
                          "static-auth-secret) or BALINT_TURN_SECRET_DB (coturn's userdb) to "
                          "hand out credentials")
    return urls


def _turn_secret_db(env: dict[str, str]) -> dict[str, Any]:
    """The rotating mode: coturn's SQLite userdb and its realm (deploy/README.md, "TURN")."""
    path, realm = env.get("BALINT_TURN_SECRET_DB", ""), env.get("BALINT_TURN_REALM", "")
    if not path:
        return {}
    if env.get("BALINT_TURN_SECRET"):
        raise ConfigError("Set BALINT_TURN_SECRET or BALINT_TURN_SECRET_DB, not both: with the "
                          "userdb the app rotates the secret itself")
    if not re.fullmatch(r"[A-Za-z0-9.-]{1,127}", realm):
        raise ConfigError("BALINT_TURN_SECRET_DB needs BALINT_TURN_REALM, coturn's realm= "
                          "(letters, digits, '.' and '-')")
    return {"turn_secret_db": Path(path), "turn_realm": realm}
