/* 浏览次数: one same-origin POST per page shown, sent after nginx or the page cache served
   the page (docs/decisions/0018). No cookie goes with it and nothing identifies the reader. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-url");
  if (!url || !window.fetch || document.visibilityState === "prerender") return;
  fetch(url, { method: "POST", credentials: "omit", keepalive: true, cache: "no-store" })
    .catch(function () { /* a view not counted costs the reader nothing */ });
})();
