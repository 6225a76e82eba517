/* Overview: the trilateral summary as three country columns, gaps shown as gaps; one trend
   sparkline per country (national opioid-related deaths per year). */
(function () {
  "use strict";
  var N = window.NADD, el = N.el;
  var COUNTRIES = ["US", "CA", "MX"];

  function rowsOf(data) { return Array.isArray(data) ? data : (data.rows || data.items || data.data || []); }

  function card(country, rows) {
    var items = rows.filter(function (r) { return r.country_id === country; }).map(function (r) {
      var gap = r.status === "data_gap" || r.value === null || r.value === undefined;
      var figure = gap ? el("span", { class: "gap", text: N.t("gap") })
        : el("span", { class: "figure" }, [N.num(r.value, r.unit === "percent" ? 1 : 0) + (r.unit === "percent" ? " %" : r.unit && r.unit !== "count" ? " " + r.unit : "")]);
      var details = gap ? [] : [
        el("span", { class: "period", text: r.period }),
        r.rate_per_100k !== null && r.rate_per_100k !== undefined
          ? el("span", { class: "rate", text: N.t("rate") + ": " + N.num(r.rate_per_100k, 1) }) : null,
        r.source ? el("span", { class: "src", text: N.t("source") + ": " + r.source }) : null,
        r.note ? el("span", { class: "note", text: r.note }) : null,
      ];
      return el("li", { class: gap ? "is-gap" : "", "data-measure": r.measure_id, "data-status": gap ? "data_gap" : r.status },
        [el("span", { class: "measure", text: r.measure }), figure].concat(details));
    });
    return el("section", { class: "country", "data-country": country }, [
      el("h2", { text: N.t("country_" + country) }), el("ul", { class: "measures" }, items)]);
  }

  // Opioid deaths are "opioids" in PHAC's data and ICD-10 T40.0-T40.4,T40.6 in CDC's.
  var OPIOIDS = ["opioids", "icd-t40.0-t40.4-t40.6"];

  /* Calendar-year national totals: published years, else 12-month sums ending in December. */
  function yearly(series) {
    var totals = series.filter(function (s) { return s.sex === "all" && s.age_group === "all" && s.manner === "all" && s.setting === "all" && s.unit === "count"; });
    var year = totals.filter(function (s) { return s.period_type === "year"; })[0];
    if (year) return { source: year.source_id, points: year.points };
    var rolling = totals.filter(function (s) { return s.period_type === "months12_ending"; })[0];
    if (!rolling) return null;
    return { source: rolling.source_id, points: rolling.points.filter(function (p) { return p.period_end.slice(5, 7) === "12"; }) };
  }

  function fetchYearly(country, i) {
    if (i >= OPIOIDS.length) return Promise.resolve(null);
    var q = N.params({ indicator: "drug_deaths", jurisdiction: country, substance: OPIOIDS[i] });
    return N.api("/series?" + q).then(function (data) {
      var y = yearly(data.series || []);
      return y && y.points.length ? y : fetchYearly(country, i + 1);
    });
  }

  function sparks(target) {
    COUNTRIES.forEach(function (c) {
      var box = el("div", { class: "spark", "data-country": c }, [el("h3", { text: N.t("country_" + c) })]);
      var chart = el("div", { class: "chart small" });
      box.appendChild(chart);
      target.appendChild(box);
      fetchYearly(c, 0).then(function (y) {
        if (!y) { N.show(chart, el("p", { class: "gap", text: N.t("gap") })); chart.dataset.points = "0"; return; }
        N.chart.draw(chart, y.points, { height: 160, legend: false });
        chart.appendChild(el("p", { class: "note", text: N.t("source") + ": " + y.source }));
      }).catch(function (e) { N.showError(chart, e); });
    });
  }

  var target = document.getElementById("summary");
  N.api("/summary").then(function (data) {
    var rows = rowsOf(data);
    target.textContent = "";
    COUNTRIES.forEach(function (c) { target.appendChild(card(c, rows)); });
    target.dataset.loaded = "yes";
  }).catch(function (e) { N.showError(target, e); });
  sparks(document.getElementById("overview-trends"));
})();
