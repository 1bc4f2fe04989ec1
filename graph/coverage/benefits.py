"""Benefits received (政策享受, `(Household|Person)-[:RECEIVES]->(Benefit)-[:UNDER]->(Policy)`) of
the kinds the policy rules ask about (P1, P2 aid, P6, P7), in the year a rule judges ($yearFrom ..
$yearTo, graph/coverage/params.py year_window).

Each kind is kept on its holder (the household or person receiving it) as a derived fact
(graph/derived.py): the first day of each year in which the holder had such a benefit
(`industryDays`: [2019-03-05, 2020-01-10]; `[]`: benefits of other kinds only), so that "had one
in the window" reads one property instead of the benefits: some year's first day lies in
[$yearFrom, $yearTo] exactly when some benefit of that year does. A holder without the property
(no benefit at all, or written by other means until `fupin migrate` derives it) has its benefits
read, which costs a holder without any benefit no more than the property would.
"""

from __future__ import annotations

from typing import NamedTuple


class Support(NamedTuple):
    """A kind of benefit: the derived property of its days, the condition on the benefit `b` and
    its policy `pol` (constants only: the derived fact takes no parameter)."""

    prop: str
    condition: str
    # A label the holder carries while it has such a benefit (county-wide seeks); of a kind with
    # `last`, while it holds that day.
    label: str = ""
    # The latest of the days, beside them (EVER, graph/derived.py, for none): "had one in the
    # window" is then a comparison for the holders whose latest lies in it, and the days are read
    # for the others only.
    last: str = ""


# P1: 产业 support, or agricultural-insurance support under any area (a household's own, a person's
# own: the rule asks the household and its members, so that a member's move changes no derived fact).
INDUSTRY = Support("industryDays", "pol.code = 'P1' OR b.project CONTAINS '农业保险'")
# P2: the person's own 教育 benefit (student aid). Of this kind and P6's, every person writer gives
# a person without it its latest day, EVER (graph/derived.py person_facts), so that the people
# whose latest lies outside the year are found county-wide in one index with those never given
# one, and a person not so written lacks the label.
AID = Support("aidDays", "pol.code = 'P2'", label="AidDated", last="aidLast")
# P6: the person's own 综合保障 benefit naming 残疾人 (the 两项补贴: 困难残疾人生活补贴, 重度残疾人护理补贴).
SUBSIDY = Support(
    "subsidyDays", "pol.code = 'P6' AND b.project CONTAINS '残疾人'", label="SubsidyDated", last="subsidyLast"
)
# P6: premiums paid for the person (代缴: a benefit naming 代缴), the insurance and pension premiums of
# the severely disabled.
PREMIUMS = Support("premiumDays", "b.project CONTAINS '代缴'", label="PremiumDated", last="premiumLast")
# P7: the person's own 就业 benefit naming 两后生, naming 培训 (skills training).
TWO_AFTER = Support("twoAfterDays", "pol.code = 'P7' AND b.project CONTAINS '两后生'", label="TwoAfter")
TRAINING = Support("trainingDays", "pol.code = 'P7' AND b.project CONTAINS '培训'", label="Trained")

HOUSEHOLD_SUPPORTS = (INDUSTRY,)
PERSON_SUPPORTS = (INDUSTRY, AID, SUBSIDY, PREMIUMS, TWO_AFTER, TRAINING)


def _benefits(var: str, support: Support) -> str:
    """The pattern from holder `var` to its benefits `b` of `support`'s kind and their policy `pol`."""
    return (
        f"MATCH ({var})-[:RECEIVES]->(b:Benefit)-[:UNDER]->(pol:Policy) "
        f"WHERE b.date IS NOT NULL AND ({support.condition})"
    )


def _days(var: str, support: Support, start: str = "") -> str:
    """The first day of each year of holder `var`'s benefits of the kind (`start`: clauses that bind
    `var`), sorted."""
    return (
        f"COLLECT {{ {start}{_benefits(var, support)} WITH b.date.year AS year, min(b.date) AS first "
        "RETURN first ORDER BY first }"
    )


def first_days(var: str, support: Support) -> str:
    """The derived fact: the first day of each year of holder `var`'s benefits of the kind, sorted;
    empty when it has benefits but none of the kind; null when it has no benefit at all (reading
    them costs no more than the property: one representation whichever path derives it)."""
    return f"CASE WHEN EXISTS {{ ({var})-[:RECEIVES]->() }} THEN {_days(var, support)} END"


def days_of_any(people: str, support: Support) -> str:
    """The first day of each year in which any of `people` (a list) had a benefit of the kind, sorted
    (empty: none)."""
    return _days("anyone", support, f"UNWIND {people} AS anyone ")


def received(var: str, support: Support) -> str:
    """Holder `var` had a benefit of the kind dated in [$yearFrom, $yearTo]: from its derived latest
    day when that lies in the window, else from its derived days (read once), else from its
    benefits."""
    days = (
        f"[days IN [{var}.{support.prop}] | CASE WHEN days IS NOT NULL "
        "THEN any(d IN days WHERE $yearFrom <= d <= $yearTo) "
        f"ELSE EXISTS {{ {_benefits(var, support)} AND $yearFrom <= b.date <= $yearTo }} END][0]"
    )
    if not support.last:
        return days
    return f"CASE WHEN $yearFrom <= {var}.{support.last} <= $yearTo THEN true ELSE {days} END"
