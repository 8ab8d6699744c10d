/* Review buttons: accept, reject or correct a record through POST /api/v1/review/{id}.
   The reviewer's name and the write token live in this tab's sessionStorage; record ids are
   read from data attributes and sent as a path segment (encoded), never run or inserted as HTML. */
(function () {
  "use strict";
  var NAME = "monazite.reviewer", SECRET = "monazite.token";

  function field(id, key) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    el.value = sessionStorage.getItem(key) || el.value;
    el.addEventListener("change", function () { sessionStorage.setItem(key, el.value); });
    return el;
  }

  function say(box, text, ok) {
    var out = box.querySelector(".review-status");
    if (out) { out.textContent = text; out.className = "review-status " + (ok ? "ok" : "error"); }
  }

  function send(box, record, decision, changes) {
    var name = document.getElementById("review-name"), secret = document.getElementById("review-secret");
    var token = secret ? secret.value : "";
    if (!token) { say(box, "Type the write token first.", false); return; }
    var body = { decision: decision, reviewer: (name && name.value.trim()) || "web" };
    if (changes) { body.changes = changes; }
    say(box, "Saving…", true);
    fetch("/api/v1/review/" + encodeURIComponent(record), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (data) { return { ok: res.ok, data: data }; });
    }).then(function (r) {
      if (r.ok) {
        say(box, r.data.decision + "ed: saved as review " + r.data.id, true);
        box.setAttribute("data-done", r.data.decision);
      } else {
        say(box, (r.data && (r.data.error || r.data.detail)) || "refused", false);
      }
    }).catch(function () { say(box, "The server did not answer.", false); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    field("review-name", NAME);
    field("review-secret", SECRET);
    document.querySelectorAll(".review-controls").forEach(function (box) {
      var record = box.getAttribute("data-record");
      box.querySelectorAll(".review-btn").forEach(function (btn) {
        btn.addEventListener("click", function () { send(box, record, btn.getAttribute("data-decision"), null); });
      });
      var form = box.querySelector(".review-form");
      if (form) {
        form.addEventListener("submit", function (ev) {
          ev.preventDefault();
          var changes = {}, any = false;
          form.querySelectorAll("input").forEach(function (input) {
            if (input.value.trim()) { changes[input.name] = input.value.trim(); any = true; }
          });
          if (!any) { say(box, "Fill in at least one field to correct.", false); return; }
          send(box, record, "correct", changes);
        });
      }
    });
  });
}());
