/* Table host page: nothing typed is lost when the connection drops.
 *
 * - Every change to a form is saved as a draft in localStorage and restored on load.
 * - Submitting queues the entry (with a client-generated UUID) in localStorage, then
 *   sends it; if the network fails it stays queued and is retried on `online` and on
 *   the next page load. The server treats a repeated UUID as the same submission.
 * - A form with `data-api-url` (the table host's link) is sent as JSON to the API
 *   (`POST /api/tables/{token}/agreements`); its field names are the API's.
 * No inline script (CSP); without JavaScript the forms post normally.
 */
(function () {
  "use strict";
  var QUEUE_KEY = "kw-afspraken-queue";

  function uuid4() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function load(key, fallback) {
    try { return JSON.parse(window.localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: keep going */ }
  }
  var messages = document.querySelector(".kw-offline-messages");
  var statusText = document.querySelector("[data-offline-text]");
  var statusBox = document.querySelector("[data-offline-status]");
  // The host types at the bottom of a long form on a phone: without moving the status
  // into view, a save or a refusal would go unnoticed at the top of the page.
  var ALERT_KIND = { sent: "ok", queued: "warning", error: "error" };
  function say(kind, extra) {
    if (!messages || !statusText) { return; }
    var text = messages.getAttribute("data-msg-" + kind) || "";
    statusText.textContent = extra ? text + " " + extra : text;
    if (statusBox) {
      ["info", "ok", "warning", "error"].forEach(function (k) {
        statusBox.classList.toggle("utrecht-alert--" + k, k === (ALERT_KIND[kind] || "info"));
      });
      statusBox.setAttribute("role", kind === "error" ? "alert" : "status");
      if (statusBox.scrollIntoView) { statusBox.scrollIntoView({ block: "center" }); }
      statusBox.focus({ preventScroll: true });
    }
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit" && el.type !== "button";
    });
  }
  function saveDraft(form) {
    var draft = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (draft[el.name] = draft[el.name] || []).push(el.value); }
      } else {
        draft[el.name] = el.value;
      }
    });
    store(form.getAttribute("data-offline-form"), draft);
  }
  function fill(form, data) {
    fieldsOf(form).forEach(function (el) {
      if (!(el.name in data)) {
        if (el.type === "checkbox") { el.checked = false; }
        return;
      }
      var value = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = [].concat(value).indexOf(el.value) !== -1;
      } else if (el.type !== "hidden" || el.name.slice(-11) === "client_uuid") {
        el.value = value;
      }
    });
  }
  function ensureUuid(form) {
    var input = form.querySelector("input[name$='client_uuid']");
    if (input && !input.value) { input.value = uuid4(); }
  }
  function resetForm(form) {
    var keep = {};
    fieldsOf(form).forEach(function (el) {
      if (/(^|-)(table_label|meetup_theme|meetup_direction|direction)$/.test(el.name)) { keep[el.name] = el.value; }
    });
    form.reset();
    fieldsOf(form).forEach(function (el) {
      if (el.name in keep) { el.value = keep[el.name]; }
      if (el.name.slice(-11) === "client_uuid") { el.value = ""; }
    });
    ensureUuid(form);
    saveDraft(form);
  }

  // The API's body: the form's fields by name; organisations as a list of ids.
  function apiBody(pairs) {
    var data = { organisations: [] };
    pairs.forEach(function (p) {
      var name = p[0], value = p[1];
      if (name === "organisations") { data.organisations.push(parseInt(value, 10)); }
      else if (name === "direction") { if (value) { data.direction = parseInt(value, 10); } }
      else if (name === "client_uuid" || name === "due") { if (value) { data[name] = value; } }
      else { data[name] = value; }
    });
    return data;
  }
  // Errors come as {field: ["text"]} (API) or {field: [{message: "text"}]} (page).
  function errorTexts(json) {
    var texts = [];
    Object.keys((json && json.errors) || {}).forEach(function (k) {
      [].concat(json.errors[k]).forEach(function (e) { texts.push(typeof e === "string" ? e : e.message); });
    });
    return texts;
  }

  var flushing = false;
  function flush() {
    var queue = load(QUEUE_KEY, []);
    if (flushing || !queue.length) { return; }
    flushing = true;
    var entry = queue[0];
    var request;
    if (entry.api) {
      request = window.fetch(entry.api, {
        method: "POST",
        body: JSON.stringify(apiBody(entry.pairs)),
        credentials: "same-origin",
        headers: { "Accept": "application/json", "Content-Type": "application/json" }
      });
    } else {
      var body = new URLSearchParams();
      entry.pairs.forEach(function (p) { body.append(p[0], p[1]); });
      var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
      if (csrf) { body.set("csrfmiddlewaretoken", csrf.value); }
      request = window.fetch(entry.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": csrf ? csrf.value : "" }
      });
    }
    request.then(function (response) {
      var rest = load(QUEUE_KEY, []).filter(function (e) { return e.id !== entry.id; });
      if (response.ok) {
        store(QUEUE_KEY, rest);
        say("sent", rest.length ? (messages.getAttribute("data-msg-pending") + " " + rest.length) : "");
        flushing = false;
        flush();
        return;
      }
      if (response.status === 404 || response.status === 410) {
        // The table's link is unknown or expired: retrying will not help.
        store(QUEUE_KEY, rest);
        flushing = false;
        return response.json().then(function (json) {
          say("gone", errorTexts(json).join(" "));
        }, function () { say("gone"); });
      }
      if (response.status === 400 || response.status === 422) {
        // Refused by the server: give the text back to the form so it can be corrected.
        store(QUEUE_KEY, rest);
        var form = document.querySelector("[data-offline-form='" + entry.form + "']");
        var data = {};
        entry.pairs.forEach(function (p) { (data[p[0]] = data[p[0]] || []).push(p[1]); });
        Object.keys(data).forEach(function (k) { if (data[k].length === 1 && !/organi[sz]ations$/.test(k)) { data[k] = data[k][0]; } });
        if (form) { fill(form, data); saveDraft(form); }
        return response.json().then(function (json) {
          say("error", errorTexts(json).join(" "));
          flushing = false;
        });
      }
      flushing = false;  // 403/500: keep it queued, try again later
    }).catch(function () {
      flushing = false;
      say("queued");
    });
  }

  document.querySelectorAll("[data-offline-form]").forEach(function (form) {
    var draft = load(form.getAttribute("data-offline-form"), null);
    if (draft && !form.querySelector(".utrecht-form-field-error-message")) { fill(form, draft); }
    ensureUuid(form);
    form.addEventListener("input", function () { saveDraft(form); });
    form.addEventListener("change", function () { saveDraft(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      ensureUuid(form);
      var pairs = [];
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrfmiddlewaretoken") { pairs.push([name, String(value)]); }
      });
      var queue = load(QUEUE_KEY, []);
      queue.push({ id: uuid4(), url: form.action, api: form.getAttribute("data-api-url") || "", form: form.getAttribute("data-offline-form"), pairs: pairs });
      store(QUEUE_KEY, queue);
      resetForm(form);
      if (navigator.onLine === false) { say("queued"); } else { flush(); }
    });
  });

  // Suggestions from the netwerk: tapping one fills the owner (and organisation).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill-owner]");
    if (!button) { return; }
    var form = button.closest("form");
    var name = form.querySelector("input[name$='owner_name']");
    var email = form.querySelector("input[name$='owner_email']");
    if (name) { name.value = button.getAttribute("data-fill-owner"); }
    if (email && button.getAttribute("data-fill-email")) { email.value = button.getAttribute("data-fill-email"); }
    var org = button.getAttribute("data-fill-org");
    if (org) {
      var box = form.querySelector("input[name$='organizations'][value='" + org + "'], input[name$='organisations'][value='" + org + "']");
      if (box) { box.checked = true; }
    }
    saveDraft(form);
    if (name) { name.focus(); }
  });

  window.addEventListener("online", flush);
  flush();
})();
