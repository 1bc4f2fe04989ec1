"""W9, W10, W12, S1/S2 and S4 on graphs whose offenders are known by construction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.coverage.params import poverty_line
from tests import coverage_graphs as g
from tests import coverage_graphs_work as w
from tests.conftest import gql

V1, V2, V3 = "430624101201", "430624101202", "430624102201"

FIELDS = {
    "overdueVisits": """household { id } card cadence periodStart due daysOverdue lastVisit
                        cadres { id }""",
    "openVisitProblems": """visit { id date } household { id } village { code } cadre { id } problem
                            since daysOpen""",
    "openRectifications": "order { id } cadre { id } unit { name } villages { code } deadline daysPast",
    "cardMismatches": "household { id } card expected status income lowIncomeLine",
    "feedbackGaps": "report { id } household { id } verifiedOn days departments { name }",
}


def items(client, field: str, **variables: Any) -> list[dict[str, Any]]:
    query = f"""query($scope: ScopeInput, $asOf: Date) {{ coverage(scope: $scope, asOf: $asOf) {{
      {field} {{ totalCount edges {{ node {{ {FIELDS[field]} }} }} }} }} }}"""
    data = gql(client, query, **variables)["coverage"][field]
    assert data["totalCount"] == len(data["edges"])
    return [e["node"] for e in data["edges"]]


def keys(client, field: str, **variables: Any) -> list[str]:
    name = {"openVisitProblems": "visit", "openRectifications": "order", "feedbackGaps": "report"}
    return [n[name.get(field, "household")]["id"] for n in items(client, field, **variables)]


def villages(client, field: str, **scope: Any) -> list[str]:
    """The villages of the items (every key of the scope test names its village)."""
    return sorted(
        next(v for v in (V1, V2, V3) if v in key) for key in keys(client, field, asOf="2019-04-10", **scope)
    )


def paired(db, village: str, ids: list[str], card: str = "RED", cadre: str = "c1", **props: Any) -> None:
    g.households(db, village, ids, card=card, **props)
    for id in ids:
        g.pair(db, cadre, id, "2018-01-01")


# W9 -------------------------------------------------------------------------------------------


@g.DERIVED
def test_w9_red_month_last_day_counts_and_past_date_sees_past(client, db, recorded):
    g.villages(db)
    g.cadre(db, "c1")
    paired(db, V1, ["R1", "R2", "R3"])
    w.visit(db, "c1", "R1", "2019-03-31")  # last day of March counts for March
    w.visit(db, "c1", "R2", "2019-02-28")
    w.visit(db, "c1", "R2", "2019-04-01")  # April's visit does not make up for March
    w.visit(db, "c1", "R3", "2019-03-01")
    g.record(db, recorded)
    assert items(client, "overdueVisits", asOf="2019-04-10") == [
        {
            "household": {"id": "R2"},
            "card": "RED",
            "cadence": "MONTH",
            "periodStart": "2019-03-01",
            "due": "2019-03-31",
            "daysOverdue": 10,
            "lastVisit": "2019-04-01",
            "cadres": [{"id": "c1"}],
        }
    ]
    # On 15 March February is judged; R1's visit of 31 March is not yet made.
    found = items(client, "overdueVisits", asOf="2019-03-15")
    assert [(n["household"]["id"], n["due"], n["daysOverdue"], n["lastVisit"]) for n in found] == [
        ("R1", "2019-02-28", 15, None),
        ("R3", "2019-02-28", 15, "2019-03-01"),
    ]


# With every household's card dated and its visit streaks recorded, the county-wide list reads only
# the households some streak or card change leaves in doubt: each of these is found by one of them.
@g.DERIVED
def test_w9_county_candidates_from_the_streaks(client, db, recorded):
    g.villages(db)
    g.cadre(db, "c1")
    visits = {
        "G_NONE": ("GREEN", []),  # never visited
        "G_BEFORE": ("GREEN", ["2018-11-05"]),  # last visited before the quarter
        "G_AFTER": ("GREEN", ["2018-10-05", "2019-04-05"]),  # the quarter skipped
        "G_OK": ("GREEN", ["2018-12-05", "2019-02-05"]),
        "R_BEFORE": ("RED", ["2019-01-05", "2019-02-05"]),  # last visited before March
        "R_AFTER": ("RED", ["2019-01-05", "2019-02-05", "2019-04-02"]),  # March skipped
        "R_OK": ("RED", ["2019-01-05", "2019-02-05", "2019-03-05"]),
        "CHANGED": ("GREEN", ["2019-01-05", "2019-02-05"]),  # RED until 1 April: March skipped
    }
    for id, (card, days) in visits.items():
        paired(db, V1, [id], card=card)
        for day in days:
            w.visit(db, "c1", id, day)
    for id, (card, _) in visits.items():
        if id == "CHANGED":
            w.card(db, id, "RED", "2018-01-01", until="2019-04-01")
            w.card(db, id, "GREEN", "2019-04-01")
        else:
            w.card(db, id, card, "2018-01-01")
    g.record(db, recorded)
    overdue = ["CHANGED", "G_AFTER", "G_BEFORE", "G_NONE", "R_AFTER", "R_BEFORE"]
    assert sorted(keys(client, "overdueVisits", asOf="2019-04-10")) == overdue
    assert (
        sorted(keys(client, "overdueVisits", asOf="2019-04-10", scope={"townshipCode": "430624101"}))
        == overdue
    )


@g.DERIVED
def test_w9_quarter_for_yellow_and_green_and_most_overdue_first(client, db, recorded):
    g.villages(db)
    g.cadre(db, "c1")
    paired(db, V1, ["G1"], card="GREEN")
    paired(db, V1, ["Y1"], card="YELLOW")
    paired(db, V1, ["R1"], card="RED")
    w.visit(db, "c1", "G1", "2018-12-31")  # last day of Q4
    w.visit(db, "c1", "Y1", "2018-09-30")
    for day in ("2018-12-15", "2019-01-15", "2019-02-15", "2019-03-15"):
        w.visit(db, "c1", "R1", day)
    g.record(db, recorded)
    # No February visit of G1 or Y1: a quarterly card is not judged by the month.
    assert keys(client, "overdueVisits", asOf="2019-02-20") == ["Y1"]
    assert items(client, "overdueVisits", asOf="2019-02-20")[0]["cadence"] == "QUARTER"
    assert items(client, "overdueVisits", asOf="2019-02-20")[0]["due"] == "2018-12-31"
    found = items(client, "overdueVisits", asOf="2019-05-10")
    assert [(n["household"]["id"], n["cadence"], n["daysOverdue"]) for n in found] == [
        ("G1", "QUARTER", 40),
        ("Y1", "QUARTER", 40),
        ("R1", "MONTH", 10),
    ]


@g.DERIVED
def test_w9_card_change_mid_quarter_judged_by_card_at_period_end(client, db, recorded):
    g.villages(db)
    g.cadre(db, "c1")
    paired(db, V1, ["UP"], card="GREEN")  # RED → GREEN on 15 Feb
    w.card(db, "UP", "RED", "2018-01-01", until="2019-02-15")
    w.card(db, "UP", "GREEN", "2019-02-15")
    paired(db, V1, ["DOWN"], card="RED")  # GREEN → RED on 15 Feb
    w.card(db, "DOWN", "GREEN", "2018-01-01", until="2019-02-15")
    w.card(db, "DOWN", "RED", "2019-02-15")
    for household in ("UP", "DOWN"):
        w.visit(db, "c1", household, "2019-01-20")
    g.record(db, recorded)
    # 10 April: UP was GREEN on 31 March, so Q1 is judged and January's visit serves;
    # DOWN was RED on 31 March, so March is judged and has no visit.
    found = items(client, "overdueVisits", asOf="2019-04-10")
    assert [(n["household"]["id"], n["card"], n["cadence"], n["due"]) for n in found] == [
        ("DOWN", "RED", "MONTH", "2019-03-31")
    ]
    # 10 March: UP was GREEN on 28 Feb (no monthly duty) and RED on 31 Dec (Q4 was monthly, judged in
    # January): nothing to judge. DOWN misses both February (RED) and Q4 (GREEN): the earlier is shown.
    found = items(client, "overdueVisits", asOf="2019-03-10")
    assert [(n["household"]["id"], n["card"], n["cadence"], n["due"]) for n in found] == [
        ("DOWN", "GREEN", "QUARTER", "2018-12-31")
    ]


@g.DERIVED
def test_w9_only_paired_and_registered_households_and_any_cadre_visit_counts(client, db, recorded):
    g.villages(db)
    g.cadre(db, "c1")
    g.cadre(db, "c2")
    paired(db, V1, ["PAIRED"])
    paired(db, V1, ["LATE"], identifiedOn=dt.date(2019, 4, 1))  # registered after March
    paired(db, V1, ["OTHER"])
    w.visit(db, "c2", "OTHER", "2019-03-20")  # a visit by a cadre it is not paired with
    g.households(db, V1, ["ENDED"], card="RED")
    g.pair(db, "c1", "ENDED", "2018-01-01", until="2019-04-10")
    g.record(db, recorded)
    assert keys(client, "overdueVisits", asOf="2019-04-09") == ["ENDED", "PAIRED"]
    # The day a pairing ends it no longer counts: ENDED is W7's.
    assert keys(client, "overdueVisits", asOf="2019-04-10") == ["PAIRED"]


# W10 ------------------------------------------------------------------------------------------


def test_w10_open_until_resolved_and_dated_up_to_the_date(client, db):
    g.villages(db)
    g.cadre(db, "c1")
    paired(db, V1, ["H1", "H2"])
    old = w.visit(db, "c1", "H1", "2019-02-01", escalate=True, findings="房屋漏雨需维修")
    w.visit(db, "c1", "H1", "2019-02-02", escalate=True, resolved_on="2019-04-10")
    later = w.visit(db, "c1", "H2", "2019-03-01", escalate=True, resolved_on="2019-04-11")
    w.visit(db, "c1", "H2", "2019-01-01", escalate=False, findings="对低保政策有疑问")
    w.visit(db, "c1", "H2", "2019-04-11", escalate=True)
    found = items(client, "openVisitProblems", asOf="2019-04-10")
    assert found[0] == {
        "visit": {"id": old, "date": "2019-02-01"},
        "household": {"id": "H1"},
        "village": {"code": V1},
        "cadre": {"id": "c1"},
        "problem": "房屋漏雨需维修",
        "since": "2019-02-01",
        "daysOpen": 68,
    }
    # Resolved on the date: closed; resolved the day after: still open.
    assert [n["visit"]["id"] for n in found] == [old, later]
    assert [n["daysOpen"] for n in items(client, "openVisitProblems", asOf="2019-03-01")] == [28, 27, 0]
    assert keys(client, "openVisitProblems", asOf="2019-01-31") == []


def test_w10_roster_visits_without_a_date_are_resolved_by_their_resolution_text(client, db):
    """走访记录 has 解决情况 but no resolution date: filled in means resolved, empty means open."""
    g.villages(db)
    g.cadre(db, "c1")
    paired(db, V1, ["H1"])
    w.visit(db, "c1", "H1", "2019-02-01", escalate=True, resolution="已上报县教育局，2019-02-20解决")
    open_one = w.visit(db, "c1", "H1", "2019-02-02", escalate=True, resolution=" ")
    assert [n["visit"]["id"] for n in items(client, "openVisitProblems", asOf="2019-04-10")] == [open_one]


# W12 ------------------------------------------------------------------------------------------


def test_w12_open_after_deadline_until_closed(client, db):
    g.villages(db)
    g.cadre(db, "c1")
    paired(db, V1, ["H1"])
    w.order(db, "c1", "PAST", "2019-03-01", deadline="2019-04-09")
    w.order(db, "c1", "DUE", "2019-03-01", deadline="2019-04-10")  # deadline on the date: not past
    w.order(db, "c1", "CLOSED", "2019-03-01", deadline="2019-03-10", closed="2019-04-10")
    w.order(db, "c1", "CLOSING", "2019-03-01", deadline="2019-03-20", closed="2019-04-11")
    w.order(db, "c1", "LATER", "2019-04-11", deadline="2019-04-12")  # issued after the date
    found = items(client, "openRectifications", asOf="2019-04-10")
    assert [(n["order"]["id"], n["daysPast"]) for n in found] == [("CLOSING", 21), ("PAST", 1)]
    assert found[1] == {
        "order": {"id": "PAST"},
        "cadre": {"id": "c1"},
        "unit": {"name": "县财政局"},
        "villages": [{"code": V1}],
        "deadline": "2019-04-09",
        "daysPast": 1,
    }
    assert [
        (n["order"]["id"], n["daysPast"]) for n in items(client, "openRectifications", asOf="2019-03-11")
    ] == [("CLOSED", 1)]
    assert keys(client, "openRectifications", asOf="2019-04-13") == ["PAST", "DUE", "LATER"]


def test_w12_villages_of_pairings_else_of_teams(client, db):
    g.villages(db)
    for uid in ("both", "team", "gone", "left"):
        g.cadre(db, uid)
    g.households(db, V1, ["A1"])
    g.households(db, V2, ["B1"])
    g.pair(db, "both", "A1", "2018-01-01")
    g.pair(db, "both", "B1", "2018-01-01")
    g.pair(db, "gone", "A1", "2018-01-01", until="2019-01-01")
    w.team(db, "T3", V3, ["team", "both"], "2018-01-01")
    w.team(db, "T3old", V3, ["left"], "2018-01-01", until="2019-01-01")
    for uid in ("both", "team", "gone", "left"):
        w.order(db, uid, f"O-{uid}", "2018-06-01", deadline="2018-12-01")
    # "both" is paired: its team's village does not place it; it is listed once in the county.
    found = items(client, "openRectifications", asOf="2019-02-01")
    assert [(n["order"]["id"], [v["code"] for v in n["villages"]]) for n in found] == [
        ("O-both", [V1, V2]),
        ("O-team", [V3]),
    ]
    assert keys(client, "openRectifications", asOf="2019-02-01", scope={"villageCode": V2}) == ["O-both"]
    assert keys(client, "openRectifications", asOf="2019-02-01", scope={"villageCode": V3}) == ["O-team"]
    # Before the pairing and the membership ended, "gone" and "left" had villages too.
    assert keys(client, "openRectifications", asOf="2018-12-31") == ["O-both", "O-gone", "O-left", "O-team"]


# S1, S2 ---------------------------------------------------------------------------------------


def test_poverty_line_is_the_latest_year_at_or_before():
    assert poverty_line(dt.date(2015, 6, 1)) == 2952
    assert poverty_line(dt.date(2018, 12, 31)) == 2952
    assert poverty_line(dt.date(2019, 1, 1)) == 3218
    assert poverty_line(dt.date(2024, 1, 1)) == 4000


# With cardSince recorded, the county-wide list reads only the households whose current card the
# status or income contradicts (index seeks, one per case of the rules); the township's list reads
# every household: both find the same.
@g.DERIVED
def test_s2_card_against_status_and_low_income_line(client, db, recorded):
    g.villages(db)
    line = 1.5 * 3218  # 4827 in 2019
    out = {"status": "OUT"}
    g.households(db, V1, ["AT_LINE"], card="GREEN", income=line, **out)
    g.households(db, V1, ["BELOW_GREEN"], card="GREEN", income=line - 27, **out)
    g.households(db, V1, ["AT_YELLOW"], card="YELLOW", income=line, **out)
    g.households(db, V1, ["BELOW_YELLOW"], card="YELLOW", income=line - 1, **out)
    g.households(db, V1, ["POOR_GREEN"], card="GREEN", income=2000, **out)
    g.households(db, V1, ["OUT_RED"], card="RED", income=10000, **out)
    g.households(db, V1, ["NOT_OUT_GREEN"], card="GREEN", income=10000, status="NOT_OUT")
    g.households(db, V1, ["RETURNED_RED"], card="RED", income=10000, status="RETURNED")
    g.households(db, V1, ["NO_INCOME"], card="RED", income=None, **out)
    g.households(db, V1, ["NEW"], card="GREEN", status="NOT_OUT", identifiedOn=dt.date(2019, 5, 1))
    g.households(db, V1, ["RETURNED_YELLOW"], card="YELLOW", income=10000, status="RETURNED")
    g.households(db, V1, ["NOT_OUT_UNKNOWN"], card="GREEN", income=None, status="NOT_OUT")
    g.households(db, V1, ["EXITED"], card="GREEN", income=100, status="EXITED")  # not judged
    cards, _, _ = db.execute_query("MATCH (h:Household) RETURN h.id AS id, h.card AS card")
    for r in cards:
        w.card(db, r["id"], r["card"], "2018-01-01")
    g.record(db, recorded)
    found = items(client, "cardMismatches", asOf="2019-04-10")
    assert [(n["household"]["id"], n["card"], n["expected"]) for n in found] == [
        ("POOR_GREEN", "GREEN", "YELLOW"),  # 2827 below
        ("BELOW_GREEN", "GREEN", "YELLOW"),  # 27 below
        ("NOT_OUT_GREEN", "GREEN", "RED"),  # status mismatches: 1
        ("NOT_OUT_UNKNOWN", "GREEN", "RED"),  # 未脱贫 needs no income to be RED
        ("OUT_RED", "RED", "GREEN"),
        ("RETURNED_YELLOW", "YELLOW", "RED"),
        ("AT_YELLOW", "YELLOW", "GREEN"),  # at the line: GREEN, severity 0
    ]
    assert items(client, "cardMismatches", asOf="2019-04-10", scope={"townshipCode": "430624101"}) == found
    assert found[0]["lowIncomeLine"] == line
    # Keyset paging over mixed (income, 1) severities gives the same order.
    paging = """query($after: String) { coverage(asOf: "2019-04-10") {
      cardMismatches(first: 2, after: $after) { edges { node { household { id } } }
        pageInfo { hasNextPage endCursor } } } }"""
    pages, after = [], None
    while True:
        page = gql(client, paging, after=after)["coverage"]["cardMismatches"]
        pages += [e["node"]["household"]["id"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert pages == [n["household"]["id"] for n in found]
    assert found[0]["status"] == "OUT" and found[0]["income"] == 2000
    # 2020: line 4000, low-income line 6000.
    in_2020 = {
        n["household"]["id"]: n["expected"] for n in items(client, "cardMismatches", asOf="2020-06-01")
    }
    assert in_2020["AT_LINE"] == "YELLOW" and "AT_YELLOW" not in in_2020 and "NEW" in in_2020


@g.DERIVED
def test_s1_card_on_the_date_from_history(client, db, recorded):
    g.villages(db)
    g.households(db, V1, ["H"], card="RED", status="OUT", income=9000)
    w.card(db, "H", "GREEN", "2017-01-01", until="2019-01-01")
    w.card(db, "H", "RED", "2019-01-01")
    g.households(db, V1, ["NONE"], card=None, status="NOT_OUT")
    # A current card that is not the open period's colour is never trusted: the history decides.
    g.households(db, V1, ["ODD"], card="GREEN", status="OUT", income=9000)
    w.card(db, "ODD", "RED", "2019-01-01")
    g.record(db, recorded)
    records, _, _ = db.execute_query("MATCH (h:Household) RETURN h.id AS id, h.cardSince AS since")
    assert {r["id"]: r["since"] is not None for r in records} == {"H": recorded, "NONE": False, "ODD": False}
    found = items(client, "cardMismatches", asOf="2019-01-01")
    assert sorted((n["household"]["id"], n["card"]) for n in found) == [
        ("H", "RED"), ("NONE", None), ("ODD", "RED")
    ]  # fmt: skip
    assert keys(client, "cardMismatches", asOf="2018-12-31") == ["NONE"]


# S4 -------------------------------------------------------------------------------------------


def test_s4_verified_reports_with_departments_without_measure(client, db):
    g.villages(db)
    g.households(db, V1, ["H1", "H2", "H3", "H4", "H5", "H6"])
    w.report(
        db, "H1", "R1", "2019-03-01",
        [{"unit": "县教育局", "measure": False}, {"unit": "县民政局", "measure": True},
         {"unit": "县住建局"}],
    )  # fmt: skip
    w.report(db, "H2", "R2", "2019-04-10", [{"unit": "县卫生健康局"}])
    w.report(db, "H3", "R3", "2019-04-11", [{"unit": "县卫生健康局"}])
    w.report(db, "H4", "R4", "2019-02-01", [{"unit": "县教育局", "measure": True}])
    w.report(db, "H5", "R5", "2019-01-15", [{"unit": "县水利局", "closedOn": "2019-04-10"}])
    w.report(db, "H6", "R6", None, [{"unit": "县水利局"}])
    found = items(client, "feedbackGaps", asOf="2019-04-10")
    assert found == [
        {
            "report": {"id": "R1"},
            "household": {"id": "H1"},
            "verifiedOn": "2019-03-01",
            "days": 40,
            "departments": [{"name": "县住建局"}, {"name": "县教育局"}],
        },
        {
            "report": {"id": "R2"},
            "household": {"id": "H2"},
            "verifiedOn": "2019-04-10",
            "days": 0,
            "departments": [{"name": "县卫生健康局"}],
        },
    ]
    # The day before R5's feedback was closed it was open; R2 was not yet verified.
    assert keys(client, "feedbackGaps", asOf="2019-04-09") == ["R5", "R1"]


# Scope ----------------------------------------------------------------------------------------


def test_every_field_sees_only_its_scope(client, db):
    g.villages(db)
    for village in (V1, V2, V3):
        cadre = f"c{village[-4:]}"
        g.cadre(db, cadre)
        paired(db, village, [village], card="GREEN", cadre=cadre, status="NOT_OUT")
        w.visit(db, cadre, village, "2018-12-01", escalate=True)
        w.order(db, cadre, village, "2018-12-01", deadline="2019-01-01")
        w.report(db, village, village, "2019-01-01", [{"unit": "县教育局"}])
    for field in FIELDS:
        assert villages(client, field) == [V1, V2, V3], field
        assert villages(client, field, scope={"townshipCode": "430624101"}) == [V1, V2], field
        assert villages(client, field, scope={"villageCode": V3}) == [V3], field
