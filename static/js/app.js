// Small page behaviours htmx does not cover; no inline scripts, so the CSP stays strict.
(function () {
  "use strict";

  function toast(html) {
    var box = document.getElementById("toast");
    if (!box) return;
    box.innerHTML = html;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, 8000);
  }

  // htmx does not swap 4xx/5xx replies; show their message instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    toast(xhr.responseText && xhr.responseText.length < 2000
      ? xhr.responseText
      : "<strong>Something went wrong (" + xhr.status + ").</strong> Please try again.");
  });

  document.addEventListener("htmx:sendError", function () {
    toast("<strong>The server did not answer.</strong> Check your connection and try again.");
  });

  // Buttons that ask before doing something that cannot be undone.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // The bell's dropdown: open on click, close on Escape or a click elsewhere.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-dropdown-toggle]");
    document.querySelectorAll(".dropdown.open").forEach(function (menu) {
      if (!toggle || !menu.contains(toggle)) menu.classList.remove("open");
    });
    if (toggle) {
      event.preventDefault();
      toggle.closest(".dropdown").classList.toggle("open");
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll(".dropdown.open").forEach(function (m) { m.classList.remove("open"); });
    }
  });
})();

// The sync modal: Cancel/Close (links back to the page without JS) and Escape close it.
(function () {
  "use strict";

  function closeModal() {
    var modal = document.querySelector("#modal.modal-backdrop");
    if (!modal) return false;
    modal.replaceChildren();
    modal.className = "";
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-modal-close]");
    if (link && link.closest("#modal.modal-backdrop") && closeModal()) event.preventDefault();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeModal();
  });
})();
