/* Map: US states, Canadian provinces/territories and Mexican states as SVG paths (Albers equal-area
   conic for North America, drawn from the bundled GeoJSON), coloured by /api/v1/map values. */
(function () {
  "use strict";
  var N = window.NADD, el = N.el;
  var SVG = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("map");
  var info = document.getElementById("map-info");
  var legend = document.getElementById("legend");
  var note = document.getElementById("map-note");
  var form = document.getElementById("map-form");
  var W = 1000, H = 760, PAD = 10;
  var COLOURS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
  var names = {};
  var paths = {};

  // Albers equal-area conic, standard parallels 20N and 60N, centred on 100W 40N.
  var rad = Math.PI / 180, p1 = 20 * rad, p2 = 60 * rad, lat0 = 40 * rad, lon0 = -100 * rad;
  var n = (Math.sin(p1) + Math.sin(p2)) / 2, C = Math.cos(p1) * Math.cos(p1) + 2 * n * Math.sin(p1);
  var rho0 = Math.sqrt(C - 2 * n * Math.sin(lat0)) / n;
  function albers(lon, lat) {
    if (lon > 0) lon -= 360; // Aleutian islands west of the antimeridian stay next to Alaska
    var rho = Math.sqrt(C - 2 * n * Math.sin(lat * rad)) / n, theta = n * (lon * rad - lon0);
    return [rho * Math.sin(theta), -(rho0 - rho * Math.cos(theta))];
  }

  function rings(geom) {
    return geom.type === "Polygon" ? geom.coordinates : [].concat.apply([], geom.coordinates);
  }

  function draw(geo) {
    var proj = geo.features.map(function (f) {
      return { id: f.properties.id, rings: rings(f.geometry).map(function (r) { return r.map(function (c) { return albers(c[0], c[1]); }); }) };
    });
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    proj.forEach(function (f) { f.rings.forEach(function (r) { r.forEach(function (p) {
      minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]); minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]);
    }); }); });
    var k = Math.min((W - 2 * PAD) / (maxX - minX), (H - 2 * PAD) / (maxY - minY));
    proj.forEach(function (f) {
      var d = f.rings.map(function (r) {
        return "M" + r.map(function (p) { return ((p[0] - minX) * k + PAD).toFixed(1) + "," + ((p[1] - minY) * k + PAD).toFixed(1); }).join("L") + "Z";
      }).join("");
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("d", d);
      path.setAttribute("data-id", f.id);
      path.setAttribute("class", "region");
      path.setAttribute("fill", "#e4e4e4");
      path.setAttribute("tabindex", "0");
      var title = document.createElementNS(SVG, "title");
      title.textContent = names[f.id] || f.id;
      path.appendChild(title);
      path.addEventListener("mouseenter", function () { describe(f.id); });
      path.addEventListener("focus", function () { describe(f.id); });
      svg.appendChild(path);
      paths[f.id] = path;
    });
    svg.dataset.regions = String(proj.length);
  }

  var current = {};
  function describe(id) {
    var v = current[id];
    var text = (names[id] || id) + ": " + (v === undefined ? N.t("no_value")
      : v.value === null ? (v.suppressed ? N.t("suppressed") : N.t("no_value")) : N.num(v.value))
      + (v && v.includes_restricted ? " · " + N.t("restricted") : "");
    info.textContent = text;
  }

  /* cells: [{jurisdiction_id, value, suppressed, includes_restricted}] -> {id: cell} */
  function valuesOf(data) {
    var out = {};
    (data.cells || []).forEach(function (r) { out[r.jurisdiction_id] = r; });
    return out;
  }

  function breaks(values) {
    var v = values.slice().sort(function (a, b) { return a - b; });
    return [1, 2, 3, 4].map(function (i) { return v[Math.floor(i * v.length / 5)]; });
  }

  function colour(v, br) {
    var i = 0;
    while (i < br.length && v >= br[i]) i++;
    return COLOURS[Math.min(i, COLOURS.length - 1)];
  }

  function paint(data) {
    current = valuesOf(data);
    var vals = Object.keys(current).map(function (k) { return current[k].value; })
      .filter(function (v) { return v !== null && v !== undefined; });
    var br = breaks(vals);
    var coloured = 0;
    Object.keys(paths).forEach(function (id) {
      var r = current[id];
      var has = r && r.value !== null && r.value !== undefined;
      paths[id].setAttribute("fill", has ? colour(r.value, br) : (r && r.suppressed ? "#b0b0b0" : "#e4e4e4"));
      paths[id].setAttribute("data-value", has ? String(r.value) : (r && r.suppressed ? "suppressed" : ""));
      if (has) coloured++;
    });
    svg.dataset.coloured = String(coloured);
    legend.textContent = "";
    if (vals.length) {
      var lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals);
      legend.appendChild(el("span", { text: N.t("legend_low") + " " + N.num(lo) }));
      COLOURS.forEach(function (c) { legend.appendChild(el("span", { class: "swatch sw-" + COLOURS.indexOf(c) })); });
      legend.appendChild(el("span", { text: N.num(hi) + " " + N.t("legend_high") }));
    }
    legend.appendChild(el("span", { class: "swatch sw-supp" }));
    legend.appendChild(el("span", { text: N.t("suppressed") }));
    legend.appendChild(el("span", { class: "swatch sw-none" }));
    legend.appendChild(el("span", { text: N.t("no_value") }));
    note.textContent = vals.length ? [N.t("period") + ": " + N.date(data.period_start) + " (" + data.period_type + ")",
      data.unit, N.t("source") + ": " + data.source_id].filter(Boolean).join(" · ") : N.t("no_data");
  }

  /* Sources with values for this selection ("layers"): one is drawn, the reader may switch. */
  function layers(d) {
    var list = d.layers || [];
    form.source.textContent = "";
    list.forEach(function (l) {
      form.source.appendChild(el("option", { value: l.source_id, text: l.source_id + " · " + l.unit + " · " + l.period_type }));
    });
    if (d.source_id) form.source.value = d.source_id;
    form.source.parentNode.hidden = list.length < 2;
  }

  function load() {
    var sel = { indicator: form.indicator.value, substance: form.substance.value, period: form.period.value,
      source: form.source.value };
    history.replaceState(null, "", "/map?" + N.params(sel));
    svg.dataset.state = "loading";
    return N.api("/map?" + N.params(sel)).then(function (d) {
      paint(d);
      layers(d);
      if (d.period_start && !form.period.value) form.period.value = d.period_start;
      svg.dataset.state = "ready";
    }).catch(function (e) { svg.dataset.state = "error"; N.showError(note, e); });
  }

  var url = new URLSearchParams(window.location.search);
  Promise.all([N.meta(), fetch("/geo/boundaries.geojson", { credentials: "same-origin" }).then(function (r) { return r.json(); })])
    .then(function (res) {
      var m = res[0];
      (m.jurisdictions || []).forEach(function (j) { names[j.id] = N.name(j); });
      N.fillSelect(form.indicator, m.indicators || [], { value: url.get("indicator") || "drug_deaths" });
      N.fillSelect(form.substance, m.substances || [], { empty: N.t("all_substances"), value: url.get("substance") || "opioids" });
      if (url.get("source")) form.source.appendChild(el("option", { value: url.get("source"), text: url.get("source") }));
      form.period.value = url.get("period") || "";
      draw(res[1]);
      return load();
    }).catch(function (e) { N.showError(note, e); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
  ["indicator", "substance"].forEach(function (k) {
    form[k].addEventListener("change", function () { form.source.textContent = ""; form.period.value = ""; });
  });
})();
