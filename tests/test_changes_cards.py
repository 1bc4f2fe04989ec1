"""reclassifyCard (S1, S2): history kept, the S2 card enforced, refusals write nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from core.errors import NotFound
from core.principal import DEVELOPMENT
from core.settings import Thresholds
from graph.audit import audited
from graph.changes import cards
from graph.connection import async_driver
from graph.coverage.params import poverty_line
from graph.reach import Reach, ReachKind
from tests import coverage_graphs as g
from tests.changes import events, household, refused, rejected
from tests.conftest import gql

RECLASSIFY = """mutation($id: ID!, $card: Card!, $date: Date!, $reason: String! = "年度复核") {
  reclassifyCard(householdId: $id, card: $card, reason: $reason, date: $date) {
    id card cardHistory { color since until reason }
  }
}"""

# S2: the low-income line today (the test's dates are all in the current line's years).
LINE = Thresholds().low_income_factor * poverty_line(dt.date.today())


def test_reclassify_ends_the_open_card_and_starts_the_new_one(db, client):
    g.villages(db)
    household(db, "H1", "YELLOW", "2020-01-01", status="OUT", income=LINE)  # at the line: GREEN
    data = gql(client, RECLASSIFY, id="H1", card="GREEN", date="2025-06-01")["reclassifyCard"]
    assert data["card"] == "GREEN"
    assert data["cardHistory"] == [
        {"color": "YELLOW", "since": "2020-01-01", "until": "2025-06-01", "reason": None},
        {"color": "GREEN", "since": "2025-06-01", "until": None, "reason": "年度复核"},
    ]
    [event] = events(db)
    assert (event["operation"], event["concerns"]) == ("reclassifyCard", ["H1"])
    assert event["inputs"] == {
        "householdId": "H1",
        "card": "GREEN",
        "reason": "年度复核",
        "date": "2025-06-01",
    }
    household_change, ended, opened = event["changes"]
    assert (household_change["before"]["card"], household_change["after"]["card"]) == ("YELLOW", "GREEN")
    # S1 (graph/derived.py): the household records its open period's first day beside its card.
    assert household_change["after"]["cardSince"] == "2025-06-01"
    assert ended["before"]["until"] is None and ended["after"]["until"] == "2025-06-01"
    assert opened == {
        "entity": "HAS_CARD",
        "key": "H1",
        "before": None,
        "after": {"color": "GREEN", "since": "2025-06-01", "until": None, "reason": "年度复核"},
    }


def test_below_the_line_is_yellow(db, client):
    g.villages(db)
    household(db, "H1", "GREEN", "2020-01-01", status="OUT", income=LINE - 1)
    assert (
        gql(client, RECLASSIFY, id="H1", card="YELLOW", date="2025-06-01")["reclassifyCard"]["card"]
        == "YELLOW"
    )


def test_the_card_it_already_holds_is_refused(db, client):
    g.villages(db)
    household(db, "H1", "GREEN", "2020-01-01", status="OUT", income=LINE)
    facts = refused(client, db, RECLASSIFY, "S1", id="H1", card="GREEN", date="2025-06-01")
    assert (facts["householdId"], facts["card"]) == ("H1", "GREEN")
    assert "绿卡" in facts["message"]


def test_a_date_before_the_open_card_started_is_refused(db, client):
    g.villages(db)
    household(db, "H1", "YELLOW", "2025-01-01", status="OUT", income=LINE)
    facts = refused(client, db, RECLASSIFY, "S1", id="H1", card="GREEN", date="2024-12-31")
    assert (facts["card"], facts["since"], facts["date"]) == ("YELLOW", "2025-01-01", "2024-12-31")


def test_green_below_the_low_income_line_is_refused(db, client):
    g.villages(db)
    household(db, "H1", "YELLOW", "2020-01-01", status="OUT", income=LINE - 1)
    facts = refused(client, db, RECLASSIFY, "S2", id="H1", card="GREEN", date="2025-06-01")
    assert (facts["expected"], facts["status"], facts["income"]) == ("YELLOW", "OUT", LINE - 1)
    assert facts["lowIncomeLine"] == LINE


def test_yellow_or_green_for_a_household_not_out_is_refused(db, client):
    g.villages(db)
    household(db, "H1", "RED", "2020-01-01", status="NOT_OUT", income=LINE * 2)
    facts = refused(client, db, RECLASSIFY, "S2", id="H1", card="GREEN", date="2025-06-01")
    assert (facts["expected"], facts["status"]) == ("RED", "NOT_OUT")


def test_red_for_an_exited_household_is_refused(db, client):
    g.villages(db)
    household(db, "H1", "GREEN", "2020-01-01", status="OUT", income=LINE)
    facts = refused(client, db, RECLASSIFY, "S2", id="H1", card="RED", date="2025-06-01")
    assert facts["expected"] == "GREEN"


def test_unknown_income_cannot_be_judged(db, client):
    g.villages(db)
    household(db, "H1", "YELLOW", "2020-01-01", status="OUT")
    facts = refused(client, db, RECLASSIFY, "S2", id="H1", card="GREEN", date="2025-06-01")
    assert (facts["expected"], facts["income"]) == (None, None)


def test_a_future_date_an_unknown_household_and_a_blank_reason_are_refused(db, client):
    g.villages(db)
    household(db, "H1", "YELLOW", "2020-01-01", status="OUT", income=LINE)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert (
        rejected(client, db, RECLASSIFY, "BAD_USER_INPUT", id="H1", card="GREEN", date=tomorrow)["argument"]
        == "date"
    )
    assert (
        rejected(client, db, RECLASSIFY, "NOT_FOUND", id="H9", card="GREEN", date="2025-06-01")["argument"]
        == "householdId"
    )
    blank = rejected(
        client, db, RECLASSIFY, "BAD_USER_INPUT", id="H1", card="GREEN", date="2025-06-01", reason=" "
    )
    assert blank["argument"] == "reason"


def test_a_household_outside_the_callers_scope_is_not_found(db, neo4j_target):
    g.villages(db)
    household(db, "H1", "YELLOW", "2020-01-01", status="OUT", income=LINE)  # in township 430624101

    def run(reach: Reach) -> Any:
        async def go() -> Any:
            driver = async_driver(neo4j_target)
            try:
                work = cards.reclassify_card(reach, Thresholds(), "H1", "GREEN", "复核", dt.date(2025, 6, 1))
                return await audited(driver, neo4j_target.database, DEVELOPMENT, "req", work)
            finally:
                await driver.close()

        return asyncio.run(go())

    with pytest.raises(NotFound):
        run(Reach(ReachKind.TOWNSHIP, "430624102"))
    with pytest.raises(NotFound):
        run(Reach(ReachKind.VILLAGE, "430624101202"))
    assert run(Reach(ReachKind.VILLAGE, "430624101201"))["card"] == "GREEN"
