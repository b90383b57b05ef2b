/* Length limits of the text fields, site-wide: never cut a text without saying so.
 *
 * A field with a maxlength (the forms set it from their length rule, and say the limit in the hint)
 * gets a live message under it: when a pasted text was longer than the room left, the browser keeps
 * only its beginning, and the message says how much was left out; when the text reaches the limit,
 * it says so; near the limit (nine tenths), it counts. The server refuses a longer text anyway
 * (app/text_rules.py), with the same words. Without JavaScript the hint still says the limit.
 */
(function () {
  "use strict";

  function fr(n) {
    return n.toLocaleString("fr-FR");
  }

  function watch(field, index) {
    var most = parseInt(field.getAttribute("maxlength"), 10);
    if (!most || most <= 0) {
      return;
    }
    var status = document.createElement("p");
    status.className = "hint text-limit";
    status.id = (field.id || "texte-" + index) + "-limite";
    status.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", status);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? described + " " + status.id : status.id);
    var cut = 0;

    field.addEventListener("paste", function (event) {
      var pasted = event.clipboardData ? event.clipboardData.getData("text") : "";
      var selected = (field.selectionEnd || 0) - (field.selectionStart || 0);
      var room = most - (field.value.length - selected);
      cut = pasted.length > room ? pasted.length - Math.max(room, 0) : 0;
    });

    field.addEventListener("input", function () {
      var length = field.value.length;
      if (cut > 0) {
        status.textContent = "Le texte collé était trop long\u00a0: "
          + (cut === 1 ? "son dernier caractère n'a pas été gardé" : "ses " + fr(cut) + " derniers caractères n'ont pas été gardés")
          + " (" + fr(most) + " caractères au plus). Relisez la fin du texte.";
        cut = 0;
      } else if (length >= most) {
        status.textContent = "Limite atteinte\u00a0: " + fr(most) + " caractères au plus\u00a0; ce qui dépasse n'est pas gardé.";
      } else if (length >= most * 0.9) {
        status.textContent = fr(length) + " caractères sur " + fr(most) + ".";
      } else {
        status.textContent = "";
      }
    });
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("form textarea[maxlength], form input[maxlength]:not([type=hidden])"), watch);
})();
