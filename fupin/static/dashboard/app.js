// The reference dashboard: the county's rule verdicts, charts, villages, household search, a
// household's page and its responsibility chain, each from one or two GraphQL requests.
"use strict";

const CARDS = { RED: "红卡", YELLOW: "黄卡", GREEN: "绿卡" };
const STATUSES = { NOT_OUT: "未脱贫", OUT: "已脱贫", RETURNED: "返贫" };
const MODES = { HOME: "入户走访", PHONE: "电话回访", VIDEO: "视频回访", MEETING: "集中座谈" };
const ACTIONS = { STARTED: "开始结对", ENDED: "结束结对" };

const $ = (id) => document.getElementById(id);

function element(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child === null || child === undefined ? "" : child);
  return node;
}

function table(head, rows) {
  const t = element("table");
  t.append(element("thead", {}, element("tr", {}, ...head.map((h) => element("th", {}, h)))));
  const body = element("tbody");
  for (const row of rows) body.append(row);
  t.append(body);
  return t;
}

function status(text, failed = false) {
  $("status").textContent = text;
  $("status").className = failed ? "failed" : "";
}

function asOf() {
  return $("as-of").value || null;
}

async function attempt(what, work) {
  status(`正在${what}…`);
  try {
    await work();
    status("");
  } catch (error) {
    status(`${what}失败：${error.message}`, true);
  }
}

// ---- the overview ----

const OVERVIEW = `query Overview($asOf: Date) {
  coverage(asOf: $asOf) {
    scope { asOf }
    summary {
      lines { rule: key title count denominator rate threshold comparison passes }
      townships { township { code name } lines { rule: key count denominator rate passes } }
    }
    tallies(by: VILLAGE) { code name townshipCode households cards { card count } statuses { status count } }
  }
  townships { edges { node { code name } } }
}`;

const VILLAGE_VERDICTS = `query VillageVerdicts($asOf: Date) {
  coverage(asOf: $asOf) { villageSummaries { village { code } lines { rule: key passes } } }
}`;

// P9 is a ranking, not a rate: its count is the province-level cases (件).
function verdictCell(line, rule) {
  const verdict = line.rate === null ? "none" : line.passes ? "pass" : "fail";
  const shown = rule === "P9" ? `${line.count} 件` : draw.percent(line.rate);
  return element("td", { class: verdict, title: `${line.count} / ${line.denominator}` }, shown);
}

function showVerdicts(summary) {
  const head = ["规则", "全县", ...summary.townships.map((t) => t.township.name)];
  const rows = summary.lines.map((line, i) =>
    element("tr", { "data-rule": line.rule },
      element("th", {}, `${line.rule} ${line.title}`),
      verdictCell(line, line.rule),
      ...summary.townships.map((t) => verdictCell(t.lines[i], line.rule))),
  );
  $("verdicts").replaceChildren(table(head, rows));
}

function showCharts(summary) {
  const charts = summary.lines.map((line, i) =>
    draw.ruleChart(
      line.rule,
      line.title,
      summary.townships.map((t) => ({ name: t.township.name, rate: t.lines[i].rate, passes: t.lines[i].passes })),
      line.threshold,
      line.comparison === "AT_MOST",
    ),
  );
  $("charts").replaceChildren(...charts);
}

function showVillages(tallies, townships) {
  const names = new Map(townships.map((t) => [t.code, t.name]));
  const count = (list, key, value) => (list.find((x) => x[key] === value) || { count: 0 }).count;
  const rows = tallies.map((v) =>
    element("tr", { "data-village": v.code },
      element("td", {}, v.code), element("td", {}, v.name), element("td", {}, names.get(v.townshipCode) || ""),
      element("td", {}, String(v.households)),
      ...Object.keys(CARDS).map((c) => element("td", { class: `card-${c}` }, String(count(v.cards, "card", c)))),
      ...Object.keys(STATUSES).map((s) => element("td", {}, String(count(v.statuses, "status", s)))),
      element("td", { class: "failing" }, "…")),
  );
  const head = ["代码", "行政村", "乡镇", "户数", ...Object.values(CARDS), ...Object.values(STATUSES), "未达标规则"];
  $("villages").replaceChildren(table(head, rows));
}

function showVillageVerdicts(summaries) {
  for (const v of summaries) {
    const cell = document.querySelector(`tr[data-village="${v.village.code}"] .failing`);
    if (!cell) continue;
    const failing = v.lines.filter((l) => !l.passes).map((l) => l.rule);
    cell.textContent = failing.length ? failing.join("、") : "全部达标";
    cell.className = `failing ${failing.length ? "fail" : "pass"}`;
  }
}

async function loadOverview() {
  await attempt("载入看板", async () => {
    const data = await api.query(OVERVIEW, { asOf: asOf() });
    const { summary, tallies } = data.coverage;
    showVerdicts(summary);
    showCharts(summary);
    showVillages(tallies, data.townships.edges.map((e) => e.node));
  });
  // The heaviest statement: shown when it comes, after the rest.
  await attempt("计算各村达标情况", async () => {
    const data = await api.query(VILLAGE_VERDICTS, { asOf: asOf() });
    showVillageVerdicts(data.coverage.villageSummaries);
  });
}

// ---- search ----

const BY_NAME = `query ByName($name: String!) {
  households(filter: { headNameContains: $name }, sort: HEAD_NAME, first: 20) {
    totalCount edges { node { id headName card status village { name } } }
  }
}`;

