"""GraphiQL and the reference dashboard in headless Chromium, against a live server on a seeded
county whose violations the manifest lists (seeds/manifest.py). Screenshots: tests/artifacts/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from neo4j import Driver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from core.principal import Role
from core.settings import Settings
from fupin.asgi import create_app
from graph.connection import Target
from seeds.manifest import Manifest
from tests.browser import chromium, live_server, screenshot
from tests.conftest import bearer, seed_county

HOUSEHOLDS, SEED, AS_OF = 300, 1, dt.date(2020, 6, 30)


@dataclass
class Seeded:
    manifest: Manifest
    paired: dict[str, Any]  # a household paired on AS_OF: id, head's name and idNumber, its cadre's name


@pytest.fixture(scope="module")
def seeded(
    driver: Driver, neo4j_target: Target, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Seeded:
    out = tmp_path_factory.mktemp("browser-county")
    manifest, _ = seed_county(driver, neo4j_target, settings, out, HOUSEHOLDS, SEED, AS_OF)
    records, _, _ = driver.execute_query(
        """MATCH (c:Cadre)-[r:PAIRED_WITH]->(h:Household)
        WHERE r.since <= $day AND (r.until IS NULL OR r.until > $day) AND h.headName IS NOT NULL
          AND COUNT { (:Household {headName: h.headName}) } = 1
        MATCH (head:Person {name: h.headName})-[:BELONGS_TO]->(h)
        RETURN h.id AS id, h.headName AS name, c.name AS cadre, head.idNumber AS idNumber
        ORDER BY h.id LIMIT 1""",
        day=AS_OF,
        database_=neo4j_target.database,
    )
    return Seeded(manifest, dict(records[0]))


@pytest.fixture(scope="module")
def site(seeded: Seeded, settings: Settings, neo4j_target: Target) -> Iterator[str]:
    app = create_app(settings, neo4j_target)
    with live_server(app, settings.security.max_header_bytes) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _token(settings: Settings) -> str:
    return bearer(settings, Role.COUNTY_ADMIN).removeprefix("Bearer ")


def _wait(browser: Any, condition: Any, seconds: float = 60) -> Any:
    return WebDriverWait(browser, seconds, poll_frequency=0.2).until(condition)


def _shown(browser: Any, css: str) -> Any:
    return _wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, css) or False)


def test_graphiql_loads_and_runs_a_query_with_a_token(site, browser, settings, seeded):
    browser.get(f"{site}/graphql")
    _shown(browser, ".graphiql-container .CodeMirror")
    headers = browser.execute_script(
        "return [...document.querySelectorAll('.CodeMirror')].map(e => e.CodeMirror.getValue())"
    )
    assert any('"Authorization": "Bearer <token>"' in text for text in headers), headers
    browser.execute_script(
        """const [query, , headers] = [...document.querySelectorAll('.graphiql-editors .CodeMirror')];
        query.CodeMirror.setValue('{ townships { totalCount edges { node { code name } } } }');
        headers.CodeMirror.setValue(JSON.stringify({Authorization: 'Bearer ' + arguments[0]}));""",
        _token(settings),
    )
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    result = _wait(
        browser,
        lambda b: next(
            (t for t in [b.find_element(By.CSS_SELECTOR, ".result-window").text] if "totalCount" in t), False
        ),
    )
    screenshot(browser, "graphiql")
    assert '"totalCount": 2' in result and "430624101" in result, result


def _cell(browser: Any, rule: str) -> Any:
    return browser.find_element(By.CSS_SELECTOR, f'#verdicts tr[data-rule="{rule}"] td')


def test_the_dashboard_shows_verdicts_searches_a_household_and_draws_its_chain(
    site, browser, settings, seeded
):
    browser.get(f"{site}/")
    browser.execute_script("document.getElementById('as-of').value = arguments[0]", AS_OF.isoformat())
    browser.find_element(By.ID, "token").send_keys(_token(settings))
    browser.find_element(By.ID, "load").click()
    _shown(browser, '#verdicts tr[data-rule="W7"]')
    # The county column: W7 fails with exactly the manifest's unpaired households, W8 likewise.
    for rule in ("W7", "W8"):
        injected = seeded.manifest.violations[rule]
        cell = _cell(browser, rule)
        assert cell.get_attribute("class") == ("fail" if injected else "pass"), rule
        assert cell.get_attribute("title").startswith(f"{len(injected)} / "), (rule, injected)
    townships = browser.find_elements(By.CSS_SELECTOR, "#verdicts thead th")
    assert [t.text for t in townships[:2]] == ["规则", "全县"] and len(townships) == 4
    assert browser.find_elements(By.CSS_SELECTOR, '#charts svg.chart[data-rule="W7"] rect')
    _wait(browser, lambda b: "…" not in b.find_element(By.ID, "villages").text)
    villages = browser.find_elements(By.CSS_SELECTOR, "#villages tbody tr")
    assert villages and all(
        v.find_elements(By.CSS_SELECTOR, ".failing.pass, .failing.fail") for v in villages
    )
    screenshot(browser, "dashboard")

    wanted = f'#results a[href="#/household/{seeded.paired["id"]}"]'
    search = browser.find_element(By.ID, "search")
    search.send_keys(seeded.paired["idNumber"])
    browser.find_element(By.ID, "search-go").click()
    _shown(browser, wanted)
    browser.execute_script("document.getElementById('results').replaceChildren()")
    search.clear()
    search.send_keys(seeded.paired["name"])
    browser.find_element(By.ID, "search-go").click()
    _shown(browser, wanted)[0].click()
    title = _shown(browser, "#household-title")[0]
    assert seeded.paired["name"] in title.text and seeded.paired["id"] in title.text
    body = browser.find_element(By.ID, "household-body").text
    assert "家庭成员" in body and seeded.paired["cadre"] in body

    browser.execute_script("document.getElementById('chain-date').value = arguments[0]", AS_OF.isoformat())
    browser.find_element(By.ID, "chain-draw").click()
    _shown(browser, "#chain svg.chain g.node")
    captions = [
        n.get_attribute("textContent") for n in browser.find_elements(By.CSS_SELECTOR, "#chain g.node")
    ]
    assert any(c.startswith(f"贫困户：{seeded.paired['name']}") for c in captions), captions
    assert any(c.startswith(f"干部：{seeded.paired['cadre']}") for c in captions), captions
    assert browser.find_elements(By.CSS_SELECTOR, "#chain svg line.edge, #chain svg path.edge")
    screenshot(browser, "household")
