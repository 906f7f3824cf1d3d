"""OpenID Connect relying party: discovery, the authorization URL with PKCE, the code exchange,
and ID-token verification against the provider's JWKS (following key rotation).

The JOSE work (signature, algorithms, claims) is joserfc's; this module only chooses what to
require: our issuer, our client id as audience, the nonce we sent, an unexpired token, and a
subject. Nothing here touches the store; server/actions/sso.py keeps the pending sign-ins.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
from joserfc import errors as jose_errors
from joserfc import jwt
from joserfc.jwk import KeySet

from server.config import OidcProvider
from server.errors import AppError

log = logging.getLogger("balint.oidc")

# Asymmetric algorithms only: "none" and HMAC-with-the-client-secret are never accepted.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"]
LEEWAY = 60  # seconds of clock difference tolerated between the provider and us
DISCOVERY_SECONDS = 3600
# A token signed with a key we do not know sends us back to the JWKS at once (the provider has
# rotated its keys), but once per unknown key id in this many seconds: a forged kid repeated
# does not make us fetch again (and failed callbacks meet the sign-in throttle anyway).
JWKS_REFRESH_SECONDS = 60
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=10)


@dataclass(frozen=True)
class Discovery:
    issuer: str  # exactly as the provider writes it (a trailing "/" or not): tokens match it
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _refused(code: str, message: str) -> AppError:
    return AppError(code, message, 401)


@dataclass
class OidcClient:
    """One provider, with its discovery document and keys cached."""

    provider: OidcProvider
    _discovery: Discovery | None = None
    _discovered_at: float = 0.0
    _keys: KeySet | None = None
    _refetched: dict[str, float] = field(default_factory=dict)  # unknown kid -> when

    def unavailable(self) -> AppError:
        return AppError("sso_unavailable", f"We could not reach {self.provider.name} just now. "
                        "Please try again in a few minutes, or sign in another way.", 502)

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as http, \
                    http.get(url, headers={"Accept": "application/json"}) as resp:
                if resp.status != 200:
                    raise self.unavailable()
                data = await resp.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError):
            log.warning("event=oidc_unreachable provider=%s", self.provider.id)
            raise self.unavailable() from None
        if not isinstance(data, dict):
            raise self.unavailable()
        return data

    async def discovery(self) -> Discovery:
        if self._discovery is None or time.monotonic() - self._discovered_at > DISCOVERY_SECONDS:
            doc = await self._get_json(self.provider.issuer + "/.well-known/openid-configuration")
            if str(doc.get("issuer", "")).rstrip("/") != self.provider.issuer:
                # OpenID Connect Discovery 4.3: the document must name the issuer we asked.
                log.warning("event=oidc_issuer_mismatch provider=%s", self.provider.id)
                raise self.unavailable()
            try:
                self._discovery = Discovery(str(doc["issuer"]), str(doc["authorization_endpoint"]),
                                            str(doc["token_endpoint"]), str(doc["jwks_uri"]),
                                            doc.get("end_session_endpoint"))
            except KeyError:
                raise self.unavailable() from None
            self._discovered_at = time.monotonic()
        return self._discovery

    async def keys(self, *, unknown_kid: str | None = None) -> KeySet:
        now = time.monotonic()
        stale = False
        if unknown_kid is not None:
            self._refetched = {k: t for k, t in self._refetched.items()
                               if now - t < JWKS_REFRESH_SECONDS}
            stale = unknown_kid not in self._refetched and len(self._refetched) < 100
            self._refetched[unknown_kid] = now
        if self._keys is None or stale:
            doc = await self._get_json((await self.discovery()).jwks_uri)
            try:
                self._keys = KeySet.import_key_set(doc)  # type: ignore[arg-type]
            except (jose_errors.JoseError, ValueError, KeyError, TypeError):
                raise self.unavailable() from None
            log.info("event=oidc_keys_loaded provider=%s keys=%d", self.provider.id,
                     len(self._keys.keys))
        return self._keys

    async def authorization_url(self, *, redirect_uri: str, state: str, nonce: str,
                                verifier: str) -> str:
        endpoint = (await self.discovery()).authorization_endpoint
        query = urlencode({
            "response_type": "code", "client_id": self.provider.client_id,
            "redirect_uri": redirect_uri, "scope": "openid profile email", "state": state,
            "nonce": nonce, "code_challenge": pkce_challenge(verifier),
            "code_challenge_method": "S256",
        })
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    async def exchange(self, *, code: str, verifier: str, redirect_uri: str) -> str:
        """The authorization code for the ID token, at the token endpoint (client_secret_post
        when a secret is configured; a public client otherwise, PKCE binding the code)."""
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "client_id": self.provider.client_id, "code_verifier": verifier}
        if self.provider.client_secret:
            form["client_secret"] = self.provider.client_secret
        endpoint = (await self.discovery()).token_endpoint
        try:
            async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as http, \
                    http.post(endpoint, data=form) as resp:
                answer = await resp.json(content_type=None)
                status = resp.status
        except (aiohttp.ClientError, TimeoutError, ValueError):
            raise self.unavailable() from None
        if status != 200 or not isinstance(answer, dict) or "id_token" not in answer:
            error = answer.get("error") if isinstance(answer, dict) else None
            log.info("event=oidc_code_refused provider=%s error=%s", self.provider.id,
                     error if isinstance(error, str) and error.isidentifier() else "other")
            raise _refused("sso_code_refused", f"{self.provider.name} did not confirm this "
                           "sign-in (the code was refused or had already been used). Please "
                           "start again from the sign-in page.")
        return str(answer["id_token"])

    async def verify(self, id_token: str, *, nonce: str, now: float) -> dict[str, Any]:
        """The ID token's claims, once its signature, issuer, audience, expiry and nonce are
        right; otherwise a refusal that says which, in words."""
        name = self.provider.name
        try:
            try:
                token = jwt.decode(id_token, await self.keys(), algorithms=ALGORITHMS)
            except jose_errors.InvalidKeyIdError:
                # Signed with a key we have not seen: the provider rotated. Fetch its keys again.
                kid = str(jwt_header_kid(id_token))[:100]
                token = jwt.decode(id_token, await self.keys(unknown_kid=kid),
                                   algorithms=ALGORITHMS)
        except jose_errors.JoseError as err:
            log.info("event=oidc_token_refused provider=%s reason=%s", self.provider.id,
                     err.error)
            raise _refused("sso_bad_signature", f"The sign-in from {name} could not be "
                           "verified (its signature does not match the provider's keys), so "
                           "you are not signed in. Please try again.") from None
        claims = token.claims
        registry = jwt.JWTClaimsRegistry(
            now=int(now), leeway=LEEWAY,
            iss={"essential": True, "value": (await self.discovery()).issuer},
            aud={"essential": True, "value": self.provider.client_id},
            sub={"essential": True}, exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(claims)
            audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
            if len(audiences) > 1 and claims.get("azp") != self.provider.client_id:
                raise jose_errors.InvalidClaimError("aud")
        except jose_errors.ExpiredTokenError:
            raise _refused("sso_expired", f"The sign-in from {name} had expired before it "
                           "reached us. Please try again (if it keeps happening, check this "
                           "computer's clock).") from None
        except jose_errors.ClaimError as err:
            claim = getattr(err, "claim", "")
            log.info("event=oidc_claim_refused provider=%s claim=%s", self.provider.id, claim)
            raise _claim_refusal(str(claim), name) from None
        return dict(claims)


def jwt_header_kid(id_token: str) -> str | None:
    """The key id a compact token's header names (read only to decide whether to refetch)."""
    try:
        header = json.loads(base64.urlsafe_b64decode(id_token.split(".")[0] + "=="))
    except (ValueError, UnicodeDecodeError):
        return None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None


