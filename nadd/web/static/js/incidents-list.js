/* Incident search: filters, a page of results, paging and the CSV download of every match. */
(function () {
  "use strict";
  var N = window.NADD, I = window.INC, el = N.el;
  var form = document.getElementById("inc-form"), target = document.getElementById("incidents");
  var info = document.getElementById("pageinfo"), csv = document.getElementById("csv");
  var prev = document.getElementById("prev"), next = document.getElementById("next");
  var SIZE = 25, page = 1, pages = 1, vc = null, nm = null;
  var fields = ["kind", "mode", "jurisdiction", "substance", "since", "until", "q"];

  function filters() {
    var out = {};
    fields.forEach(function (f) { out[f] = form.elements[f].value; });
    return out;
  }

  function load() {
    var f = filters();
    var q = N.params(Object.assign({ page: page, page_size: SIZE }, f));
    csv.href = N.boot.api + "/incidents?" + N.params(Object.assign({ format: "csv" }, f));
    var url = new URLSearchParams(N.params(f));
    if (page > 1) url.set("page", page);
    window.history.replaceState(null, "", window.location.pathname + (url.toString() ? "?" + url : ""));
    N.api("/incidents?" + q).then(function (data) {
      I.banner(data.synthetic);
      pages = Math.max(1, Math.ceil(data.total / SIZE));
      info.textContent = I.fmt(N.t("page_of"), { page: N.num(page), pages: N.num(pages), total: N.num(data.total) });
      prev.disabled = page <= 1;
      next.disabled = page >= pages;
      if (!data.rows.length) {
        N.show(target, el("p", { class: "note", text: N.t(N.boot.user.anonymous ? "inc_none_public" : "inc_none") }));
        return;
      }
      data.rows.forEach(function (r) { r._attrs = { "data-incident": r.incident_id, "data-owner": r.owner_country }; });
      N.show(target, N.table([
        { label: N.t("inc_id"), render: function (r) { return el("a", { href: "/incidents/" + encodeURIComponent(r.incident_id), text: r.incident_id }); } },
        { label: N.t("inc_date"), render: function (r) { return N.date(r.event_date); } },
        { label: N.t("inc_kind"), render: function (r) { return I.label(vc, "incident_kind", r.kind); } },
        { label: N.t("inc_mode"), render: function (r) { return I.label(vc, "mode", r.mode); } },
        { label: N.t("jurisdiction"), render: function (r) { return nm.jurisdictions[r.jurisdiction_id] || r.jurisdiction_id; } },
        { label: N.t("inc_route"), render: I.route },
        { label: N.t("inc_owner"), render: function (r) { return r.owner_agency + " (" + r.owner_country + ")"; } },
        { label: N.t("inc_sharing"), render: I.sharing },
      ], data.rows, { "data-testid": "incidents-table" }));
    }).catch(function (e) { N.showError(target, e); });
  }

  Promise.all([I.vocab(), N.names(), N.meta()]).then(function (res) {
    vc = res[0]; nm = res[1];
    I.fillOptions(form.elements.kind, vc._raw.incident_kind);
    I.fillOptions(form.elements.mode, vc._raw.mode);
    var m = res[2];
    (m.jurisdictions || []).filter(function (j) { return ["US", "CA", "MX"].indexOf(j.country) >= 0; })
      .sort(function (a, b) { return a.id.localeCompare(b.id); })
      .forEach(function (j) { form.elements.jurisdiction.appendChild(el("option", { value: j.id, text: N.name(j) })); });
    (m.substances || []).slice().sort(function (a, b) { return N.name(a).localeCompare(N.name(b), N.boot.lang); })
      .forEach(function (s) { form.elements.substance.appendChild(el("option", { value: s.id, text: N.name(s) })); });
    var q = new URLSearchParams(window.location.search);
    fields.forEach(function (f) { if (q.get(f)) form.elements[f].value = q.get(f); });
    page = parseInt(q.get("page") || "1", 10) || 1;
    load();
  }).catch(function (e) { N.showError(target, e); });

  form.addEventListener("submit", function (ev) { ev.preventDefault(); page = 1; load(); });
  prev.addEventListener("click", function () { if (page > 1) { page -= 1; load(); } });
  next.addEventListener("click", function () { if (page < pages) { page += 1; load(); } });
})();
