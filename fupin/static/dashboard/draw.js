// SVG drawn by hand: a bar chart per rule, a household's cards over time, a responsibility chain.
"use strict";

const draw = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const CARD_COLOURS = { RED: "#d32f2f", YELLOW: "#f9a825", GREEN: "#388e3c" };

  function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function percent(rate) {
    return rate === null || rate === undefined ? "—" : `${(rate * 100).toFixed(1)}%`;
  }

  // One rule's rate per township as horizontal bars, with its threshold as a dashed line.
  function ruleChart(rule, title, rows, threshold, atMost) {
    const width = 300, barHeight = 18, left = 70, top = 28;
    const height = top + rows.length * (barHeight + 6) + 6;
    const top_rate = Math.max(threshold, ...rows.map((r) => r.rate || 0));
    const scale = atMost ? (top_rate > 0 ? top_rate * 1.25 : 1) : 1;
    const x = (rate) => left + ((width - left - 50) * Math.min(rate, scale)) / scale;
    const chart = svg("svg", { width, height, class: "chart", "data-rule": rule });
    chart.append(svg("text", { x: 4, y: 16, class: "chart-title" }, `${rule} ${title}`));
    rows.forEach((row, i) => {
      const y = top + i * (barHeight + 6);
      chart.append(svg("text", { x: 4, y: y + 13, class: "chart-label" }, row.name));
      const colour = row.rate === null ? "#9e9e9e" : row.passes ? "#43a047" : "#e53935";
      chart.append(svg("rect", { x: left, y, width: Math.max(1, x(row.rate || 0) - left), height: barHeight, fill: colour }));
      chart.append(svg("text", { x: x(row.rate || 0) + 4, y: y + 13, class: "chart-label" }, percent(row.rate)));
    });
    const t = x(threshold);
    chart.append(svg("line", { x1: t, x2: t, y1: top - 4, y2: height - 2, class: "threshold" }));
    return chart;
  }

  // Card periods on a time line, from the first period's start to today.
  function cardStrip(periods) {
    const width = 640, height = 46;
    const strip = svg("svg", { width, height, class: "cards" });
    const dated = periods.filter((p) => p.since);
    if (!dated.length) return strip;
    const today = new Date().toISOString().slice(0, 10);
    const start = Date.parse(dated[0].since), end = Date.parse(today);
    const x = (day) => 10 + ((width - 20) * (Date.parse(day) - start)) / Math.max(1, end - start);
    for (const p of dated) {
      const until = p.until || today;
      strip.append(svg("rect", { x: x(p.since), y: 6, width: Math.max(2, x(until) - x(p.since)), height: 18, fill: CARD_COLOURS[p.color] || "#999" }));
      strip.append(svg("text", { x: x(p.since) + 2, y: 40, class: "chart-label" }, p.since));
    }
    return strip;
  }

  // Columns by distance from the first node (the household), rows in each column; edges as
  // arrows with their Chinese caption (relationship, then dates) at the middle.
  function chain(graph) {
    const ids = graph.nodes.map((n) => n.id);
    const near = new Map(ids.map((id) => [id, []]));
    for (const e of graph.edges) {
      near.get(e.source).push(e.target);
      near.get(e.target).push(e.source);
    }
    const depth = new Map([[ids[0], 0]]);
    for (const queue = [ids[0]]; queue.length; ) {
      const id = queue.shift();
      for (const next of near.get(id)) {
        if (!depth.has(next)) { depth.set(next, depth.get(id) + 1); queue.push(next); }
      }
    }
    const columns = [];
    for (const node of graph.nodes) {
      const d = depth.has(node.id) ? depth.get(node.id) : 0;
      (columns[d] = columns[d] || []).push(node);
    }
    const boxW = 180, boxH = 34, colGap = 300, rowGap = 64;
    const at = new Map();
    columns.forEach((column, c) => column.forEach((node, r) => at.set(node.id, { x: 20 + c * colGap, y: 20 + r * rowGap })));
    const rows = Math.max(...columns.map((c) => c.length));
    const picture = svg("svg", { width: 40 + (columns.length - 1) * colGap + boxW, height: 40 + rows * rowGap, class: "chain" });
    const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" });
    marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" }));
    const defs = svg("defs");
    defs.append(marker);
    picture.append(defs);
    for (const e of graph.edges) {
      const a = at.get(e.source), b = at.get(e.target);
      const [from, to] = a.x <= b.x ? [a, b] : [b, a];
      const x1 = from.x + boxW, y1 = from.y + boxH / 2, x2 = to.x, y2 = to.y + boxH / 2;
      const same = a.x === b.x;
      const line = same
        ? svg("path", { d: `M${a.x + boxW},${a.y + boxH / 2} C${a.x + boxW + 60},${a.y} ${b.x + boxW + 60},${b.y + boxH} ${b.x + boxW},${b.y + boxH / 2}`, class: "edge", fill: "none" })
        : svg("line", a.x <= b.x ? { x1, y1, x2, y2, class: "edge" } : { x1: x2, y1: y2, x2: x1, y2: y1, class: "edge" });
      line.setAttribute("marker-end", "url(#arrow)");
      picture.append(line);
      const [word, dates] = e.caption.split("\n");
      // Nearer the right-hand end, where the fanned-out edges lie apart.
      const mx = same ? a.x + boxW + 48 : x1 + 0.62 * (x2 - x1), my = same ? (a.y + b.y) / 2 + boxH / 2 : y1 + 0.62 * (y2 - y1);
      const label = svg("text", { x: mx, y: my - 3, class: "edge-label", "text-anchor": "middle" }, word);
      picture.append(label);
      if (dates) picture.append(svg("text", { x: mx, y: my + 10, class: "edge-date", "text-anchor": "middle" }, dates));
    }
    for (const node of graph.nodes) {
      const { x, y } = at.get(node.id);
      const group = svg("g", { class: `node node-${node.label}`, "data-id": node.id });
      group.append(svg("rect", { x, y, width: boxW, height: boxH, rx: 6 }));
      const caption = node.caption.length > 14 ? `${node.caption.slice(0, 13)}…` : node.caption;
      group.append(svg("text", { x: x + 8, y: y + 22 }, caption));
      group.append(svg("title", {}, node.caption));
      picture.append(group);
    }
    return picture;
  }

  return { ruleChart, cardStrip, chain, percent, CARD_COLOURS };
})();
