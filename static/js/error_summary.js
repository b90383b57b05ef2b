/* Where the focus starts when a page opens after something the person sent, so a screen reader reads it
 * first and a keyboard user goes on from it:
 * - the error summary of a form sent back with errors (macro errors_summary, templates/macros/forms.html); each
 *   of its lines links to its field, and following a link shows the field's label (or its group's legend) too,
 *   not only the input cut at the top of the window;
 * - else what the page answers to the request ([data-takes-focus], e.g. the lawyers and slots proposed for a
 *   Juri-PTCE question);
 * - else the confirmation of what was just done (the flashes: « Le besoin est publié. »), which a live region
 *   already in the page when it opens would not announce — unless the address points at a place of the page
 *   (#binome-12): the browser takes the reader there.
 * Only one element is focused: the first found, in that order.
 */
(function () {
  "use strict";

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
      var group = input.closest("fieldset");
      var legend = group && group.querySelector("legend");
      var label = input.id ? document.querySelector("label[for='" + input.id + "']") : null;
      // A group's legend when it fits on the screen with the input; else the input's own label.
      var shown = legend && input.getBoundingClientRect().top - legend.getBoundingClientRect().top < window.innerHeight / 2
        ? legend : (label || input);
      shown.scrollIntoView();
      input.focus({ preventScroll: true });
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
  if (flashes && !target) {
    flashes.focus();
  }
})();
