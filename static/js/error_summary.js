/* Where the focus starts when a page opens after something the person sent, so a screen reader reads it
 * first and a keyboard user goes on from it:
 * - the error summary of a form sent back with errors (macro errors_summary, templates/macros/forms.html); each
 *   of its lines links to its field, and following a link shows the field's label (or its group's legend) too,
 *   not only the input cut at the top of the window;
 * - else what the page answers to the request ([data-takes-focus], e.g. the lawyers and slots proposed for a
 *   Juri-PTCE question);
 * - else the confirmation of what was just done (the flashes: « Le besoin est publié. »), which a live region
 *   already in the page when it opens would not announce. When the address points at a place of the page
 *   (#objectifs, #binome-12: the part just changed), the confirmation moves there — under that heading, or just
 *   before that row's table — and takes the focus there: read first, seen beside what changed (at the top of a
 *   long page it was out of sight and never read), and Tab goes on from that place.
 * - else, when the address points at a form field (« Changer ma capacité » → #yearly_capacity), that field, its
 *   label in sight above it (Chromium put the input at the top of the window, its label and hint cut off).
 * Only one element is focused: the first found, in that order.
 */
(function () {
  "use strict";

  // A field reached by a link (a summary's line, « Changer ma capacité » → #yearly_capacity): its label (or its
  // group's legend, when it fits on the screen with the input) in sight above it, and the focus in the input.
  function showField(input) {
    var group = input.closest("fieldset");
    var legend = group && group.querySelector("legend");
    var label = input.id ? document.querySelector("label[for='" + input.id + "']") : null;
    var shown = legend && input.getBoundingClientRect().top - legend.getBoundingClientRect().top < window.innerHeight / 2
      ? legend : (label || input);
    shown.scrollIntoView();
    input.focus({ preventScroll: true });
  }

  function afterLoad(action) {
    // Chromium scrolls to the fragment once the page is loaded (and may drop the focus): act after it.
    if (document.readyState === "complete") {
      window.setTimeout(action, 0);
    } else {
      window.addEventListener("load", function () { window.setTimeout(action, 0); });
    }
  }

  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!input || typeof input.focus !== "function") {
        return;
      }
      event.preventDefault();
      showField(input);
    });
    return;
  }
  var answer = document.querySelector("[data-takes-focus]");
  if (answer) {
    answer.focus();
    return;
  }
  var flashes = document.querySelector(".flashes");
  var target = window.location.hash.length > 1 && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (!flashes) {
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      afterLoad(function () { showField(target); });
    }
    return;
  }
  if (!target) {
    flashes.focus();
    return;
  }
  if (/^H[1-6]$/.test(target.tagName)) {
    target.insertAdjacentElement("afterend", flashes);
  } else {
    var block = target.closest(".table-scroll, table") || target;
    block.insertAdjacentElement("beforebegin", flashes);
  }
  afterLoad(function () {
    target.scrollIntoView();
    flashes.focus({ preventScroll: true });
  });
})();
