/* Trends: any indicator x jurisdiction x substance as a chart, with the detection's upper bound
   and alarms where detection ran. The selection lives in the URL so a chart can be shared. */
(function () {
  "use strict";
  var N = window.NADD, el = N.el;
  var form = document.getElementById("series-form");
  var chart = document.getElementById("chart");
  var note = document.getElementById("series-note");
  var tableBox = document.getElementById("series-table");
  var url = new URLSearchParams(window.location.search);

  var pick = document.getElementById("f-series");
  var current = [];

  /* One point of a series with the first detection method's bound and alarm flattened in. */
  function flat(p, method) {
    var d = method && p.detection && p.detection[method];
    return { period_start: p.period_start, period_end: p.period_end, value: p.value, status: p.status,
      upperbound: d ? d.upperbound : null, alarm: d ? d.alarm : false };
  }

  function label(s) {
    var parts = [s.source_id, s.unit, s.setting !== "all" ? s.setting : "", s.period_type];
    ["sex", "age_group", "manner"].forEach(function (k) { if (s[k] && s[k] !== "all") parts.push(s[k]); });
    return parts.filter(Boolean).join(" · ");
  }

  function total(s) { return (s.sex || "all") === "all" && (s.age_group || "all") === "all" && (s.manner || "all") === "all"; }

  /* Totals before breakdowns, then series with detection, then the longest: the likeliest wanted. */
  function rank(list) {
    return list.map(function (s, i) { return { s: s, i: i }; }).sort(function (a, b) {
      return total(b.s) - total(a.s) || (b.s.methods.length > 0) - (a.s.methods.length > 0)
        || b.s.points.length - a.s.points.length || a.i - b.i;
    }).map(function (x) { return x.s; });
  }

  function drawOne(s) {
    var method = s.methods[0];
    var points = s.points.map(function (p) { return flat(p, method); });
    N.chart.draw(chart, points);
    chart.dataset.method = method || "";
    note.textContent = [method ? N.t("method") + ": " + method : "", N.t("source") + ": " + s.source_id, s.unit]
      .filter(Boolean).join(" · ");
    N.show(tableBox, N.table([
      { label: N.t("period"), render: function (p) { return N.date(p.period_start) + " – " + N.date(p.period_end); } },
      { label: N.t("value"), cls: "num", render: function (p) { return p.value === null ? N.t("suppressed") : N.num(p.value); } },
      { label: N.t("upper_bound"), cls: "num", render: function (p) { return p.upperbound === null ? "—" : N.num(p.upperbound, 1); } },
      { label: N.t("alarm"), render: function (p) { return p.alarm ? "●" : ""; } },
    ], points));
  }

  function load() {
    var sel = { indicator: form.indicator.value, jurisdiction: form.jurisdiction.value,
      substance: form.substance.value, period_type: form.period_type.value, as_of: form.as_of.value };
    var q = N.params(sel);
    history.replaceState(null, "", "/trends?" + q);
    ["csv", "parquet"].forEach(function (f) {
      document.getElementById("dl-" + f).href = N.boot.api + "/observations?" + N.params(Object.assign({}, sel, { format: f }));
    });
    chart.dataset.state = "loading";
    note.textContent = N.t("loading");
    N.api("/series?" + q).then(function (data) {
      current = rank(data.series || []);
      pick.textContent = "";
      current.forEach(function (s, i) { pick.appendChild(el("option", { value: String(i), text: label(s) })); });
      pick.parentNode.hidden = current.length < 2;
      if (current.length) drawOne(current[0]);
      else { N.chart.draw(chart, []); note.textContent = ""; tableBox.textContent = ""; }
      chart.dataset.series = String(current.length);
      chart.dataset.total = String(current.reduce(function (n, s) { return n + s.points.length; }, 0));
      chart.dataset.state = "ready";
    }).catch(function (e) { chart.dataset.state = "error"; note.textContent = ""; N.showError(chart, e); });
  }

  pick.addEventListener("change", function () { drawOne(current[Number(pick.value)]); });

  N.meta().then(function (m) {
    N.fillSelect(form.indicator, m.indicators || [], { value: url.get("indicator") || "drug_deaths" });
    N.fillJurisdictions(form.jurisdiction, m.jurisdictions || [], url.get("jurisdiction") || "CA-BC");
    N.fillSelect(form.substance, m.substances || [], { empty: N.t("all_substances"), value: url.get("substance") || "opioids" });
    if (url.get("period_type")) form.period_type.value = url.get("period_type");
    if (url.get("as_of")) form.as_of.value = url.get("as_of");
    load();
  }).catch(function (e) { N.showError(chart, e); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
})();
