/* One incident: facts, items, parties, transactions and firearms, and its case. */
(function () {
  "use strict";
  var N = window.NADD, I = window.INC, el = N.el;
  var id = N.boot.incident_id, target = document.getElementById("incident");

  function facts(pairs) {
    var dl = el("dl", { class: "facts" });
    pairs.forEach(function (p) { dl.appendChild(el("dt", { text: p[0] })); dl.appendChild(el("dd", {}, [p[1] === null || p[1] === undefined || p[1] === "" ? "—" : p[1]])); });
    return dl;
  }

  Promise.all([N.api("/incidents/" + encodeURIComponent(id)), I.vocab(), N.names()]).then(function (res) {
    var d = res[0], vc = res[1], nm = res[2], r = d.incident;
    I.banner(d.synthetic);
    var caseLink = d.case_id ? el("a", { href: "/cases/" + encodeURIComponent(d.case_id), text: d.case_id, "data-testid": "case-link" })
      : N.t("inc_no_case");
    N.show(target, facts([
      [N.t("inc_kind"), I.label(vc, "incident_kind", r.kind)], [N.t("inc_date"), N.date(r.event_date)],
      [N.t("inc_mode"), I.label(vc, "mode", r.mode)],
      [N.t("jurisdiction"), nm.jurisdictions[r.jurisdiction_id] || r.jurisdiction_id],
      [N.t("inc_office"), r.office], [N.t("inc_route"), I.route(r)],
      [N.t("inc_concealment"), I.label(vc, "concealment", r.concealment)],
      [N.t("inc_tracking"), r.tracking_number], [N.t("inc_description"), r.description],
      [N.t("inc_owner"), r.owner_agency + " (" + r.owner_country + ")"], [N.t("inc_sharing"), I.sharing(r)],
      [N.t("inc_case"), caseLink],
    ]));
    I.section(document.getElementById("items"), [
      { label: N.t("substance"), render: function (x) { return nm.substances[x.substance_id] || x.substance_id; } },
      { label: N.t("quantity"), cls: "num", render: function (x) { return N.num(x.quantity, 3) + " " + (x.unit || ""); } },
      { label: N.t("purity"), cls: "num", render: function (x) { return N.num(x.purity_pct, 1); } },
    ], d.items, { "data-testid": "items-table" });
    I.section(document.getElementById("parties"), [
      { label: N.t("name"), key: "full_name" },
      { label: N.t("role"), render: function (x) { return I.label(vc, "role", x.role); } },
      { label: N.t("party_kind"), render: function (x) { return I.label(vc, "party_kind", x.kind); } },
      { label: N.t("country"), key: "country" },
      { label: N.t("inc_sharing"), render: I.sharing },
    ], d.parties, { "data-testid": "parties-table" });
    I.section(document.getElementById("transactions"), [
      { label: N.t("inc_date"), render: function (x) { return N.date(x.date); } },
      { label: N.t("amount"), cls: "num", render: function (x) { return N.num(x.amount, 2) + " " + x.currency; } },
      { label: N.t("channel"), render: function (x) { return I.label(vc, "channel", x.channel); } },
      { label: "→", render: function (x) { return (x.from_account || "—") + " → " + (x.to_account || "—"); } },
    ], d.transactions);
    I.section(document.getElementById("firearms"), [
      { label: N.t("make_model"), render: function (x) { return [x.make, x.model].filter(Boolean).join(" "); } },
      { label: N.t("calibre"), key: "calibre" },
      { label: N.t("source_country"), render: function (x) { return x.source_jurisdiction_id || x.source_country; } },
      { label: N.t("ttc"), cls: "num", render: function (x) { return N.num(x.time_to_crime_days, 0); } },
    ], d.firearms);
  }).catch(function (e) {
    N.showError(target, e.status === 404 ? { message: N.t("not_found") } : e);
    Array.prototype.forEach.call(document.querySelectorAll("main section"), function (x) { x.hidden = true; });
  });
})();