def _claim_refusal(claim: str, name: str) -> AppError:
    if claim == "aud":
        return _refused("sso_wrong_audience", f"The sign-in from {name} was issued for another "
                        "service, not for Balint Rooms, so it was refused.")
    if claim == "nonce":
        return _refused("sso_wrong_nonce", f"The sign-in from {name} does not belong to the "
                        "sign-in you started here, so it was refused. Please start again.")
    if claim == "iss":
        return _refused("sso_wrong_issuer", f"The sign-in did not come from {name}, so it was "
                        "refused.")
    return _refused("sso_bad_token", f"The sign-in from {name} was incomplete or not yet "
                    "valid, so it was refused. Please try again.")


@dataclass
class OidcClients:
    """Every configured provider's client, made when first used."""

    providers: tuple[OidcProvider, ...] = ()
    _clients: dict[str, OidcClient] = field(default_factory=dict)

    def get(self, provider_id: str) -> OidcClient:
        for provider in self.providers:
            if provider.id == provider_id:
                if provider_id not in self._clients:
                    self._clients[provider_id] = OidcClient(provider)
                return self._clients[provider_id]
        raise AppError("sso_unknown_provider", "This server does not offer that single sign-on "
                       "provider. Go back to the sign-in page and choose one it lists.", 404)
