/* Shared by the incident, case and flow pages: vocabulary labels, the synthetic banner,
   small renderers. Data only from /api/v1 with the reader's session. */
(function () {
  "use strict";
  var N = window.NADD, el = N.el;
  var vocabPromise = null;

  /* {incident_kind: {code: label}, mode: {...}, ...} in the reader's language. */
  function vocab() {
    if (!vocabPromise) vocabPromise = N.api("/incident-vocabulary").then(function (v) {
      var out = {};
      Object.keys(v).forEach(function (d) {
        out[d] = {};
        v[d].forEach(function (e) { out[d][e.code] = e.label; });
      });
      out._raw = v;
      return out;
    });
    return vocabPromise;
  }

  function label(vc, domain, code) {
    if (code === null || code === undefined || code === "") return "—";
    return (vc[domain] && vc[domain][code]) || code;
  }

  /* Shown whenever the rows on the page are synthetic (the API says so with each answer). */
  function banner(synthetic) {
    var b = document.getElementById("synthetic-banner");
    if (b) b.hidden = !synthetic;
  }

  function route(r) {
    var stops = [r.origin_country].concat(r.transit_countries ? String(r.transit_countries).split(";") : [])
      .concat([r.destination_jurisdiction_id || r.destination_country]);
    return stops.filter(function (s) { return s; }).join(" → ") || "—";
  }

  function sharing(r) {
    return el("span", { class: "tlp", text: r.releasability + " · " + r.tlp });
  }

  function fillOptions(select, entries) {
    entries.forEach(function (e) { select.appendChild(el("option", { value: e.code, text: e.label })); });
  }

  function section(target, columns, rows, attrs) {
    if (!rows || !rows.length) { N.show(target, el("p", { class: "note", text: N.t("none") })); return; }
    N.show(target, N.table(columns.map(plain), rows, attrs));
  }

  /* N.table appends what a column gives: numbers and other non-nodes go in as text. */
  function plain(c) {
    return Object.assign({}, c, { render: function (r) {
      var v = c.render ? c.render(r) : r[c.key];
      return v === null || v === undefined || v === "" ? "—" : (typeof v === "object" ? v : String(v));
    } });
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }

  window.INC = { vocab: vocab, label: label, banner: banner, route: route, sharing: sharing,
    fillOptions: fillOptions, section: section, fmt: fmt };
})();
