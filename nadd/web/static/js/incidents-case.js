/* One case: its network drawn as SVG from the API's nodes, edges and layout positions
   (computed server-side, seeded), the key actors with centrality, incidents and chains. */
(function () {
  "use strict";
  var N = window.NADD, I = window.INC, el = N.el;
  var id = N.boot.case_id, target = document.getElementById("case");
  var SVG = "http://www.w3.org/2000/svg", W = 960, H = 560, PAD = 24;

  function s(tag, attrs, children) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(c); });
    return e;
  }

  function title(text) { var t = document.createElementNS(SVG, "title"); t.textContent = text; return t; }

  function nodeText(n, vc) {
    if (n.type === "incident") return n.label + " · " + I.label(vc, "incident_kind", n.kind) + " · " + (n.jurisdiction_id || "") + " · " + N.date(n.date);
    var kind = N.t("node_" + n.type);
    return kind + ": " + n.label + (n.rank ? " · " + N.t("rank") + " " + n.rank + " · " + N.t("betweenness") + " " + N.num(n.betweenness, 2) : "");
  }

  function draw(graph, vc) {
    var box = document.getElementById("graph");
    var x = function (n) { return PAD + n.x * (W - 2 * PAD); }, y = function (n) { return PAD + n.y * (H - 2 * PAD); };
    var byId = {};
    graph.nodes.forEach(function (n) { byId[n.id] = n; });
    var svg = s("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": N.t("inc_case") + " " + id,
      "data-nodes": graph.nodes.length, "data-edges": graph.edges.length });
    graph.edges.forEach(function (e) {
      var a = byId[e.source], b = byId[e.target];
      if (a && b) svg.appendChild(s("line", { class: "edge", x1: x(a), y1: y(a), x2: x(b), y2: y(b), "data-via": e.via }));
    });
    graph.nodes.forEach(function (n) {
      var g;
      if (n.type === "incident") {
        g = s("a", { href: "/incidents/" + encodeURIComponent(n.label), class: "node", "data-node": n.id }, [
          s("rect", { class: "n-incident", x: x(n) - 6, y: y(n) - 6, width: 12, height: 12 }, [title(nodeText(n, vc))])]);
      } else {
        var r = 5 + (n.eigenvector ? 10 * n.eigenvector : 0);
        var cls = "n-" + n.type + (n.kind === "company" ? " n-company" : "");
        g = s("g", { class: "node", "data-node": n.id }, [s("circle", { class: cls, cx: x(n), cy: y(n), r: r.toFixed(1) }, [title(nodeText(n, vc))])]);
        if (n.type === "party") {
          var t = s("text", { x: x(n) + r + 2, y: y(n) + 3 });
          t.textContent = n.label;
          g.appendChild(t);
        }
      }
      svg.appendChild(g);
    });
    box.textContent = "";
    box.appendChild(svg);
    box.dataset.state = "ready";
    var legend = document.getElementById("graph-legend");
    legend.textContent = "";
    [["n-incident", N.t("inc_id")], ["n-party", N.t("node_party")], ["n-tracking", N.t("node_tracking")],
     ["n-account", N.t("node_account")], ["n-phone", N.t("node_phone")]].forEach(function (l) {
      legend.appendChild(el("li", {}, [el("span", { class: "dot " + l[0] }), l[1]]));
    });
  }

  Promise.all([N.api("/cases/" + encodeURIComponent(id)), I.vocab(), N.names()]).then(function (res) {
    var d = res[0], vc = res[1], nm = res[2], c = d.case;
    I.banner(d.synthetic);
    var dl = el("dl", { class: "facts" });
    [[N.t("case_incidents"), N.num(c.incidents)], [N.t("case_parties"), N.num(c.parties)],
     [N.t("countries"), (c.countries || "").replace(/;/g, ", ")],
     [N.t("modes"), (c.modes || "").split(";").filter(Boolean).map(function (m) { return I.label(vc, "mode", m); }).join(", ")],
     [N.t("substances"), (c.substances || "").split(";").filter(Boolean).map(function (x) { return nm.substances[x] || x; }).join(", ")],
     [N.t("first") + " – " + N.t("last"), N.date(c.first_date) + " – " + N.date(c.last_date)],
     [N.t("linked_by"), c.linked_by]].forEach(function (p) {
      dl.appendChild(el("dt", { text: p[0] })); dl.appendChild(el("dd", { text: p[1] || "—" }));
    });
    N.show(target, dl);
    draw(d.graph, vc);
    I.section(document.getElementById("actors"), [
      { label: N.t("rank"), cls: "num", key: "rank" },
      { label: N.t("name"), key: "name" },
      { label: N.t("case_incidents"), cls: "num", key: "incidents" },
      { label: N.t("ties"), cls: "num", key: "ties" },
      { label: N.t("betweenness"), cls: "num", render: function (a) { return N.num(a.betweenness, 3); } },
      { label: N.t("eigenvector"), cls: "num", render: function (a) { return N.num(a.eigenvector, 3); } },
      { label: N.t("reason"), key: "reason" },
    ], d.actors, { "data-testid": "actors-table" });
    I.section(document.getElementById("case-incidents"), [
      { label: N.t("inc_id"), render: function (r) { return el("a", { href: "/incidents/" + encodeURIComponent(r.incident_id), text: r.incident_id }); } },
      { label: N.t("inc_date"), render: function (r) { return N.date(r.event_date); } },
      { label: N.t("inc_kind"), render: function (r) { return I.label(vc, "incident_kind", r.kind); } },
      { label: N.t("inc_mode"), render: function (r) { return I.label(vc, "mode", r.mode); } },
      { label: N.t("inc_route"), render: I.route },
      { label: N.t("inc_owner"), render: function (r) { return r.owner_agency + " (" + r.owner_country + ")"; } },
    ], d.incidents, { "data-testid": "case-incidents-table" });
    I.section(document.getElementById("chains"), [
      { label: N.t("chain_precursor"), render: function (r) { return r.precursor_incident || r.precursor_incident_id || "—"; } },
      { label: N.t("chain_drug"), render: function (r) { return r.drug_incident || r.drug_incident_id || "—"; } },
      { label: N.t("substances"), render: function (r) { return [r.precursor, r.drug].filter(Boolean).join(" → "); } },
    ], d.chains);
  }).catch(function (e) {
    N.showError(target, e.status === 404 ? { message: N.t("not_found") } : e);
    Array.prototype.forEach.call(document.querySelectorAll("main section"), function (x) { x.hidden = true; });
  });
})();
