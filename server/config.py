"""Settings from environment variables, with documented defaults and validation.

Every setting has one environment variable; `Config.from_env()` reads them all and refuses
bad values with a message naming the variable, so a typo fails at start-up, not at 3 a.m.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

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
    "BALINT_MAX_SESSION_HOURS": "12",  # a session left open this long is ended by the sweeper
    "BALINT_AUDIT_YEARS": "6",  # how long the content-free audit log is kept
}


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
    max_session_seconds: int = 12 * 3600
    audit_seconds: int = 6 * 365 * 86400
    web_dir: Path = field(default_factory=lambda: Path(__file__).resolve().parent.parent / "web")

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
            max_session_seconds=_int(env, "BALINT_MAX_SESSION_HOURS", 1, 72) * 3600,
            audit_seconds=_int(env, "BALINT_AUDIT_YEARS", 1, 30) * 365 * 86400,
        )
