/* The error summary of a form sent back with errors (macro errors_summary, templates/macros/forms.html)
 * takes the focus when the page opens, so a screen reader reads it first and a keyboard user starts from
 * it; each of its lines links to its field. Only one summary is focused: the first of the page.
 */
(function () {
  "use strict";

  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
