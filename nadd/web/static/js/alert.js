/* One alert: what was raised, its series with upper bound and alarms, the line list behind it,
   neighbour notices and, for analysts, the review form (CSRF header on the POST). */
(function () {
  "use strict";
  var N = window.NADD, el = N.el;
  var id = N.boot.alert_id;
  var box = document.getElementById("alert");

  function dl(pairs) {
    var items = [];
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") return;
      items.push(el("dt", { text: p[0] }), el("dd", {}, [String(p[1])]));
    });
    return el("dl", { class: "facts" }, items);
  }

  function render(data, nm) {
    var a = data.alert;
    box.dataset.status = a.status;
    N.show(box, dl([
      [N.t("status"), N.statusLabel(a.status)],
      [N.t("severity"), N.severityLabel(a.severity)],
      [N.t("jurisdiction"), nm.jurisdictions[a.jurisdiction_id] || a.jurisdiction_id],
      [N.t("indicator"), nm.indicators[a.indicator_id] || a.indicator_id],
      [N.t("substance"), a.substance_id ? nm.substances[a.substance_id] || a.substance_id : null],
      [N.t("period"), N.date(a.period_start) + " – " + N.date(a.period_end)],
      [N.t("observed"), N.num(a.max_observed)],
      [N.t("upper_bound"), N.num(a.max_upperbound, 1)],
      [N.t("method"), a.method],
      [N.t("source"), a.source_id],
      [N.t("raised"), N.date(a.created_at)],
    ]));
    var series = data.series || [];
    N.chart.draw(document.getElementById("chart"), series.map(function (p) {
      return { period_start: p.period_start, period_end: p.period_end, value: p.observed !== undefined ? p.observed : p.value,
        upperbound: p.upperbound, alarm: p.alarm };
    }));
    var lines = data.line_list || data.observations || [];
    N.show(document.getElementById("linelist"), lines.length ? N.table([
      { label: N.t("period"), render: function (r) { return N.date(r.period_start) + " – " + N.date(r.period_end); } },
      { label: N.t("jurisdiction"), render: function (r) { return nm.jurisdictions[r.jurisdiction_id] || r.jurisdiction_id; } },
      { label: N.t("value"), cls: "num", render: function (r) { return r.value === null ? N.t("suppressed") : N.num(r.value); } },
      { label: N.t("status"), render: function (r) { var k = "obs_" + r.status; return N.t(k) !== k ? N.t(k) : r.status; } },
      { label: N.t("source"), render: function (r) { return r.source_id + (r.source_row ? " (" + (r.source_file || "") + ":" + r.source_row + ")" : ""); } },
      { label: N.t("vintage"), render: function (r) { return N.date(r.vintage); } },
    ], lines, { "data-testid": "linelist-table" }) : el("p", { class: "note", text: N.t("no_data") }));
    var notices = data.notices || data.neighbour_notices || [];
    N.show(document.getElementById("notices"), notices.length ? el("ul", {}, notices.map(function (n) {
      return el("li", { "data-neighbour": n.neighbour_id }, [(nm.jurisdictions[n.neighbour_id] || n.neighbour_id) + (n.border ? " (" + n.border + ")" : "")]);
    })) : el("p", { class: "note", text: "—" }));
    var reviews = data.reviews || [];
    N.show(document.getElementById("reviews"), reviews.length ? N.table([
      { label: N.t("reviewed"), render: function (r) { return N.date(r.reviewed_at); } },
      { label: N.t("status"), render: function (r) { return N.statusLabel(r.from_status) + " → " + N.statusLabel(r.to_status); } },
      { label: N.t("who"), key: "who" },
      { label: N.t("why"), key: "why" },
    ], reviews, { "data-testid": "reviews-table" }) : null);
    reviewForm(a, data.allowed || []);
  }

  function reviewForm(a, allowed) {
    var section = document.getElementById("review");
    var user = N.boot.user;
    var canReview = !user.anonymous && user.roles.some(function (r) { return r !== "viewer"; });
    section.hidden = false;
    var form = document.getElementById("review-form");
    var msg = document.getElementById("review-msg");
    if (!canReview || !allowed.length) {
      form.hidden = true;
      msg.textContent = canReview ? "" : N.t("review_login");
      return;
    }
    form.hidden = false;
    N.fillSelect(form.status, allowed.map(function (s) { return { id: s, name: N.statusLabel(s) }; }), { sort: false });
    form.onsubmit = function (ev) {
      ev.preventDefault();
      N.api("/alerts/" + encodeURIComponent(id) + "/review", { method: "POST", noLang: true,
        json: { status: form.status.value, why: form.why.value } })
        .then(function () { msg.textContent = N.t("review_done"); form.why.value = ""; return load(); })
        .catch(function (e) { msg.textContent = e.message; msg.className = "error"; });
    };
  }

  function load() {
    return Promise.all([N.api("/alerts/" + encodeURIComponent(id)), N.names()])
      .then(function (res) { render(res[0], res[1]); })
      .catch(function (e) { N.showError(box, e.status === 404 ? { message: N.t("not_found") } : e); });
  }
  load();
})();