const BY_ID_NUMBER = `query ByIdNumber($idNumber: String!) {
  personByIdNumber(idNumber: $idNumber) { name household { id headName card status village { name } } }
}`;

async function search(text) {
  const wanted = text.trim();
  if (!wanted) return;
  await attempt("查询", async () => {
    let found;
    if (/^[0-9０-９]{6,}[0-9Xx]?$/.test(wanted)) {
      const person = (await api.query(BY_ID_NUMBER, { idNumber: wanted })).personByIdNumber;
      found = person && person.household ? [person.household] : [];
    } else {
      found = (await api.query(BY_NAME, { name: wanted })).households.edges.map((e) => e.node);
    }
    const items = found.map((h) =>
      element("li", {},
        element("a", { href: `#/household/${encodeURIComponent(h.id)}` }, `${h.headName || "（无户主）"}`),
        ` ${h.id} · ${h.village ? h.village.name : ""} · ${CARDS[h.card] || ""} · ${STATUSES[h.status] || ""}`),
    );
    $("results").replaceChildren(...(items.length ? items : [element("li", {}, "没有找到")]));
  });
}

// ---- a household ----

const HOUSEHOLD = `query Household($id: ID!) {
  household(id: $id) {
    id headName headIdNumber size status card income hamlet
    village { name township { name } }
    members { name relation gender birthDate idNumber }
    cardHistory { color since until reason }
  }
  householdHistory(householdId: $id, kinds: [PAIRING, VISIT], direction: ASC, first: 100) {
    edges { node { kind action date since until cadre { name post } visit { date mode findings } } }
  }
}`;

const CHAIN = `query Chain($id: ID!, $asOf: Date) {
  responsibilityChain(householdId: $id, asOf: $asOf) {
    asOf graph { nodes { id label caption } edges { id source target caption } }
  }
}`;

function showHousehold(h, history) {
  const events = history.edges.map((e) => e.node);
  const pairings = events.filter((e) => e.kind === "PAIRING");
  const visits = events.filter((e) => e.kind === "VISIT" && e.visit);
  const place = h.village ? `${h.village.township ? h.village.township.name : ""} ${h.village.name}` : "";
  $("household-body").replaceChildren(
    element("h2", { id: "household-title" }, `${h.headName || ""}户（${h.id}）`),
    element("p", {}, `${place} ${h.hamlet || ""} · ${h.size || "?"} 人 · ${CARDS[h.card] || "无卡"} · `
      + `${STATUSES[h.status] || ""} · 人均纯收入 ${h.income ?? "—"} 元 · 户主证件 ${h.headIdNumber || "—"}`),
    element("h3", {}, "家庭成员"),
    table(["姓名", "与户主关系", "性别", "出生日期", "证件号码"], h.members.map((m) =>
      element("tr", {}, ...[m.name, m.relation, m.gender, m.birthDate, m.idNumber].map((v) => element("td", {}, v || ""))))),
    element("h3", {}, "卡类变化"),
    draw.cardStrip(h.cardHistory),
    table(["卡类", "起", "止", "原因"], h.cardHistory.map((p) =>
      element("tr", {}, element("td", { class: `card-${p.color}` }, CARDS[p.color]),
        ...[p.since, p.until || "今", p.reason].map((v) => element("td", {}, v || ""))))),
    element("h3", {}, "帮扶责任人变化"),
    table(["干部", "职务", "事件", "日期"], pairings.map((e) =>
      element("tr", {}, ...[e.cadre && e.cadre.name, e.cadre && e.cadre.post, ACTIONS[e.action] || e.action, e.date]
        .map((v) => element("td", {}, v || ""))))),
    element("h3", {}, "走访记录"),
    table(["日期", "方式", "发现问题"], visits.map((e) =>
      element("tr", {}, ...[e.visit.date, MODES[e.visit.mode] || e.visit.mode, e.visit.findings].map((v) => element("td", {}, v || ""))))),
  );
}

async function drawChain(id) {
  await attempt("绘制责任链", async () => {
    const chain = (await api.query(CHAIN, { id, asOf: $("chain-date").value || null })).responsibilityChain;
    $("chain").replaceChildren(element("p", {}, `${chain.asOf} 的责任链`), draw.chain(chain.graph));
  });
}

async function openHousehold(id) {
  $("household-body").replaceChildren();
  $("chain").replaceChildren();
  await attempt("载入贫困户", async () => {
    const data = await api.query(HOUSEHOLD, { id });
    if (!data.household) throw new Error(`未找到贫困户 ${id}`);
    showHousehold(data.household, data.householdHistory);
  });
}

// ---- routing: #/ the overview, #/household/ID a household ----

function route() {
  const match = location.hash.match(/^#\/household\/(.+)$/);
  $("overview").hidden = Boolean(match);
  $("household").hidden = !match;
  if (!api.token()) {
    status("请先粘贴访问令牌（fupin serve 启动时打印，或运行 fupin token --role COUNTY_ADMIN）");
    return;
  }
  if (match) openHousehold(decodeURIComponent(match[1]));
  else loadOverview();
}

$("token").value = api.token();
$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  api.setToken($("token").value);
  route();
});
$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  search($("search").value);
});
$("chain-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const match = location.hash.match(/^#\/household\/(.+)$/);
  if (match) drawChain(decodeURIComponent(match[1]));
});
window.addEventListener("hashchange", route);
route();
