/* The « Menu » button of narrow screens (phones), site-wide.
 *
 * Under 48rem the main navigation folds behind a « Menu » button written here: a real <button> with
 * aria-expanded and aria-controls, placed just before the <nav> it opens and closes (the CSS hides the
 * navigation while the button says aria-expanded="false"). Échap closes it and puts the focus back on the
 * button. On wide screens the button is hidden and the navigation always shown. Progressive enhancement:
 * without JavaScript there is no button and the navigation stays visible, on its own lines. The count of unread
 * notifications shown beside « Notifications » is repeated on the button (« Menu 2 »; read « Menu, 2 notifications
 * non lues »), the navigation being folded.
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

  // The bell's count is inside the folded navigation: the button says it too, or a phone never shows it.
  var badge = nav.querySelector(".badge-count");
  if (badge) {
    // Past 99 the badge shows « 99+ » and keeps the exact count in data-count (app/fragments.py).
    var count = parseInt(badge.getAttribute("data-count") || badge.textContent, 10) || 0;
    var copy = document.createElement("span");
    copy.className = badge.className;
    copy.setAttribute("aria-hidden", "true");
    copy.textContent = count > 99 ? "99+" : String(count);
    var said = document.createElement("span");
    said.className = "visually-hidden";
    said.textContent = count === 1 ? ", 1 notification non lue"
      : ", " + count.toLocaleString("fr-FR") + " notifications non lues";
    button.appendChild(document.createTextNode(" "));
    button.appendChild(copy);
    button.appendChild(said);
  }

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
