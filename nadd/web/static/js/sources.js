/* Sources: publisher, licence, vintages and the synthetic flag of every loadable source. */
(function () {
  "use strict";
  var N = window.NADD, el = N.el;
  var target = document.getElementById("sources");
  N.api("/sources").then(function (data) {
    var rows = data.sources || [];
    rows.forEach(function (r) {
      r._attrs = { "data-source": r.id, "data-synthetic": r.synthetic ? "yes" : "no" };
    });
    N.show(target, N.table([
      { label: N.t("source"), render: function (r) { return el("code", { text: r.id }); } },
      { label: N.t("publisher"), render: function (r) { return el("span", {}, [el("strong", { text: r.title || "" }), el("br"), r.publisher || ""]); } },
      { label: N.t("licence"), render: function (r) { return r.licence || ""; } },
      { label: N.t("provenance"), render: function (r) {
          // only web links: a javascript: or data: URL from a source record must never become a link
          var link = /^https?:\/\//i.test(r.url || "") ? el("a", { href: r.url, rel: "noopener noreferrer", text: r.url.replace(/^https?:\/\//i, "").split("/")[0] }) : null;
          var text = r.provenance || "";
          return el("div", { class: "prov" }, [text.length > 160 ? el("details", {}, [el("summary", { text: text.slice(0, 140) + "…" }), text]) : text, link ? el("br") : null, link]);
        } },
      { label: N.t("vintage"), render: function (r) { return N.date(r.latest_vintage); } },
      { label: N.t("synthetic"), render: function (r) {
          return r.synthetic ? el("span", { class: "badge synthetic", text: N.t("synthetic_label") })
            : el("span", { class: "badge real", text: N.t("real") });
        } },
    ], rows, { "data-testid": "sources-table" }));
  }).catch(function (e) { N.showError(target, e); });
})();
