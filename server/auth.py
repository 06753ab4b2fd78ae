"""Optional bearer-key authentication, and who owns a job.

With no keys configured the server is open (a laptop, a trusted network) and every caller is
`anonymous`. With keys, each request must carry one; a key is known by a short hash of itself,
so job rows and logs never hold the secret.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.errors import APIError

ANONYMOUS = "anonymous"

bearer = HTTPBearer(
    auto_error=False,
    description="An API key from the server's configuration (only when it sets `api_keys`).",
)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent a request: `owner` scopes jobs and the per-key job limit."""

    owner: str


def key_owner(key: str) -> str:
    return "key-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class KeyRing:
    """The configured keys; compares in constant time so timing does not leak a key."""

    def __init__(self, keys: list[str]):
        self._keys = [k.encode("utf-8") for k in keys]

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def caller(self, token: str | None) -> Caller:
        if not self.enabled:
            return Caller(ANONYMOUS)
        if not token:
            raise _unauthorized("missing_key")
        given = token.encode("utf-8")
        if not any(secrets.compare_digest(given, key) for key in self._keys):
            raise _unauthorized("invalid_key")
        return Caller(key_owner(token))


def _unauthorized(key: str) -> APIError:
    return APIError(401, "unauthorized", key=key, headers={"WWW-Authenticate": "Bearer"})


async def current_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """FastAPI dependency: the authenticated caller, or a 401 (async: no thread hop)."""
    ring: KeyRing = request.app.state.keys
    return ring.caller(credentials.credentials if credentials else None)


CallerDep = Annotated[Caller, Depends(current_caller)]
