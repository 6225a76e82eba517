/* Flows: a Sankey of origin -> transit -> destination drawn as SVG (own layout: stages are
   columns, node height is its throughput, links are ribbons), and the routes table. */
(function () {
  "use strict";
  var N = window.NADD, I = window.INC, el = N.el;
  var form = document.getElementById("flows-form"), box = document.getElementById("sankey");
  var SVG = "http://www.w3.org/2000/svg", W = 960, H = 520, PAD = 30, NODE_W = 14, GAP = 8;
  var vc = null;

  function s(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function tip(e, text) { var t = document.createElementNS(SVG, "title"); t.textContent = text; e.appendChild(t); return e; }

  function stageRank(stage) { return stage === "O" ? 0 : stage === "D" ? 999 : parseInt(stage.slice(1), 10); }

  function sankey(data, measure) {
    var value = function (l) { return Math.max(Number(l[measure]) || 0, measure === "incidents" ? 1 : 0); };
    var links = data.links.filter(function (l) { return value(l) > 0; });
    var nodes = {}, stages = [];
    data.nodes.forEach(function (n) { nodes[n.id] = { id: n.id, stage: n.stage, label: n.label, in: 0, out: 0 }; });
    links.forEach(function (l) { nodes[l.source].out += value(l); nodes[l.target].in += value(l); });
    Object.keys(nodes).forEach(function (k) {
      var n = nodes[k]; n.value = Math.max(n.in, n.out);
      if (n.value > 0 && stages.indexOf(n.stage) < 0) stages.push(n.stage);
    });
    stages.sort(function (a, b) { return stageRank(a) - stageRank(b); });
    var cols = stages.map(function (st) {
      return Object.keys(nodes).map(function (k) { return nodes[k]; })
        .filter(function (n) { return n.stage === st && n.value > 0; })
        .sort(function (a, b) { return b.value - a.value || a.label.localeCompare(b.label); });
    });
    var scale = Math.min.apply(null, cols.map(function (c) {
      var total = c.reduce(function (t, n) { return t + n.value; }, 0);
      return (H - 2 * PAD - GAP * (c.length - 1)) / total;
    }));
    cols.forEach(function (c, i) {
      var yy = PAD, x = cols.length > 1 ? PAD + i * (W - 2 * PAD - NODE_W - 60) / (cols.length - 1) : W / 2;
      c.forEach(function (n) { n.x = x; n.y = yy; n.h = Math.max(1, n.value * scale); n.sy = n.y; n.ty = n.y; yy += n.h + GAP; });
    });
    var svg = s("svg", { viewBox: "0 0 " + W + " " + H, role: "img", class: "sankey", "aria-label": N.t("inc_route"),
      "data-links": links.length, "data-nodes": cols.reduce(function (t, c) { return t + c.length; }, 0) });
    links.slice().sort(function (a, b) { return nodes[a.source].y - nodes[b.source].y || nodes[a.target].y - nodes[b.target].y; })
      .forEach(function (l) {
        var a = nodes[l.source], b = nodes[l.target], w = Math.max(1, value(l) * scale);
        var x0 = a.x + NODE_W, x1 = b.x, y0 = a.sy + w / 2, y1 = b.ty + w / 2, xm = (x0 + x1) / 2;
        a.sy += w; b.ty += w;
        var p = s("path", { class: "link" + (l.postal ? " postal" : ""), d: "M" + x0 + "," + y0 + "C" + xm + "," + y0 + " " + xm + "," + y1 + " " + x1 + "," + y1,
          "stroke-width": w.toFixed(2), "data-mode": l.mode, "data-postal": l.postal ? "yes" : "no" });
        svg.appendChild(tip(p, a.label + " → " + b.label + " · " + I.label(vc, "mode", l.mode) + " · " +
          N.num(l.incidents) + " " + N.t("case_incidents").toLowerCase() + " · " + N.num(l.quantity_kg, 1) + " kg"));
      });
    cols.forEach(function (c) {
      c.forEach(function (n) {
        var g = s("g", { class: "node", "data-node": n.id });
        g.appendChild(tip(s("rect", { x: n.x, y: n.y, width: NODE_W, height: n.h }), n.label + ": " + N.num(n.value, 1)));
        var t = s("text", { x: n.x + NODE_W + 4, y: n.y + n.h / 2 + 4 });
        t.textContent = n.label;
        g.appendChild(t);
        svg.appendChild(g);
      });
    });
    return svg;
  }

  function load() {
    var f = { mode: form.elements.mode.value, kind: form.elements.kind.value, level: form.elements.level.value };
    window.history.replaceState(null, "", window.location.pathname + "?" + N.params(Object.assign({ measure: form.elements.measure.value }, f)));
    box.dataset.state = "loading";
    N.api("/flows?" + N.params(f)).then(function (data) {
      I.banner(data.synthetic);
      var routes = document.getElementById("routes");
      if (!data.links.length) {
        N.show(box, el("p", { class: "note", text: N.t("flows_none") }));
        N.show(routes, null);
        box.dataset.state = "empty";
        return;
      }
      N.show(box, sankey(data, form.elements.measure.value));
      var legend = el("ul", { class: "legend-inline" }, [
        el("li", {}, [el("span", { class: "dot postal" }), N.t("postal")]),
        el("li", {}, [el("span", { class: "dot other" }), N.t("other_modes")])]);
      box.appendChild(legend);
      box.dataset.state = "ready";
      data.routes.forEach(function (r) { r._attrs = { "data-postal": r.postal ? "yes" : "no" }; });
      N.show(routes, N.table([
        { label: N.t("inc_mode"), render: function (r) { return I.label(vc, "mode", r.mode) + (r.postal ? " ✉" : ""); } },
        { label: N.t("origin"), key: "origin" },
        { label: N.t("transit"), render: function (r) { return (r.transit || "").replace(/;/g, " → ") || "—"; } },
        { label: N.t("destination"), key: "destination" },
        { label: N.t("case_incidents"), cls: "num", render: function (r) { return N.num(r.incidents); } },
        { label: N.t("kg"), cls: "num", render: function (r) { return N.num(r.quantity_kg, 1); } },
      ], data.routes, { "data-testid": "routes-table" }));
    }).catch(function (e) { N.showError(box, e); });
  }

  I.vocab().then(function (v) {
    vc = v;
    I.fillOptions(form.elements.mode, v._raw.mode);
    I.fillOptions(form.elements.kind, v._raw.incident_kind);
    var q = new URLSearchParams(window.location.search);
    ["mode", "kind", "level", "measure"].forEach(function (k) { if (q.get(k)) form.elements[k].value = q.get(k); });
    load();
  }).catch(function (e) { N.showError(box, e); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
})();
