"""Paging and lookup conventions of every list: backward pages (`last`, `before`), cursors bound to
their sort and filter, names in pinyin order, identity numbers however they are typed.

On the county of tests/graphs.py: heads 张三 (H1), 李四 (H2), 王五 (H3), 赵六 (H4), 钱七 (H5). In pinyin
order: li3 si4 (H2), qian2 qi1 (H5), wang2 wu3 (H3), zhang1 san1 (H1), zhao4 liu4 (H4); by code
point it would be H1 (张 U+5F20), H2 (李 U+674E), H3 (王 U+738B), H4 (赵 U+8D75), H5 (钱 U+94B1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.names import name_key
from core.values import identity_form
from graph.derived import repair
from graph.migrate import name_keys
from tests.conftest import gql, gql_errors
from tests.graphs import mini_county
from tests.load_kit import County, run

PINYIN = ["H2", "H5", "H3", "H1", "H4"]


@pytest.fixture
def county(db):
    mini_county(db)
    db.execute_query(
        "MATCH (h:Household {id: 'H4'}) CREATE (:Person {uid: 'p-x', idNumber: '43062419900101123X', "
        "name: '赵小', personNo: '1'})-[:BELONGS_TO {relation: '户主'}]->(h)"
    )
    name_keys(db, "neo4j")  # what `fupin migrate` gives names written without their keys
    repair(db, "neo4j")  # the new person's derived labels (graph/derived.py)
    return db


def _ids(connection: dict) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


def test_names_sort_by_pinyin(client, county):
    data = gql(client, "{ households(sort: HEAD_NAME) { edges { node { id } } } }")
    assert _ids(data["households"]) == PINYIN
    data = gql(client, "{ households(sort: HEAD_NAME, direction: DESC) { edges { node { id } } } }")
    assert _ids(data["households"]) == PINYIN[::-1]


def test_name_keys_order_syllables_then_tones_then_characters():
    assert name_key("妈") < name_key("马") < name_key("骂")  # ma1 < ma3 < ma4
    assert name_key("李") < name_key("李四") < name_key("连")  # a prefix first; li < lian
    assert name_key("王五") != name_key("王午") and name_key(None) is None


def test_the_loader_stores_name_keys(db, neo4j_target, tmp_path: Path):
    run(db, neo4j_target, County().write(tmp_path))
    records, _, _ = db.execute_query(
        "MATCH (h:Household) RETURN h.headName AS name, h.headNameKey AS key "
        "UNION ALL MATCH (n:Person|Cadre|Village) WHERE n.name IS NOT NULL "
        "RETURN n.name AS name, n.nameKey AS key"
    )
    assert records and all(r["key"] == name_key(r["name"]) for r in records)


@pytest.mark.parametrize(
    ("sort", "expected"), [("ID", ["H1", "H2", "H3", "H4", "H5"]), ("HEAD_NAME", PINYIN)]
)
def test_pages_backward_mirror_pages_forward(client, county, sort, expected):
    query = """query($sort: HouseholdSort, $last: Int, $before: String, $first: Int, $after: String) {
      households(sort: $sort, last: $last, before: $before, first: $first, after: $after) {
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } }"""
    last = gql(client, query, sort=sort, last=2)["households"]
    assert _ids(last) == expected[3:]
    assert last["pageInfo"]["hasPreviousPage"] and not last["pageInfo"]["hasNextPage"]
    middle = gql(client, query, sort=sort, last=2, before=last["pageInfo"]["startCursor"])["households"]
    assert _ids(middle) == expected[1:3]
    start = gql(client, query, sort=sort, last=2, before=middle["pageInfo"]["startCursor"])["households"]
    assert _ids(start) == expected[:1]
    assert not start["pageInfo"]["hasPreviousPage"] and start["pageInfo"]["hasNextPage"]
    # A backward page's cursors serve forward pages too.
    forward = gql(client, query, sort=sort, first=2, after=middle["pageInfo"]["endCursor"])["households"]
    assert _ids(forward) == expected[3:]


def test_a_cursor_of_another_sort_or_filter_is_refused(client, county):
    page = gql(client, "{ households(first: 2, sort: ID) { pageInfo { endCursor } } }")
    cursor = page["households"]["pageInfo"]["endCursor"]
    for other in ("sort: INCOME", "sort: ID, direction: DESC", "sort: ID, filter: {card: RED}"):
        errors = gql_errors(
            client, f'{{ households(first: 2, {other}, after: "{cursor}") {{ edges {{ cursor }} }} }}'
        )
        assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}, other
    # A cursor of one list is not one of another.
    errors = gql_errors(client, f'{{ villages(first: 2, after: "{cursor}") {{ edges {{ cursor }} }} }}')
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    # The same list asked again takes it.
    again = gql(
        client, f'{{ households(first: 2, sort: ID, after: "{cursor}") {{ edges {{ node {{ id }} }} }} }}'
    )
    assert _ids(again["households"]) == ["H3", "H4"]


def test_identity_numbers_are_found_however_typed(client, county):
    query = (
        "query($n: String!) { personByIdNumber(idNumber: $n) { id } cadreByIdNumber(idNumber: $n) { id } }"
    )
    for typed in ("４３０６２４１９９８０５０５２３４５", " 430624 19980505 2345 ", "430624199805052345\t"):
        assert gql(client, query, n=typed)["personByIdNumber"] == {"id": "p-2"}, typed
    for typed in ("43062419900101123x", "430624 19900101 123ｘ"):
        assert gql(client, query, n=typed)["personByIdNumber"] == {"id": "p-x"}, typed
    assert gql(client, query, n="４３０６２４１９８００１０１５６７８")["cadreByIdNumber"] == {"id": "c-a"}
    assert identity_form(" ４３０６２４x ") == "430624X"
