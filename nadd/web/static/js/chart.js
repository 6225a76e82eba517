/* Time-series chart on uPlot: the observed values, the detection's upper bound (dashed) and the
   alarm periods (red points). Used by Trends, alert detail and the Overview sparklines. */
(function () {
  "use strict";
  var N = window.NADD;

  function ts(p) {
    var d = p.period_end || p.period_start || p.period || p.date;
    return Date.parse(String(d).slice(0, 10) + "T00:00:00Z") / 1000;
  }

  function upper(p) {
    var u = p.upperbound !== undefined ? p.upperbound : (p.upper_bound !== undefined ? p.upper_bound : p.upper);
    return u === undefined ? null : u;
  }

  /* points: [{period_start, period_end, value, upperbound?, alarm?}] sorted or not. */
  function toData(points) {
    var pts = points.filter(function (p) { return !isNaN(ts(p)); }).sort(function (a, b) { return ts(a) - ts(b); });
    var x = [], y = [], ub = [], al = [];
    pts.forEach(function (p) {
      x.push(ts(p));
      var v = p.value === undefined ? null : p.value;
      y.push(v);
      ub.push(upper(p));
      al.push(p.alarm ? v : null);
    });
    return { data: [x, y, ub, al], hasBound: ub.some(function (v) { return v !== null; }),
      alarms: al.filter(function (v) { return v !== null; }).length, points: pts };
  }

  function draw(target, points, opts) {
    opts = opts || {};
    target.textContent = "";
    var d = toData(points);
    if (!d.points.length) {
      target.appendChild(N.el("p", { class: "note", text: N.t("no_data") }));
      return null;
    }
    var width = Math.max(280, Math.min(target.clientWidth || 800, 1100));
    var series = [
      { label: N.t("period"), value: function (u, v) { return v === null ? "—" : N.date(new Date(v * 1000).toISOString()); } },
      { label: opts.label || N.t("value"), stroke: "#1f5f8b", width: 2,
        value: function (u, v) { return N.num(v); } },
      { label: N.t("upper_bound"), stroke: "#b5651d", dash: [6, 4], width: 1.5, show: d.hasBound,
        value: function (u, v) { return N.num(v); } },
      { label: N.t("alarm"), stroke: "#c0392b", width: 0, show: d.alarms > 0,
        points: { show: true, size: 9, fill: "#c0392b", stroke: "#c0392b" },
        value: function (u, v) { return v === null ? "" : N.num(v); } },
    ];
    var plot = new uPlot({
      width: width, height: opts.height || 320, series: series,
      legend: { show: opts.legend !== false },
      axes: [
        { space: 90, values: function (u, splits) {
            return splits.map(function (s) { return N.date(new Date(s * 1000).toISOString(), { year: "numeric", month: "short", timeZone: "UTC" }); });
          } },
        { space: 90, values: function (u, splits) { return splits.map(function (s) { return N.num(s); }); }, size: 70 },
      ],
      scales: { x: { time: true } },
    }, d.data, target);
    target.dataset.points = String(d.points.length);
    target.dataset.alarms = String(d.alarms);
    target.dataset.bound = d.hasBound ? "yes" : "no";
    return plot;
  }

  N.chart = { draw: draw, toData: toData };
})();
