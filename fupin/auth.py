"""Bearer tokens: JWTs verified with the configured HS256 secret or RS256 public key.

Exactly one algorithm is accepted, the one configured, so neither `alg: none` nor an HS256 token
signed with an RS256 public key (algorithm confusion) passes. `exp`, `sub`, `role` and `aud` are
required; the scope claim must fit the role. Why a token was refused is logged (without the
token) but never told to the caller.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt

from core.principal import Principal, Role
from core.settings import Security, Settings

AUDIENCE = "fupin"
ISSUER = "fupin"
# The longest Authorization header read unless configured: an RS256 token of fupin's claims is
# under 1 KiB.
MAX_BYTES = Security.max_token_bytes
_SCOPE = {
    Role.TOWNSHIP_OFFICER: re.compile(r"\d{9}"),  # township code
    Role.VILLAGE_OFFICER: re.compile(r"\d{12}"),  # village code
    Role.CADRE: re.compile(r"[\w-]{1,64}"),  # the cadre's uid
    Role.DEPARTMENT: re.compile(r".{1,60}"),  # the unit's name
}


class Refused(Exception):
    """A missing, malformed, expired, forged or wrongly signed token; the reason is for the log."""


@dataclass(frozen=True)
class Keys:
    algorithm: str  # "HS256" or "RS256"
    verify: Any  # the secret, or the RS256 public key (PEM)
    sign: Any | None  # the secret, or the RS256 private key when this process may mint


def _pem(raw: str | None) -> str | None:
    """A PEM given inline or as the path of a file."""
    if not raw:
        return None
    return raw if raw.lstrip().startswith("-----BEGIN") else Path(raw).read_text()


def _home_secret(home: Path) -> str:
    """The managed home's HS256 secret, generated once (mode 0600) like Neo4j's password."""
    path = home / "jwt-secret"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def keys(settings: Settings) -> Keys:
    """RS256 when a public key is configured, else HS256 with the configured or the home's secret."""
    security = settings.security
    public = _pem(security.jwt_public_key)
    if public:
        return Keys("RS256", public, _pem(security.jwt_private_key))
    if not security.jwt_secret and not settings.development:
        raise ValueError("outside development configure FUPIN_JWT_SECRET or FUPIN_JWT_PUBLIC_KEY")
    value = security.jwt_secret or _home_secret(settings.home)
    if len(value) < 32:
        raise ValueError("FUPIN_JWT_SECRET must be at least 32 characters")
    return Keys("HS256", value, value)


def mint(keys: Keys, role: Role, scope: str | None, ttl: dt.timedelta, subject: str | None = None) -> str:
    if keys.sign is None:
        raise ValueError("no signing key: set FUPIN_JWT_PRIVATE_KEY (RS256) or FUPIN_JWT_SECRET (HS256)")
    _check_scope(role, scope)
    now = dt.datetime.now(dt.UTC)
    claims: dict[str, Any] = {
        "sub": subject or f"{role.value.lower()}:{uuid.uuid4().hex[:8]}",
        "role": role.value,
        "aud": AUDIENCE,
        "iss": ISSUER,
        "iat": now,
        "exp": now + ttl,
    }
    if scope is not None:
        claims["scope"] = scope
    return jwt.encode(claims, keys.sign, algorithm=keys.algorithm)


def verify(keys: Keys, authorization: str | None, max_bytes: int = MAX_BYTES) -> Principal:
    """The caller of an `Authorization: Bearer …` header."""
    return _verified(keys, authorization, max_bytes)[0]


def _bounded(authorization: str | None, max_bytes: int) -> str:
    """The header, refused when missing or longer than `max_bytes` (before anything decodes it)."""
    if not authorization:
        raise Refused("no Authorization header")
    if len(authorization) > max_bytes:
        raise Refused(f"Authorization header of {len(authorization)} characters (limit {max_bytes})")
    return authorization


def _verified(keys: Keys, authorization: str | None, max_bytes: int) -> tuple[Principal, float]:
    """The caller of an `Authorization: Bearer …` header, and its token's `exp` (POSIX seconds)."""
    authorization = _bounded(authorization, max_bytes)
    kind, _, token = authorization.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        raise Refused("not a bearer token")
    try:
        claims = jwt.decode(
            token.strip(),
            keys.verify,
            algorithms=[keys.algorithm],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "sub", "aud", "iss"]},
        )
    except jwt.PyJWTError as error:
        raise Refused(type(error).__name__) from error
    try:
        role = Role(claims.get("role"))
    except ValueError as error:
        raise Refused("unknown role") from error
    scope = claims.get("scope")
    try:
        _check_scope(role, scope)
    except ValueError as error:
        raise Refused(str(error)) from error
    return Principal(subject=str(claims["sub"]), role=role, scope=scope), float(claims["exp"])


class Verifier:
    """`verify` that remembers the tokens it has accepted until they expire: the portal sends the
    same token with every request, and checking its signature again is a tenth of a small request's
    fixed cost. Only accepted tokens are kept (the last `size`, keyed by the whole header), each
    until its `exp`, so a refused, expired or different token is always checked in full. A header
    longer than `max_bytes` is refused before it is looked up, so it is never kept."""

    def __init__(self, keys: Keys, size: int = 1024, max_bytes: int = MAX_BYTES) -> None:
        self.keys, self.size, self.max_bytes = keys, size, max_bytes
        self._accepted: OrderedDict[str, tuple[Principal, float]] = OrderedDict()

    def __call__(self, authorization: str | None) -> Principal:
        authorization = _bounded(authorization, self.max_bytes)
        known = self._accepted.get(authorization)
        if known is not None and time.time() < known[1]:
            self._accepted.move_to_end(authorization)
            return known[0]
        principal, expires = _verified(self.keys, authorization, self.max_bytes)
        self._accepted[authorization] = (principal, expires)
        while len(self._accepted) > self.size:
            self._accepted.popitem(last=False)
        return principal


def _check_scope(role: Role, scope: str | None) -> None:
    pattern = _SCOPE.get(role)
    if pattern is None:
        if scope is not None:
            raise ValueError(f"{role.value} takes no scope")
        return
    if not isinstance(scope, str) or not pattern.fullmatch(scope):
        raise ValueError(f"{role.value} needs a scope of the form {pattern.pattern}")
