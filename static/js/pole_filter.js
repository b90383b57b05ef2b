/* The poles to tick among the whole network (templates/macros/pole_checkboxes.html): a filter box and a count.
 *
 * Without JavaScript the list works as it is, grouped by region. Here the filter box ([data-pole-filter]) shows,
 * and hides the poles ([data-pole-item]) whose name and region lack one of the typed words, accents and case
 * ignored; a ticked pole always stays, a region left empty hides with its poles. The status line under the box
 * says how many poles match the words; the count of ticked poles ([data-pole-ticked], aria-live polite) follows each
 * box ticked. Enter in the box does not send the form. A hidden box keeps its state: the form sends it as it is.
 */
(function () {
  "use strict";

  var NBSP = "\u00a0";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[’‘]/g, "'").toLowerCase();
  }

  function poles(n, singular, plural, zero) {
    return n === 0 ? zero : n.toLocaleString("fr-FR") + NBSP + (n > 1 ? plural : singular);
  }

  document.querySelectorAll("[data-pole-picker]").forEach(function (picker) {
    var filter = picker.querySelector("[data-pole-filter]");
    var input = filter.querySelector("input");
    var status = filter.querySelector("[role=status]");
    var ticked = picker.querySelector("[data-pole-ticked]");
    var regions = Array.prototype.map.call(picker.querySelectorAll("[data-pole-region]"), function (region) {
      var name = fold(region.querySelector("legend").textContent);
      return {
        element: region,
        items: Array.prototype.map.call(region.querySelectorAll("[data-pole-item]"), function (item) {
          return { element: item, box: item.querySelector("input"), text: fold(item.textContent) + " " + name };
        })
      };
    });
    var timer = null;

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var matched = 0;
      regions.forEach(function (region) {
        var any = false;
        region.items.forEach(function (item) {
          var match = words.every(function (word) { return item.text.indexOf(word) !== -1; });
          var keep = match || item.box.checked;
          item.element.hidden = !keep;
          any = any || keep;
          matched += match ? 1 : 0;
        });
        region.element.hidden = !any;
      });
      status.textContent = !words.length ? ""
        : poles(matched, "pôle correspond.", "pôles correspondent.", "Aucun pôle ne correspond.");
    }

    function count() {
      var n = picker.querySelectorAll("[data-pole-item] input:checked").length;
      var text = poles(n, "pôle coché", "pôles cochés", "aucun pôle coché");
      ticked.textContent = text.charAt(0).toUpperCase() + text.slice(1);
    }

    filter.hidden = false;
    ticked.hidden = false;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        window.clearTimeout(timer);
        apply();
      }
    });
    picker.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") {
        count();
      }
    });
    count();  // the browser may have restored boxes ticked before Back
    if (input.value) {
      apply();
    }
  });
})();
