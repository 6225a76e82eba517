/* Cases the reader's visible incidents form, largest first. */
(function () {
  "use strict";
  var N = window.NADD, I = window.INC, el = N.el;
  var target = document.getElementById("cases");
  Promise.all([N.api("/cases?page_size=200"), I.vocab()]).then(function (res) {
    var data = res[0], vc = res[1];
    I.banner(data.synthetic);
    if (!data.rows.length) { N.show(target, el("p", { class: "note", text: N.t("cases_none") })); return; }
    function labels(domain, s) { return (s || "").split(";").filter(Boolean).map(function (c) { return I.label(vc, domain, c); }).join(", "); }
    data.rows.forEach(function (r) { r._attrs = { "data-case": r.case_id, "data-size": r.incidents }; });
    N.show(target, N.table([
      { label: N.t("inc_case"), render: function (r) { return el("a", { href: "/cases/" + encodeURIComponent(r.case_id), text: r.case_id }); } },
      { label: N.t("case_incidents"), cls: "num", render: function (r) { return N.num(r.incidents); } },
      { label: N.t("case_parties"), cls: "num", render: function (r) { return N.num(r.parties); } },
      { label: N.t("countries"), render: function (r) { return (r.countries || "").replace(/;/g, ", "); } },
      { label: N.t("modes"), render: function (r) { return labels("mode", r.modes); } },
      { label: N.t("first"), render: function (r) { return N.date(r.first_date); } },
      { label: N.t("last"), render: function (r) { return N.date(r.last_date); } },
      { label: N.t("linked_by"), key: "linked_by" },
    ], data.rows, { "data-testid": "cases-table" }));
  }).catch(function (e) { N.showError(target, e); });
})();
