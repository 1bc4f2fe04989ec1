"""Roster specs (graph/rosters/specs.py): recognition by header set, load order, and property
names checked against docs/model.md. No database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.rosters import LOAD_ORDER, SPECS, RosterSpec, normalise_header, open_table, spec_for

MODEL = Path(__file__).parent.parent / "docs" / "model.md"
# Props on a model element that docs/model.md does not list (documented in specs.py).
ADDED = {"sourceDepartment"}
NOT_GRAPH = {"ref", "relationship type"}


def model_properties() -> dict[str, set[str]]:
    """Label or relationship type → the property names docs/model.md gives it."""
    found: dict[str, set[str]] = {}
    for line in MODEL.read_text(encoding="utf-8").splitlines():
        node = re.match(r"\| `(\w+)` \|", line)
        if node:
            found[node[1]] = set(re.findall(r"`([a-z]\w*)`", line))
        for rel, props in re.findall(r"\[:(\w+)(?: \{([^}]*)\})?\]", line):
            found.setdefault(rel, set()).update(re.findall(r"\w+", props))
            if "| yes" in line:
                found[rel].update({"since", "until"})
    return found


def test_load_order() -> None:
    assert LOAD_ORDER == (
        "units",
        "villages",
        "cadres",
        "township_leaders",
        "households",
        "persons",
        "pairings",
        "teams",
        "visits",
        "attendance",
        "benefits",
        "loans",
        "petitions",
        "rectifications",
        "poverty_reports",
        "projects",
        "project_beneficiaries",
        "disbursements",
    )


def test_names_and_kinds_are_unique() -> None:
    assert len({spec.kind for spec in SPECS}) == len({spec.name for spec in SPECS}) == 18
    assert spec_for("户花名册").kind == "households"
    assert spec_for("teams").name == "驻村工作队花名册"


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.kind)
def test_headers_are_normalised_and_props_unique(spec: RosterSpec) -> None:
    for column in spec.columns:
        for header in column.headers:
            assert normalise_header(header) == header
    props = [column.prop for column in spec.columns]
    assert len(props) == len(set(props))
    headers = [header for column in spec.columns for header in column.headers]
    assert len(headers) == len(set(headers))


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.kind)
def test_props_follow_the_model(spec: RosterSpec) -> None:
    model = model_properties()
    for column in spec.columns:
        if column.on in NOT_GRAPH or column.prop in ADDED:
            continue
        element_props: set[str] = set()
        for element in column.on.split("|"):
            element_props |= model[element]
        # A column about a related node is named <node><Prop>: cadreName → Cadre.name.
        prefix = column.on.lower()
        related = column.prop.removeprefix(prefix)
        related = related[:1].lower() + related[1:]
        assert column.prop in element_props or related in element_props, (spec.kind, column)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.kind)
def test_each_roster_is_recognised_by_its_required_headers(spec: RosterSpec, tmp_path: Path) -> None:
    headers = list(spec.required) + [group[0] for group in spec.any_of]
    path = tmp_path / "roster.csv"
    path.write_text("某县某花名册\n" + ",".join(reversed(headers)) + "\n", encoding="utf-8")
    table = open_table(path)
    assert table.header.spec.kind == spec.kind
    assert table.header.row == 2


def test_recognition_prefers_the_roster_knowing_most_columns(tmp_path: Path) -> None:
    # 人口花名册's required headers plus its optional ones: not mistaken for another roster.
    headers = ["户编号", "姓名", "证件号码", "与户主关系", "联系电话", "性别", "出生日期"]
    path = tmp_path / "p.csv"
    path.write_text(",".join(headers) + "\n", encoding="utf-8")
    assert open_table(path).header.spec.kind == "persons"
