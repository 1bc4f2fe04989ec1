"""Bearer tokens. Missing, expired, forged, `alg: none` and wrongly signed tokens get
one and the same 401, with nothing an attacker can use; RS256 works when configured."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.testclient import TestClient

from core.principal import Role
from fupin import auth
from fupin.asgi import create_app
from tests.conftest import bearer

QUERY = {"query": "{ policies { totalCount } }"}


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(**extra) -> dict:
    now = dt.datetime.now(dt.UTC)
    return {"sub": "x", "role": "COUNTY_ADMIN", "aud": "fupin", "iss": "fupin",
            "exp": int((now + dt.timedelta(hours=1)).timestamp()), **extra}  # fmt: skip


@pytest.fixture
def anonymous(settings, neo4j_target):
    with TestClient(create_app(settings, neo4j_target)) as c:
        yield c


def _refused(response) -> None:
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json() == {
        "errors": [
            {
                "message": "需要有效的访问令牌 (a valid bearer token is required)",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    }


def test_a_valid_token_is_served(anonymous, settings, db):
    response = anonymous.post(
        "/graphql", json=QUERY, headers={"authorization": bearer(settings, Role.INVESTIGATOR)}
    )
    assert response.status_code == 200 and response.json()["data"]["policies"]["totalCount"] == 10


def test_bad_tokens_are_refused_alike(anonymous, settings, db):
    secret = auth.keys(settings).sign
    expired = bearer(settings, Role.COUNTY_ADMIN, ttl_seconds=-10)
    forged = "Bearer " + jwt.encode(_claims(), "another-secret-of-at-least-32-characters!", algorithm="HS256")
    none_alg = "Bearer " + _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(_claims()) + "."
    no_exp = "Bearer " + jwt.encode({k: v for k, v in _claims().items() if k != "exp"}, secret, "HS256")
    other_audience = "Bearer " + jwt.encode(_claims(aud="elsewhere"), secret, algorithm="HS256")
    unknown_role = "Bearer " + jwt.encode(_claims(role="ROOT"), secret, algorithm="HS256")
    missing_scope = "Bearer " + jwt.encode(_claims(role="TOWNSHIP_OFFICER"), secret, algorithm="HS256")
    tampered = bearer(settings, Role.TOWNSHIP_OFFICER, "430624101")
    head, payload, signature = tampered.removeprefix("Bearer ").split(".")
    widened = json.loads(base64.urlsafe_b64decode(payload + "=="))
    widened["role"] = "COUNTY_ADMIN"
    tampered = f"Bearer {head}.{_b64(widened)}.{signature}"
    for header in [None, "", "Bearer", "Basic abc", expired, forged, none_alg, no_exp, other_audience,
                   unknown_role, missing_scope, tampered]:  # fmt: skip
        headers = {} if header is None else {"authorization": header}
        _refused(anonymous.post("/graphql", json=QUERY, headers=headers))


def test_rs256_when_a_public_key_is_configured(settings, neo4j_target, db, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    (tmp_path / "public.pem").write_text(public)
    security = dataclasses.replace(
        settings.security, jwt_public_key=str(tmp_path / "public.pem"), jwt_private_key=private
    )
    rs = dataclasses.replace(settings, security=security)
    good = "Bearer " + auth.mint(auth.keys(rs), Role.COUNTY_ADMIN, None, dt.timedelta(minutes=5))
    # Algorithm confusion: an HS256 token whose "secret" is the (public) RS256 key.
    signing_input = _b64({"alg": "HS256", "typ": "JWT"}) + "." + _b64(_claims())
    mac = hmac.new(public.encode(), signing_input.encode(), hashlib.sha256).digest()
    confused = f"Bearer {signing_input}." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    with TestClient(create_app(rs, neo4j_target)) as c:
        assert c.post("/graphql", json=QUERY, headers={"authorization": good}).status_code == 200
        hs = bearer(settings, Role.COUNTY_ADMIN)  # signed with the HS256 secret: not accepted here
        _refused(c.post("/graphql", json=QUERY, headers={"authorization": hs}))
        _refused(c.post("/graphql", json=QUERY, headers={"authorization": confused}))


def test_limits_on_aliases_and_introspection(settings, neo4j_target, db):
    security = dataclasses.replace(settings.security, introspection=False, max_aliases=3)
    strict = dataclasses.replace(settings, security=security)
    headers = {"authorization": bearer(settings, Role.COUNTY_ADMIN)}
    with TestClient(create_app(strict, neo4j_target), headers=headers) as c:
        aliases = "{ " + " ".join(f"a{i}: policies {{ totalCount }}" for i in range(4)) + " }"
        body = c.post("/graphql", json={"query": aliases}).json()
        assert "aliases" in body["errors"][0]["message"]
        body = c.post("/graphql", json={"query": "{ __schema { types { name } } }"}).json()
        assert "introspection" in body["errors"][0]["message"].lower()
        assert "errors" not in c.post("/graphql", json=QUERY).json()


def test_an_accepted_token_is_refused_once_it_has_expired():
    """The Verifier keeps an accepted token only until its `exp`: then it is checked again, and
    refused."""
    keys = auth.Keys("HS256", "a-test-secret-of-at-least-32-characters", None)
    expires = int(dt.datetime.now(dt.UTC).timestamp()) + 2
    token = "Bearer " + jwt.encode(_claims(exp=expires), keys.verify, algorithm="HS256")
    verify = auth.Verifier(keys)
    assert verify(token).role is Role.COUNTY_ADMIN
    assert verify(token).role is Role.COUNTY_ADMIN  # remembered
    time.sleep(max(0.0, expires - time.time()) + 0.1)
    with pytest.raises(auth.Refused):
        verify(token)


def test_the_verifier_checks_every_other_token_in_full():
    """Once a token is accepted, one with its signature but other claims, one signed with another
    key, and a refused one are still refused, however often they are sent."""
    keys = auth.Keys("HS256", "a-test-secret-of-at-least-32-characters", None)
    genuine = jwt.encode(_claims(role="TOWNSHIP_OFFICER", scope="430624101"), keys.verify, algorithm="HS256")
    head, payload, signature = genuine.split(".")
    widened = {**json.loads(base64.urlsafe_b64decode(payload + "==")), "role": "COUNTY_ADMIN"}
    tampered = f"Bearer {head}.{_b64(widened)}.{signature}"
    forged = "Bearer " + jwt.encode(_claims(), "another-secret-of-at-least-32-characters!", algorithm="HS256")
    verify = auth.Verifier(keys)
    assert verify("Bearer " + genuine).scope == "430624101"
    for header in [tampered, forged, None, "Bearer"] * 2:
        with pytest.raises(auth.Refused):
            verify(header)
