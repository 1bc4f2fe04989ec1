"""Every type, field, argument, input field and enum value of the API says what it is, read from
the schema as a client's introspection sees it."""

from __future__ import annotations

from typing import Any

from graphql import introspection_from_schema

from fupin.api import SCHEMA


def undescribed(introspection: dict[str, Any]) -> list[str]:
    missing: list[str] = []
    for kind in introspection["__schema"]["types"]:
        name = kind["name"]
        if name.startswith("__"):
            continue
        if not kind["description"]:
            missing.append(name)
        for field in kind.get("fields") or []:
            if not field["description"]:
                missing.append(f"{name}.{field['name']}")
            missing += [f"{name}.{field['name']}({a['name']})" for a in field["args"] if not a["description"]]
        missing += [f"{name}.{f['name']}" for f in kind.get("inputFields") or [] if not f["description"]]
        missing += [f"{name}.{v['name']}" for v in kind.get("enumValues") or [] if not v["description"]]
    return missing


def test_every_part_of_the_schema_is_described():
    assert undescribed(introspection_from_schema(SCHEMA._schema)) == []


def test_the_walk_finds_what_is_undescribed():
    introspection = introspection_from_schema(SCHEMA._schema)
    card = next(t for t in introspection["__schema"]["types"] if t["name"] == "Card")
    red = next(v for v in card["enumValues"] if v["name"] == "RED")
    assert red["description"].startswith("红卡")  # the label county staff see comes first
    red["description"] = None
    query = next(t for t in introspection["__schema"]["types"] if t["name"] == "Query")
    node = next(f for f in query["fields"] if f["name"] == "node")
    node["args"][0]["description"] = ""
    assert sorted(undescribed(introspection)) == ["Card.RED", "Query.node(id)"]
