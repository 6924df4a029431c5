// Runs what Wagtail's widgets and panels would run from inline <script> tags, which the
// Content-Security-Policy blocks (script-src 'self'). The overridden templates in
// cluster/serving/templates/wagtailadmin/ leave a hidden element with the function and
// its options; this starts each one once, also in forms added later (InlinePanel children,
// modals), which is where an inline script would have run on insertion.
(function () {
  "use strict";

  var starters = {
    initDateChooser: function (el, options) { window.initDateChooser(el.dataset.cspTarget, options); },
    initTimeChooser: function (el, options) { window.initTimeChooser(el.dataset.cspTarget, options); },
    initDateTimeChooser: function (el, options) { window.initDateTimeChooser(el.dataset.cspTarget, options); },
    InlinePanel: function (el, options) { new window.InlinePanel(options); },
    MultipleChooserPanel: function (el, options) { new window.MultipleChooserPanel(options); },
    // Page, document, image and snippet choosers (cluster/serving/admin_widgets.py).
    chooser: function (el, options) {
      var Constructor = el.dataset.cspConstructor.split(".").reduce(function (scope, name) {
        return scope[name];
      }, window);
      new Constructor(el.dataset.cspTarget, options);
    },
  };

  function start(el) {
    if (el.dataset.cspStarted || el.closest("template")) {
      return;
    }
    el.dataset.cspStarted = "1";
    var starter = starters[el.dataset.cspInit];
    if (starter) {
      starter(el, JSON.parse(el.dataset.cspOptions || "{}"));
    }
  }

  function startWithin(node) {
    if (node.nodeType !== 1) {
      return;
    }
    if (node.matches("[data-csp-init]")) {
      start(node);
    }
    node.querySelectorAll("[data-csp-init]").forEach(start);
  }

  function ready() {
    startWithin(document.body);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(startWithin);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
