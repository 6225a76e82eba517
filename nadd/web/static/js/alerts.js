/* Alerts list: what detection raised and the reader may see, newest first. */
(function () {
  "use strict";
  var N = window.NADD, el = N.el;
  var form = document.getElementById("alerts-form");
  var target = document.getElementById("alerts");

  function load() {
    Promise.all([N.api("/alerts?" + N.params({ status: form.status.value })), N.names()]).then(function (res) {
      var data = res[0], nm = res[1];
      var rows = Array.isArray(data) ? data : (data.alerts || data.items || data.rows || []);
      if (!rows.length) { N.show(target, el("p", { class: "note", text: N.t("no_alerts") })); return; }
      rows.forEach(function (r) { r._attrs = { "data-alert": r.alert_id, "data-status": r.status, "data-jurisdiction": r.jurisdiction_id }; });
      N.show(target, N.table([
        { label: N.t("jurisdiction"), render: function (r) { return el("a", { href: "/alerts/" + encodeURIComponent(r.alert_id), text: nm.jurisdictions[r.jurisdiction_id] || r.jurisdiction_id }); } },
        { label: N.t("indicator"), render: function (r) { return nm.indicators[r.indicator_id] || r.indicator_id; } },
        { label: N.t("substance"), render: function (r) { return r.substance_id ? nm.substances[r.substance_id] || r.substance_id : "—"; } },
        { label: N.t("period"), render: function (r) { return N.date(r.period_start) + " – " + N.date(r.period_end); } },
        { label: N.t("severity"), render: function (r) { return el("span", { class: "sev sev-" + r.severity, text: N.severityLabel(r.severity) }); } },
        { label: N.t("status"), render: function (r) { return N.statusLabel(r.status); } },
        { label: N.t("source"), render: function (r) { return r.source_id; } },
        { label: N.t("raised"), render: function (r) { return N.date(r.created_at); } },
      ], rows, { "data-testid": "alerts-table" }));
    }).catch(function (e) { N.showError(target, e); });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
  load();
})();
