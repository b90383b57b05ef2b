/* A long list filtered as one types (the attendance sheet of a national day: 400 people, found on a phone).
 *
 * The page filters on the server without JavaScript (a search form, ?q=); here, the field of that form
 * ([data-filter-input]) hides the rows and boxes ([data-filter-item]) whose text lacks one of the typed words,
 * accents and case ignored, and the status line ([data-filter-status], read by screen readers) says how many
 * people are shown. A box hidden keeps its state: the form sends it as it is.
 */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[’‘]/g, "'").toLowerCase();
  }

  document.querySelectorAll("input[data-filter-input]").forEach(function (input) {
    var items = Array.prototype.map.call(document.querySelectorAll("[data-filter-item]"), function (item) {
      return { element: item, text: fold(item.textContent), row: item.getAttribute("data-filter-item") === "row" };
    });
    var status = document.getElementById(input.getAttribute("data-filter-status"));
    var timer = null;

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var rows = 0;
      items.forEach(function (item) {
        var shown = words.every(function (word) { return item.text.indexOf(word) !== -1; });
        item.element.hidden = !shown;
        if (shown && item.row) {
          rows += 1;
        }
      });
      if (status) {
        status.textContent = !words.length ? "" : rows === 0 ? "Aucune personne affichée."
          : rows.toLocaleString("fr-FR") + (rows > 1 ? " personnes affichées." : " personne affichée.");
      }
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 120);
    });
  });
})();
