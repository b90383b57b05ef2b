/* The idempotency key of a form that creates something (app/idempotency.OnceForm, macro once_key).
 *
 * Back after « Publier » fetches the form page again (it is never cached), with a fresh key, and Chromium
 * puts back what was typed: only in the fields whose value differs from the one the page was written with,
 * and never in a type="hidden" one. The key, in a text field never shown, is made to differ here (the
 * page's value emptied, the key kept as the field's value): it comes back with the rest, and the server
 * answers with what the first sending created instead of creating again. Without JavaScript, the key
 * still makes a double click create once.
 */
(function () {
  "use strict";
  document.querySelectorAll("input[data-once-key]").forEach(function (input) {
    var key = input.value; // the page's, or the one Chromium put back
    input.defaultValue = "";
    input.value = key;
  });
})();
