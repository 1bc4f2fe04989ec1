"""Automatic persisted queries (Apollo's APQ): a portal sends a query's SHA-256 instead of its text.

A request whose `extensions.persistedQuery` holds `{"version": 1, "sha256Hash": H}` and no query is
run with the text stored under H, or answered PERSISTED_QUERY_NOT_FOUND, upon which the client
sends the text and the hash together; the text is then stored under H once its hash is checked.
Texts are files named by their hash under `$FUPIN_HOME/persisted-queries`, so every server process
on the home finds what any of them stored; a file, once written, never changes (its name is its
content's hash), so each process may keep what it has read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import Scope

from fupin import body
from fupin.refusals import Refusal

_HASH = re.compile(r"[0-9a-f]{64}")

NOT_FOUND = Refusal(
    200,
    "服务器没有这条持久化查询，请连同查询文本重新发送 (PersistedQueryNotFound)",
    "PERSISTED_QUERY_NOT_FOUND",
)
NOT_SUPPORTED = Refusal(
    200,
    "本服务未开启持久化查询：请发送查询文本 (PersistedQueryNotSupported; FUPIN_PERSISTED_QUERIES is off)",
    "PERSISTED_QUERY_NOT_SUPPORTED",
)


def _bad(message: str) -> Refusal:
    return Refusal(400, message, "BAD_REQUEST")


class Store:
    """Query texts by their SHA-256 (lowercase hex), on disk under `directory`; at most `limit`
    files (past it a new text still runs, unstored)."""

    def __init__(self, directory: Path, limit: int = 10_000) -> None:
        self.directory, self.limit = directory, limit
        self._read: dict[str, str] = {}

    def get(self, digest: str) -> str | None:
        known = self._read.get(digest)
        if known is None:
            try:
                known = (self.directory / f"{digest}.graphql").read_text(encoding="utf-8")
            except FileNotFoundError:
                return None
            if len(self._read) < self.limit:
                self._read[digest] = known
        return known

    def put(self, digest: str, text: str) -> None:
        path = self.directory / f"{digest}.graphql"
        if digest in self._read or path.exists():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        if sum(1 for _ in self.directory.glob("*.graphql")) >= self.limit:
            return
        # Written aside, then renamed: another process reads the whole text or nothing.
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)


def _hash_of(extensions: Any) -> str | None:
    """The hash `extensions` asks for, None when it asks for no persisted query."""
    if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
        return None
    asked = extensions["persistedQuery"]
    if not isinstance(asked, dict) or asked.get("version") != 1:
        raise _bad("persistedQuery 须为 {version: 1, sha256Hash} (only version 1 is supported)")
    digest = asked.get("sha256Hash")
    if not isinstance(digest, str) or not _HASH.fullmatch(digest):
        raise _bad("sha256Hash 须是 64 位小写十六进制 (sha256Hash must be 64 lowercase hex digits)")
    return digest


def _query(store: Store | None, digest: str, given: Any) -> str:
    """The text to run for `digest`: the stored one, or `given` once its hash is checked and stored."""
    if store is None:
        raise NOT_SUPPORTED
    if not isinstance(given, str) or not given:
        known = store.get(digest)
        if known is None:
            raise NOT_FOUND
        return known
    if hashlib.sha256(given.encode("utf-8")).hexdigest() != digest:
        raise _bad("查询文本与 sha256Hash 不符 (provided sha does not match query)")
    store.put(digest, given)
    return given


def apply(store: Store | None, scope: Scope, data: bytes) -> tuple[Scope, bytes]:
    """The request with the text of its persisted query filled in (POST body or GET parameters);
    a request without `extensions.persistedQuery` unchanged. `store` None: APQ is off."""
    if scope["method"] == "GET":
        params = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        extensions = dict(params).get("extensions")
        digest = _hash_of(body.json_object(extensions)) if extensions else None
        if digest is None:
            return scope, data
        text = _query(store, digest, dict(params).get("query"))
        rest = [(k, v) for k, v in params if k not in {"query", "extensions"}]
        return {**scope, "query_string": urlencode([("query", text), *rest]).encode()}, data
    if b"persistedQuery" not in data:
        return scope, data
    payload = body.json_object(data)
    digest = _hash_of(payload.get("extensions"))
    if digest is None:
        return scope, data
    payload["query"] = _query(store, digest, payload.get("query"))
    return scope, json.dumps(payload, ensure_ascii=False).encode()
