/* The navigation's Analyses menu is a <details> element: it opens and closes with a click, Enter
   or Space without any script. This only tidies up around it: Escape closes an open menu (focus
   goes back to its button), and a click or focus elsewhere on the page closes it. */
(function () {
  "use strict";
  var menus = document.querySelectorAll("[data-nav-menu]");
  if (!menus.length) return;
  function closeAll(except) {
    menus.forEach(function (menu) { if (menu !== except) menu.open = false; });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });
  document.addEventListener("click", function (event) {
    closeAll(event.target.closest ? event.target.closest("[data-nav-menu]") : null);
  });
  document.addEventListener("focusin", function (event) {
    closeAll(event.target.closest ? event.target.closest("[data-nav-menu]") : null);
  });
})();
