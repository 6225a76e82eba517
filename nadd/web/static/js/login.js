/* Sign in through the API (sets the httpOnly session cookie and the CSRF cookie), then go back. */
(function () {
  "use strict";
  var N = window.NADD;
  var form = document.getElementById("login-form");
  var msg = document.getElementById("login-msg");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    msg.textContent = "";
    N.api("/auth/login", { method: "POST", noLang: true, json: {
      username: form.username.value, password: form.password.value } })
      .then(function () { window.location.href = N.boot.next || "/"; })
      .catch(function (e) { msg.textContent = e.status === 401 || e.status === 400 ? N.t("login_failed") : e.message; });
  });
})();
