"""The dashboard's kept answers (graph/coverage/cache.py): each caller gets its own, and every kind
of write (a mutation, a roster load, a direct Cypher write) changes the next summary, whose lines
still count what their lists find."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from neo4j import Driver
from starlette.testclient import TestClient

from core.principal import Role
from core.settings import Settings
from graph.connection import Target, async_driver
from graph.coverage import summary
from graph.coverage.cache import Answers
from graph.reach import COUNTY_REACH, Reach, ReachKind
from graph.scope import Scope
from tests import load_kit, test_compare_coverage
from tests.conftest import bearer, gql
from tests.summary_lists import summary_counts_lists

S3_SUMMARY = test_compare_coverage.SUMMARY


def _s3(answer: dict[str, Any]) -> tuple[tuple[int, int], dict[str, tuple[int, int]]]:
    def of(lines: list[dict[str, Any]]) -> tuple[int, int]:
        return next((x["count"], x["denominator"]) for x in lines if x["key"] == "S3")

    summary_ = answer["coverage"]["summary"]
    return of(summary_["lines"]), {t["township"]["code"]: of(t["lines"]) for t in summary_["townships"]}


def test_callers_of_different_reach_each_get_their_own_summary(
    client: TestClient, settings: Settings, db: Driver, neo4j_target: Target
) -> None:
    """The same document from the county office and from a township's officer: each its own
    figures (tests/test_compare_coverage.py's suspects), the second county office's from the kept
    answer."""
    test_compare_coverage.build(db, neo4j_target.database)
    t1, t2 = test_compare_coverage.T1, test_compare_coverage.T2
    answers: Answers = client.app.state.answers  # type: ignore[attr-defined]

    def ask(role: Role, code: str | None) -> Any:
        client.headers["authorization"] = bearer(settings, role, code)
        return _s3(gql(client, S3_SUMMARY, scope=None))

    county = ask(Role.COUNTY_ADMIN, None)
    assert county == ((4, 5), {t1: (3, 4), t2: (1, 1)})
    assert ask(Role.TOWNSHIP_OFFICER, t1) == ((3, 4), {t1: (3, 4)})
    hits = answers.hits
    assert ask(Role.COUNTY_ADMIN, None) == county
    assert answers.hits == hits + 1


def test_the_key_holds_the_reach_the_statement_reads(
    db: Driver, neo4j_target: Target, settings: Settings
) -> None:
    """Below the access table: the same scope, day and thresholds asked for two reaches that the
    statement reads (a department sees its own suspects only) are two answers, each equal to the
    statement run without keeping anything."""
    test_compare_coverage.build(db, neo4j_target.database)
    day, thresholds = dt.date(2026, 12, 1), settings.thresholds
    medical = Reach(ReachKind.DEPARTMENT, test_compare_coverage.MEDICAL)
    s3 = [line.key for line in summary.LINES].index("S3")

    async def figures(reach: Reach, answers: Answers | None) -> list[tuple[str, tuple[float, float]]]:
        driver = async_driver(neo4j_target)
        try:
            rows = await summary.per_township(
                driver, neo4j_target.database, Scope(), reach, day, thresholds, answers
            )
        finally:
            await driver.close()
        return [(township["code"], values[s3]) for township, values in rows]

    answers = Answers(1000)
    county, department = (asyncio.run(figures(r, answers)) for r in (COUNTY_REACH, medical))
    assert len(answers) == 2
    t1, t2 = test_compare_coverage.T1, test_compare_coverage.T2
    assert county == [(t1, (3.0, 4.0)), (t2, (1.0, 1.0))]
    assert department == [(t1, (1.0, 2.0)), (t2, (1.0, 1.0))]  # s1 of s1, s4; s3 of s3
    assert asyncio.run(figures(medical, answers)) == department == asyncio.run(figures(medical, None))
    assert answers.hits == 1


def test_requests_asking_together_read_once(db: Driver, neo4j_target: Target, settings: Settings) -> None:
    """Three requests asking the same summary at once: one reads it, the others wait for it (or,
    arriving after it was kept, take it); all three get the answer read without keeping any."""
    test_compare_coverage.build(db, neo4j_target.database)
    day, thresholds = dt.date(2026, 12, 1), settings.thresholds

    async def together(answers: Answers | None, times: int) -> list[Any]:
        driver = async_driver(neo4j_target)
        try:
            database = neo4j_target.database
            return await asyncio.gather(*(
                summary.per_township(driver, database, Scope(), COUNTY_REACH, day, thresholds, answers)
                for _ in range(times)
            ))  # fmt: skip
        finally:
            await driver.close()

    answers = Answers(1000)
    first, second, third = asyncio.run(together(answers, 3))
    (alone,) = asyncio.run(together(None, 1))
    assert first == second == third == alone
    # One read: the other two joined it or took what it kept.
    assert (answers.joined + answers.hits, len(answers)) == (2, 1)


def test_the_least_recently_used_answers_go_first() -> None:
    answers = Answers(rows=5)
    answers.put("a", [[1, 2]])  # type: ignore[list-item]
    answers.put("b", [[1, 2]])  # type: ignore[list-item]
    assert answers.get("a") is not None  # b is now the least recently used
    answers.put("c", [[1, 2]])  # type: ignore[list-item]
    assert (answers.get("b"), answers.held) == (None, 4)
    answers.put("big", [[1, 2, 3, 4, 5, 6]])  # type: ignore[list-item]
    assert answers.get("big") is None and answers.get("a") is not None
    assert Answers(rows=0).get("a") is None


W7_TALLY = (
    "{ coverage { summary { lines { key count denominator } } tallies(by: TOWNSHIP) { code households } } }"
)


def _w7(client: TestClient) -> tuple[tuple[int, int], dict[str, int]]:
    """W7's count and denominator (asOf today, the default), and the households per township."""
    answer = gql(client, W7_TALLY)["coverage"]
    w7 = next((x["count"], x["denominator"]) for x in answer["summary"]["lines"] if x["key"] == "W7")
    return w7, {t["code"]: t["households"] for t in answer["tallies"]}


def test_every_kind_of_write_changes_the_next_summary(
    client: TestClient, db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    """load_kit's county (6 households in 3 villages of 2 townships), households 3–5 unpaired (W7),
    no village with an information officer (O2). A pairing by mutation, a roster of one more pairing
    loaded as `fupin load` loads it, and a direct Cypher write each change the next summary, which
    counts what the lists find; asked twice with no write between, the answer is the kept one."""
    county = load_kit.County(households=6, cadres=4)
    county.rows["pairings"] = county.rows["pairings"][:3]
    load_kit.run(db, neo4j_target, county.write(tmp_path / "first"))
    answers: Answers = client.app.state.answers  # type: ignore[attr-defined]
    today = dt.date.today().isoformat()

    def o2() -> int:
        lines = gql(client, "{ coverage { summary { lines { key count } } } }")["coverage"]["summary"][
            "lines"
        ]
        return next(x["count"] for x in lines if x["key"] == "O2")

    w7, households = _w7(client)
    assert (w7, households, o2()) == ((3, 6), {"430624101": 4, "430624102": 2}, 3)
    hits = answers.hits
    assert _w7(client) == (w7, households)
    assert answers.hits == hits + 2  # summary and tallies, both kept
    assert summary_counts_lists(client, today, per_township=False) > 0

    # A mutation: household 3 paired.
    records, _, _ = db.execute_query(
        "MATCH (c:Cadre {idNumber: $id}) RETURN c.uid AS uid", id=load_kit.cadre_id(1)
    )
    pair = """mutation($h: ID!, $c: ID!) { pairCadre(householdId: $h, cadreId: $c, since: "2024-06-01") {
      pairing { since } } }"""
    gql(client, pair, h=load_kit.household_id(3), c=records[0]["uid"])
    assert _w7(client)[0] == (2, 6)
    assert summary_counts_lists(client, today, per_township=True) > 0

    # A roster load: household 4 paired.
    county.rows["pairings"] = [
        [load_kit.household_id(4), "户主4", load_kit.cadre_id(2), "干部2", "2024-03-01", ""]
    ]
    result = load_kit.run(db, neo4j_target, county.write(tmp_path / "second", ["pairings"]))
    assert not result.errors
    assert _w7(client)[0] == (1, 6)
    assert summary_counts_lists(client, today, per_township=False) > 0

    # A direct Cypher write, by another client: a village gets its information officer; and a
    # household moves township (the tallies change too).
    db.execute_query("MATCH (v:Village {code: '430624101201'}) SET v.infoOfficerName = '王芳'")
    assert o2() == 2
    db.execute_query(
        "MATCH (h:Household {id: $h})-[r:IN_VILLAGE]->() DELETE r WITH h "
        "MATCH (v:Village {code: '430624102201'}) CREATE (h)-[:IN_VILLAGE]->(v)",
        h=load_kit.household_id(0),
    )
    assert _w7(client)[1] == {"430624101": 3, "430624102": 3}
    assert summary_counts_lists(client, today, per_township=True) > 0


def test_tallies_are_kept_per_reach(
    client: TestClient, settings: Settings, db: Driver, neo4j_target: Target, tmp_path: Path
) -> None:
    """`tallies` renders the reach into its statement: a village officer and the county office,
    asking the same document, each get their own villages."""
    load_kit.run(db, neo4j_target, load_kit.County(households=6).write(tmp_path))
    query = "{ coverage { tallies { code households } } }"
    county = gql(client, query)["coverage"]["tallies"]
    client.headers["authorization"] = bearer(settings, Role.VILLAGE_OFFICER, "430624102201")
    village = gql(client, query)["coverage"]["tallies"]
    assert [t["code"] for t in county] == ["430624101201", "430624101202", "430624102201"]
    assert village == [t for t in county if t["code"] == "430624102201"]
