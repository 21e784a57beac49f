(function () {
  "use strict";
  var body = document.body;
  var q = document.getElementById("q");
  var table = document.getElementById("articles");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var shown = document.getElementById("shown");
  function fold(s) { return s.normalize("NFC").toLowerCase().trim(); }
  // At most LIMIT rows are laid out at a time (hidden rows cost no layout): 20,000 articles stay usable.
  var LIMIT = Number(table.getAttribute("data-limit")) || 500;
  var more = document.getElementById("more");
  function filter() {
    var words = fold(q.value).split(/\s+/).filter(Boolean), n = 0;
    rows.forEach(function (r) {
      var hay = r.getAttribute("data-s"), ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
      if (ok) { n++; }
      r.hidden = !ok || n > LIMIT;
    });
    shown.textContent = String(n);
    more.textContent = n > LIMIT ? " (the first " + LIMIT + " are listed: search to narrow)" : "";
  }
  q.addEventListener("input", filter);
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener("click", function () {
      var desc = th.classList.contains("asc");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(desc ? "desc" : "asc");
      var key = function (r) { return r.cells[col].getAttribute("data-k") || r.cells[col].textContent; };
      rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1); });
      var tb = table.tBodies[0];
      rows.forEach(function (r) { tb.appendChild(r); });
      filter();
    });
  });
  var viewer = document.getElementById("viewer");
  function show(id) {
    var t = document.getElementById("view-" + id);
    if (!t) { viewer.textContent = "Không có bản xem cho bài này (no view kept for this article)."; return; }
    viewer.replaceChildren(t.content.cloneNode(true));
    viewer.setAttribute("data-doc", id);
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[data-view]") : null;
    if (!a) { return; }
    e.preventDefault(); show(a.getAttribute("data-view"));
    viewer.scrollIntoView({ block: "start" });
  });
  var hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("q")) { q.value = hash.get("q"); }
  filter();
  if (hash.get("doc")) { show(hash.get("doc")); }
  body.setAttribute("data-ready", "1");
  body.setAttribute("data-load-ms", String(Math.round(performance.now())));
})();
