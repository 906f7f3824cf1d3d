"""Single sign-on in tests: the real `oidc-provider` (npm) run with node, and a token minter.

`OidcProviderProcess` starts tests/oidc/provider.mjs on a free loopback port: the certified
provider the browser tests sign in through. `TokenMinter` is for the refusals that a correct
provider never produces (a tampered signature, a wrong audience, an expired token): a tiny
issuer on loopback that serves discovery and its JWKS, and answers the token endpoint with
the ID token the test crafted, signed by its test key (joserfc), so our server fetches and
checks keys exactly as it does from a real provider.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiohttp import web
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from server.config import OidcProvider
from tests.support import ApiClient, free_port, serve_on_loopback

ROOT = Path(__file__).resolve().parents[1]
PROVIDER_SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
NODE_MODULES = ROOT / "web" / "node_modules"
CLIENT_ID = "balint-rooms"
CLIENT_SECRET = "test-client-secret-not-for-production"
TEST_LOGIN = "fiona.sso"  # the test account at the provider (any password is accepted)


@dataclass
class OidcProviderProcess:
    """`node tests/oidc/provider.mjs`: oidc-provider with one client and devInteractions."""

    issuer: str
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def port(self) -> int:
        return int(self.issuer.rsplit(":", 1)[1])

    def provider(self, ident: str = "deanery", name: str = "Deanery Login") -> OidcProvider:
        return OidcProvider(ident, self.issuer, CLIENT_ID, CLIENT_SECRET, name)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_oidc_provider(tmp: Path, redirect_uri: str, post_logout: str, *, port: int = 0,
                        key_id: str = "first") -> OidcProviderProcess:
    """Start the provider; the same port with another `key_id` is the provider rotating its
    signing key (the old one gone from its JWKS)."""
    port = port or free_port()
    issuer = f"http://localhost:{port}"
    log_path = tmp / f"oidc-provider-{key_id}.log"
    env = {**os.environ, "PORT": str(port), "ISSUER": issuer, "CLIENT_ID": CLIENT_ID,
           "CLIENT_SECRET": CLIENT_SECRET, "REDIRECT_URI": redirect_uri,
           "POST_LOGOUT_REDIRECT_URI": post_logout, "KEY_ID": key_id,
           "PROVIDER_MODULE": str(NODE_MODULES / "oidc-provider" / "lib" / "index.js")}
    with log_path.open("wb") as log:
        process = subprocess.Popen(["node", str(PROVIDER_SCRIPT)], cwd=ROOT / "web", env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while "listening" not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("oidc-provider did not start:\n" + log_path.read_text())
        time.sleep(0.05)
    return OidcProviderProcess(issuer, process, log_path)


def new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


@dataclass
class TokenMinter:
    """An issuer whose token endpoint answers with the ID token the test set for its code."""

    keys: list[RSAKey] = field(default_factory=lambda: [new_key("first")])
    tokens: dict[str, str] = field(default_factory=dict)
    jwks_reads: int = 0
    url: str = ""
    _runner: web.AppRunner | None = None

    def provider(self) -> OidcProvider:
        return OidcProvider("test", self.url, CLIENT_ID, CLIENT_SECRET, "Test Health Login")

    async def start(self) -> TokenMinter:
        app = web.Application()
        app.router.add_get("/.well-known/openid-configuration", self._discovery)
        app.router.add_get("/jwks", self._jwks)
        app.router.add_post("/token", self._token)
        self._runner, port = await serve_on_loopback(app)
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _discovery(self, request: web.Request) -> web.Response:
        return web.json_response({
            "issuer": self.url, "authorization_endpoint": self.url + "/authorize",
            "token_endpoint": self.url + "/token", "jwks_uri": self.url + "/jwks",
            "end_session_endpoint": self.url + "/session/end"})

    async def _jwks(self, request: web.Request) -> web.Response:
        self.jwks_reads += 1
        return web.json_response(KeySet(list(self.keys)).as_dict(private=False))

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        token = self.tokens.pop(str(form.get("code", "")), None)
        if token is None or form.get("client_secret") != CLIENT_SECRET:
            return web.json_response({"error": "invalid_grant"}, status=400)
        return web.json_response({"id_token": token, "token_type": "Bearer"})

    def rotate(self) -> RSAKey:
        """The provider's new signing key replaces the old in its JWKS."""
        self.keys = [new_key(f"rotated-{len(self.tokens)}-{time.monotonic_ns()}")]
        return self.keys[0]

    def mint(self, code: str, *, nonce: str, key: RSAKey | None = None,
             **claims: Any) -> str:
        """Set the ID token the code will be exchanged for; claims override the good ones."""
        now = int(time.time())
        good: dict[str, Any] = {"iss": self.url, "aud": CLIENT_ID, "sub": "sso-subject-1",
                                "nonce": nonce, "iat": now, "exp": now + 300,
                                "given_name": "Sunita"}
        good.update(claims)
        signer = key or self.keys[0]
        token = jwt.encode({"alg": "RS256", "kid": signer.kid}, good, signer)
        self.tokens[code] = token
        return token


async def begin(api: ApiClient, provider: str, **body: Any) -> tuple[str, str]:
    """Start single sign-on as the browser would; the state and nonce the provider would see."""
    status, reply = await api.post(f"/api/sso/{provider}/start", body)
    assert status == 200, reply
    query = parse_qs(urlsplit(reply["data"]["url"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    return query["state"][0], query["nonce"][0]


def error_of(reply: dict[str, Any]) -> tuple[str, str]:
    assert not reply["ok"], json.dumps(reply)
    return reply["error"]["code"], reply["error"]["message"]
