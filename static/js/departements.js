/* Départements of the pole form: a filter box, and the chosen region's départements first.
 * Then (second part) a single choice of département (resource profile): only the chosen region's group.
 *
 * Progressive enhancement of the grouped checkbox list written by templates/poles/form.html:
 * without JavaScript the list works as it is (the pole's region first when it is known).
 * The filter matches names without accents and numbers (« ardeche », « 07 »); the number of
 * matches is announced in a live region. Choosing a region moves its group to the top.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-departements]");
  if (!root) {
    return;
  }
  var filterBox = root.querySelector("[data-departements-filter]");
  var input = filterBox.querySelector("input");
  var status = filterBox.querySelector("[role=status]");
  var chosenSlot = root.querySelector("[data-departements-chosen]");
  var others = root.querySelector("[data-departements-others]");
  var summary = others.querySelector("summary");
  var select = document.getElementById(root.getAttribute("data-region-field"));
  var groups = Array.prototype.slice.call(root.querySelectorAll(".departements-region"));
  var items = Array.prototype.slice.call(root.querySelectorAll("li[data-name]"));

  function normalise(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function nameOf(group) {
    return group.querySelector("legend").firstChild.textContent.trim();
  }

  groups.sort(function (a, b) {
    return nameOf(a).localeCompare(nameOf(b), "fr");
  });

  function applyRegion() {
    var code = select ? select.value : "";
    var found = false;
    groups.forEach(function (group) {
      var mine = code !== "" && group.getAttribute("data-region") === code;
      group.querySelector("[data-chosen-mark]").hidden = !mine;
      if (mine) {
        chosenSlot.appendChild(group);
        found = true;
      } else {
        others.appendChild(group);
      }
    });
    summary.textContent = found ? "Départements des autres régions" : "Départements par région";
    var checkedElsewhere = others.querySelector("input:checked") !== null;
    if (!found || checkedElsewhere || input.value.trim() !== "") {
      others.open = true;
    } else {
      others.open = false;
    }
  }

  function applyFilter() {
    var query = normalise(input.value.trim());
    var shown = 0;
    items.forEach(function (item) {
      var match = query === "" || normalise(item.getAttribute("data-name")).indexOf(query) !== -1;
      item.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    groups.forEach(function (group) {
      group.hidden = group.querySelector("li:not([hidden])") === null;
    });
    if (query === "") {
      status.textContent = "";
      applyRegion();
      return;
    }
    others.open = true;
    status.textContent = shown === 0 ? "Aucun département ne correspond."
      : shown === 1 ? "1 département correspond." : shown + " départements correspondent.";
  }

  filterBox.hidden = false;
  input.addEventListener("input", applyFilter);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault(); // Entrée filtre, elle n'envoie pas le formulaire
    }
  });
  if (select) {
    select.addEventListener("change", applyRegion);
  }
  applyRegion();
})();

/* A single choice of département (select[data-region-field], grouped by region by
 * app/form_fields.grouped_departement_choices): once a region is chosen in the field the attribute names,
 * only that region's group stays in the list; with no region, every group. A département left outside
 * the region is unselected. Without JavaScript the list keeps every group, the chosen region first.
 */
(function () {
  "use strict";

  Array.prototype.forEach.call(document.querySelectorAll("select[data-region-field]"), function (select) {
    var region = document.getElementById(select.getAttribute("data-region-field"));
    if (!region) {
      return;
    }
    var groups = Array.prototype.slice.call(select.querySelectorAll("optgroup"));

    function regionOf(group) {
      var option = group.querySelector("option[data-region]");
      return option ? option.getAttribute("data-region") : "";
    }

    function apply() {
      var code = region.value;
      var kept = false;
      groups.forEach(function (group) {
        if (group.parentNode) {
          group.parentNode.removeChild(group);
        }
      });
      groups.forEach(function (group) {
        if (code === "" || regionOf(group) === code) {
          select.appendChild(group);
          kept = kept || group.querySelector("option:checked") !== null;
        }
      });
      if (!kept && select.value !== "") {
        select.value = "";
      }
    }

    region.addEventListener("change", apply);
    apply();
  });
})();
