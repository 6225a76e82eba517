/* Shared helpers for every page: boot data, API calls with the session and CSRF token,
   locale formatting (Intl), small DOM builders. No framework, no network beyond this origin. */
(function () {
  "use strict";
  var boot = JSON.parse(document.getElementById("nadd-boot").textContent);
  var intlLocale = { en: "en-US", es: "es-MX", fr: "fr-CA" }[boot.lang] || boot.lang;

  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }

  /* A NaddError body ({message, hint}) or any failure, as one Error with a readable text. */
  function failure(resp, body) {
    var msg = (body && (body.message || body.detail)) || resp.statusText || "HTTP " + resp.status;
    if (typeof msg !== "string") msg = JSON.stringify(msg);
    var err = new Error(msg + (body && body.hint ? " — " + body.hint : ""));
    err.status = resp.status;
    err.body = body;
    return err;
  }

  function api(path, opts) {
    opts = opts || {};
    var headers = Object.assign({ Accept: "application/json" }, opts.headers || {});
    var method = (opts.method || "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = cookie("nadd_csrf");
    var body = opts.body;
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    var sep = path.indexOf("?") >= 0 ? "&" : "?";
    var url = boot.api + path + (opts.noLang ? "" : sep + "lang=" + boot.lang);
    return fetch(url, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .then(function (resp) {
        var ct = resp.headers.get("content-type") || "";
        var parsed = ct.indexOf("json") >= 0 ? resp.json() : resp.text();
        return parsed.then(function (data) {
          if (!resp.ok) throw failure(resp, typeof data === "object" ? data : null);
          return data;
        });
      });
  }

  function t(key) { return (boot.msgs && boot.msgs[key]) || key; }

  function num(v, digits) {
    if (v === null || v === undefined || v === "" || isNaN(Number(v))) return "—";
    digits = digits === undefined ? (Math.abs(v) < 10 && v % 1 ? 1 : 0) : digits;
    return new Intl.NumberFormat(intlLocale, { maximumFractionDigits: digits,
      minimumFractionDigits: 0 }).format(Number(v));
  }

  function date(v, opts) {
    if (!v) return "—";
    var d = new Date(String(v).slice(0, 10) + "T12:00:00Z");
    if (isNaN(d)) return String(v);
    return new Intl.DateTimeFormat(intlLocale, opts || { year: "numeric", month: "short", day: "numeric",
      timeZone: "UTC" }).format(d);
  }

  /* el("td", {class: "x", text: "..."}, [children]) — text only, never innerHTML from data. */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function table(columns, rows, attrs) {
    var head = el("tr", {}, columns.map(function (c) { return el("th", { scope: "col", text: c.label }); }));
    var body = rows.map(function (r) {
      return el("tr", r._attrs || {}, columns.map(function (c) {
        var v = c.render ? c.render(r) : r[c.key];
        return el("td", { class: c.cls || null }, [v === null || v === undefined ? "—" : v]);
      }));
    });
    return el("table", Object.assign({ class: "data" }, attrs || {}), [el("thead", {}, [head]), el("tbody", {}, body)]);
  }

  function show(target, node) {
    target.textContent = "";
    if (node) target.appendChild(node);
  }

  /* The headline in the reader's language (by the API error's code); the server's own message,
     which names the field or value at fault, follows as a detail marked as English. */
  function showError(target, err) {
    if (!err || !err.body) {  // a message the page wrote itself, already in the reader's language
      var text = err && err.status === 503 ? t("unavailable") + " " + err.message : (err && err.message) || t("error");
      return show(target, el("p", { class: "error", role: "alert", text: text }));
    }
    var code = err.body.error;
    var key = err && err.status === 503 ? "unavailable" : "err_" + code;
    var head = boot.msgs && boot.msgs[key] ? boot.msgs[key] : t("error");
    var box = el("div", { class: "error", role: "alert" }, [el("p", { text: head })]);
    if (err.message) {
      box.appendChild(el("p", { class: "error-detail", lang: "en", text: t("err_detail") + ": " + err.message }));
    }
    show(target, box);
  }

  /* Name of a thing in the reader's language from /meta entries ({id, name_en, name_es, ...}). */
  function name(entry) {
    if (!entry) return "";
    return entry["name_" + boot.lang] || entry.name || entry.name_en || entry.id;
  }

  /* Reference names (~120 KB, the same for everyone): fetched once per browser session. */
  var metaPromise = null;
  function meta() {
    if (metaPromise) return metaPromise;
    var kept = null;
    try { kept = JSON.parse(window.sessionStorage.getItem("nadd_meta_v1")); } catch (e) { kept = null; }
    metaPromise = kept ? Promise.resolve(kept) : api("/meta", { noLang: true }).then(function (m) {
      try { window.sessionStorage.setItem("nadd_meta_v1", JSON.stringify(m)); } catch (e) { /* full: skip */ }
      return m;
    });
    return metaPromise;
  }

  /* {jurisdictions: {id: name}, indicators: {...}, substances: {...}} in the reader's language. */
  var namesPromise = null;
  function names() {
    if (!namesPromise) namesPromise = meta().then(function (m) {
      var out = {};
      ["jurisdictions", "indicators", "substances"].forEach(function (k) {
        out[k] = {};
        (m[k] || []).forEach(function (e) { out[k][e.id] = name(e); });
      });
      return out;
    }).catch(function () { return { jurisdictions: {}, indicators: {}, substances: {} }; });
    return namesPromise;
  }

  function fillSelect(select, items, opts) {
    opts = opts || {};
    select.textContent = "";
    if (opts.empty !== undefined) select.appendChild(el("option", { value: "", text: opts.empty }));
    items.slice().sort(function (a, b) { return opts.sort === false ? 0 : name(a).localeCompare(name(b), boot.lang); }).forEach(function (it) {
      select.appendChild(el("option", { value: it.id, text: name(it) }));
    });
    if (opts.value) select.value = opts.value;
  }

  /* The three countries (and the NADD partner) and their states/provinces, grouped by country. */
  function fillJurisdictions(select, all, value) {
    var countries = ["US", "CA", "MX"];
    select.textContent = "";
    countries.forEach(function (c) {
      var group = el("optgroup", { label: name(all.filter(function (j) { return j.id === c; })[0]) || c });
      var own = all.filter(function (j) { return j.country === c; }).sort(function (a, b) {
        return (a.level === "country" ? -1 : 0) - (b.level === "country" ? -1 : 0) || name(a).localeCompare(name(b), boot.lang);
      });
      own.forEach(function (j) { group.appendChild(el("option", { value: j.id, text: name(j) })); });
      select.appendChild(group);
    });
    if (value) select.value = value;
  }

  function statusLabel(s) { return t("st_" + s) !== "st_" + s ? t("st_" + s) : s; }
  function severityLabel(s) { return t("sev_" + s) !== "sev_" + s ? t("sev_" + s) : s; }

  function params(obj) {
    return Object.keys(obj).filter(function (k) { return obj[k] !== "" && obj[k] !== null && obj[k] !== undefined; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(obj[k]); }).join("&");
  }

  /* The language links keep the page's current selection (scripts update the URL as it changes). */
  Array.prototype.forEach.call(document.querySelectorAll("a[data-lang]"), function (a) {
    a.addEventListener("click", function (ev) {
      var q = new URLSearchParams(window.location.search);
      q.set("lang", a.dataset.lang);
      ev.preventDefault();
      window.location.href = window.location.pathname + "?" + q.toString();
    });
  });

  var logout = document.getElementById("logout");
  if (logout) {
    logout.addEventListener("click", function () {
      api("/auth/logout", { method: "POST", noLang: true }).catch(function () {}).then(function () {
        window.location.href = "/";
      });
    });
  }

  window.NADD = { boot: boot, api: api, t: t, num: num, date: date, el: el, table: table, show: show,
    showError: showError, name: name, meta: meta, names: names, fillSelect: fillSelect, fillJurisdictions: fillJurisdictions, statusLabel: statusLabel, severityLabel: severityLabel,
    params: params, cookie: cookie, locale: intlLocale };
})();
