/* pingan serve: what the session pages share (strings, DOM helper, API calls, trainer login).
 *
 * Every value from the server is written with textContent: nothing a tablet sent is markup.
 * The trainer's code and PIN stay in sessionStorage (this tab only) and travel as the
 * X-Pingan-Code / X-Pingan-Pin headers, which a page from another origin cannot send.
 */
(function () {
  "use strict";

  var T = JSON.parse(document.getElementById("pingan-text").textContent);
  var CODE_KEY = "pingan-serve-code"; // shared with the quiz and /signin (localStorage)

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "{" + key + "}" : String(values[key]);
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function stored(storage, key) {
    try {
      return window[storage].getItem(key) || "";
    } catch (e) {
      return "";
    }
  }

  function keep(storage, key, value) {
    try {
      window[storage].setItem(key, value);
    } catch (e) {
      /* private mode: this visit only */
    }
  }

  var secrets = {
    code: stored("sessionStorage", "pingan-trainer-code") || stored("localStorage", CODE_KEY),
    pin: stored("sessionStorage", "pingan-trainer-pin"),
  };

  /* fetch → {status, data}; status 0 when the server cannot be reached. */
  function api(method, path, body) {
    var headers = { "X-Pingan-Code": secrets.code, "X-Pingan-Pin": secrets.pin };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    }).then(
      function (response) {
        return response.json().then(
          function (data) { return { status: response.status, data: data }; },
          function () { return { status: response.status, data: {} }; }
        );
      },
      function () { return { status: 0, data: {} }; }
    );
  }

  function status(message) {
    var node = document.getElementById("serve-status");
    if (node) node.textContent = message || "";
  }

  /* Show the code + PIN form until /api/check accepts them, then call ready(). */
  function trainerLogin(ready) {
    var form = document.getElementById("serve-login");
    var error = form.querySelector(".serve-error");
    form.querySelector(".serve-login__intro").textContent = T.login;
    form.elements.code.value = secrets.code;
    function attempt() {
      api("GET", "/api/check").then(function (answer) {
        if (answer.status === 200) {
          keep("sessionStorage", "pingan-trainer-code", secrets.code);
          keep("sessionStorage", "pingan-trainer-pin", secrets.pin);
          form.hidden = true;
          ready();
        } else {
          form.hidden = false;
          if (secrets.pin) {
            error.textContent = fmt(T.loginFailed, { message: answer.data.message || T.offline });
          }
        }
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      secrets.code = form.elements.code.value.trim();
      secrets.pin = form.elements.pin.value.trim();
      attempt();
    });
    if (secrets.code && secrets.pin) attempt();
    else form.hidden = false;
  }

  window.pinganServe = { T: T, fmt: fmt, el: el, api: api, status: status, trainerLogin: trainerLogin, CODE_KEY: CODE_KEY };
})();
