/* Progressive enhancement only: every page reads fine without this file.
   On the document page, hovering, focusing or clicking a highlight shows the extracted
   record (copied from the record list below the text, never built from strings). */
(function () {
  "use strict";
  var pop = null;
  var pinned = false;

  function popover() {
    if (!pop) {
      pop = document.createElement("div");
      pop.className = "popover";
      pop.id = "ann-popover";
      pop.setAttribute("role", "dialog");
      pop.hidden = true;
      document.body.appendChild(pop);
    }
    return pop;
  }

  function show(mark) {
    var id = mark.getAttribute("data-ann");
    var rec = id && document.getElementById("rec-" + id);
    if (!rec) { return; }
    var body = rec.querySelector(".rec-body") || rec;
    var p = popover();
    while (p.firstChild) { p.removeChild(p.firstChild); }
    p.appendChild(body.cloneNode(true));
    p.setAttribute("data-for", id);
    var r = mark.getBoundingClientRect();
    p.style.left = Math.max(8, window.scrollX + r.left) + "px";
    p.style.top = (window.scrollY + r.bottom + 6) + "px";
    p.hidden = false;
  }

  function hide() { if (pop && !pinned) { pop.hidden = true; } }

  function innermost(target) {
    return target && target.closest ? target.closest("mark.ann[data-ann]") : null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var text = document.getElementById("doc-text");
    if (!text) { return; }
    text.addEventListener("mouseover", function (ev) {
      var m = innermost(ev.target);
      if (m && !pinned) { show(m); }
    });
    text.addEventListener("mouseout", function (ev) {
      if (!innermost(ev.relatedTarget)) { hide(); }
    });
    text.addEventListener("focusin", function (ev) {
      var m = innermost(ev.target);
      if (m) { show(m); }
    });
    text.addEventListener("click", function (ev) {
      var m = innermost(ev.target);
      if (m) { pinned = true; show(m); ev.stopPropagation(); }
    });
    document.addEventListener("click", function (ev) {
      if (pop && !pop.contains(ev.target)) { pinned = false; hide(); }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { pinned = false; hide(); }
    });
  });
}());
