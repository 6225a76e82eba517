/* Substance checker: structure drawing (SVG from the API, shown as an image so no markup from the
   server is injected) and the control verdict per jurisdiction with schedule, provision and rule. */
(function () {
  "use strict";
  var N = window.NADD, el = N.el;
  var form = document.getElementById("check-form");
  var fig = document.getElementById("structure");
  var out = document.getElementById("verdicts");
  var ORDER = ["us", "ca", "mx", "un", "nl"];
  var PLACE = { us: "country_US", ca: "country_CA", mx: "country_MX", nl: "country_NL", un: "un" };

  function verdictText(v) { var k = "verdict_" + v; return N.t(k) !== k ? N.t(k) : v; }

  function neighbours(list) {
    if (!list || !list.length) return null;
    return el("div", { class: "note" }, [N.t("similar_listed") + ": " + list.map(function (n) {
      return n.name + " (" + N.num(n.similarity * 100) + " %" + (n.schedules ? ", " + n.schedules : "") + ")";
    }).join("; ")]);
  }

  function render(data) {
    var by = data.jurisdictions || {};
    var keys = ORDER.filter(function (k) { return by[k]; }).concat(Object.keys(by).filter(function (k) { return ORDER.indexOf(k) < 0; }));
    var rows = keys.map(function (k) {
      var v = by[k];
      return Object.assign({ _attrs: { "data-jurisdiction": k, "data-verdict": v.verdict } }, v, { key: k });
    });
    var head = el("p", { class: "note", "data-testid": "identity" }, [[data.name, data.inchikey].filter(Boolean).join(" · ")]);
    N.show(out, el("div", {}, [head, data.error ? el("p", { class: "error", text: data.error }) : null, N.table([
      { label: N.t("jurisdiction"), render: function (r) { return N.t(PLACE[r.key] || r.key); } },
      { label: N.t("verdict"), render: function (r) { return el("span", { class: "verdict v-" + r.verdict, text: verdictText(r.verdict) }); } },
      { label: N.t("schedule"), render: function (r) { return r.schedule || "—"; } },
      { label: N.t("provision"), render: function (r) { return r.provision || "—"; } },
      { label: N.t("rule"), render: function (r) {
          return el("div", {}, [r.rule || r.reason || "—", neighbours(r.neighbours)]);
        } },
    ], rows, { "data-testid": "verdicts-table" })]));
    out.dataset.state = "ready";
  }

  function check() {
    var q = form.q.value.trim();
    if (!q) return;
    history.replaceState(null, "", "/substances?" + N.params({ q: q, as_of: form.as_of.value }));
    N.show(fig, el("img", { src: N.boot.api + "/substances/depict?" + N.params({ q: q }), alt: q, width: 300, height: 220 }));
    out.dataset.state = "loading";
    out.textContent = N.t("loading");
    N.api("/substances/check?" + N.params({ q: q, as_of: form.as_of.value })).then(render)
      .catch(function (e) { out.dataset.state = "error"; N.showError(out, e); });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); check(); });
  var url = new URLSearchParams(window.location.search);
  if (url.get("q")) { form.q.value = url.get("q"); if (url.get("as_of")) form.as_of.value = url.get("as_of"); check(); }
})();
