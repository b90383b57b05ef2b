/* The « Menu » button of narrow screens (phones), site-wide.
 *
 * Under 48rem the main navigation folds behind a « Menu » button written here: a real <button> with
 * aria-expanded and aria-controls, placed just before the <nav> it opens and closes (the CSS hides the
 * navigation while the button says aria-expanded="false"). Échap closes it and puts the focus back on the
 * button. On wide screens the button is hidden and the navigation always shown. Progressive enhancement:
 * without JavaScript there is no button and the navigation stays visible, on its own lines.
 */
(function () {
  "use strict";

  var nav = document.getElementById("navigation");
  if (!nav) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.textContent = "Menu";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", nav.id);
  nav.parentNode.insertBefore(button, nav);
  nav.classList.add("menu-folds");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") {
      return;
    }
    var target = event.target;
    if (target === button || nav.contains(target)) {
      setOpen(false);
      button.focus();
    }
  });
})();
