/* 在线访谈: while the interview is live, fetch the approved Q&A every 20 seconds and
   replace the list. Progressive enhancement: without scripts the page has a refresh link.
   Same-origin fetch of a server-rendered, escaped fragment (CSP connect-src 'self'). */
(function () {
  "use strict";
  var INTERVAL = 20000;

  function start() {
    var box = document.getElementById("qa-timeline");
    if (!box || !window.fetch || !window.DOMParser) return;
    var url = box.getAttribute("data-live-url");
    var status = document.getElementById("qa-status");

    function poll() {
      if (document.hidden) return;
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("qa-timeline");
          var current = document.getElementById("qa-timeline");
          if (!fresh || !current) return;
          if (fresh.innerHTML !== current.innerHTML) {
            current.replaceWith(fresh);
            if (status) status.textContent = "问答内容已更新。";
          }
          if (fresh.getAttribute("data-state") === "ended") window.clearInterval(timer);
        })
        .catch(function () { /* the next poll tries again */ });
    }

    var timer = window.setInterval(poll, INTERVAL);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
