/* 无障碍与适老化: 字号, 高对比度, 适老模式, and the phone menu.
 *
 * Loaded synchronously in <head>: it puts the visitor's choice (kept in localStorage) on
 * <html> before the first paint, so cached public pages never vary per visitor. The
 * toolbar and the menu button are wired once the document is parsed. Same origin, no
 * inline script (the Content-Security-Policy allows neither).
 */
(function () {
  "use strict";
  var KEY = "gov-access";
  var SIZES = ["small", "medium", "large"];
  var root = document.documentElement;
  var state = read();

  function read() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return {
        size: SIZES.indexOf(stored.size) >= 0 ? stored.size : "medium",
        contrast: stored.contrast === true,
        elder: stored.elder === true
      };
    } catch (error) {
      return { size: "medium", contrast: false, elder: false };
    }
  }

  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (error) {
      /* Private browsing: the choice holds for this page only. */
    }
  }

  function apply() {
    SIZES.forEach(function (size) {
      root.classList.toggle("access-size-" + size, state.size === size && size !== "medium");
    });
    root.classList.toggle("access-contrast", state.contrast);
    root.classList.toggle("access-elder", state.elder);
  }

  root.classList.add("js");
  apply();

  function announce(message) {
    var status = document.getElementById("access-status");
    if (status) {
      status.textContent = message;
    }
  }

  function pressed(button) {
    var kind = button.getAttribute("data-access");
    if (kind === "size") {
      return state.size === button.getAttribute("data-value");
    }
    return kind === "reset" ? null : state[kind];
  }

  function sync(buttons) {
    buttons.forEach(function (button) {
      var value = pressed(button);
      if (value !== null) {
        button.setAttribute("aria-pressed", value ? "true" : "false");
      }
    });
  }

  function act(button, buttons) {
    var kind = button.getAttribute("data-access");
    var label = button.textContent.trim();
    if (kind === "size") {
      state.size = button.getAttribute("data-value");
      announce("字号已设为" + label + "。");
    } else if (kind === "reset") {
      state = { size: "medium", contrast: false, elder: false };
      announce("已恢复默认显示。");
    } else {
      state[kind] = !state[kind];
      announce(label + (state[kind] ? "已开启。" : "已关闭。"));
    }
    save();
    apply();
    sync(buttons);
  }

  function wireToolbar() {
    var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-access]"));
    sync(buttons);
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        act(button, buttons);
      });
    });
  }

  function wireMenu() {
    var toggle = document.querySelector(".main-nav__toggle");
    if (!toggle) {
      return;
    }
    var list = document.getElementById(toggle.getAttribute("aria-controls"));
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      list.classList.toggle("is-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        list.classList.remove("is-open");
        toggle.focus();
      }
    });
  }

  /* Another tab changed the choice: follow it. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      state = read();
      apply();
      sync(Array.prototype.slice.call(document.querySelectorAll("[data-access]")));
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    wireToolbar();
    wireMenu();
  });
})();
