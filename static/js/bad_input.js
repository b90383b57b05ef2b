/* A date or an hour the browser cannot read (« 31/02/2027 », an hour half typed) leaves the form empty: the
 * server then asks for a date the person did type, or, for an optional field (a registration deadline), goes
 * on without it in silence. Before such a form leaves, each field in that state says so beside it (read with
 * the field: aria-describedby), the first takes the focus, and the form waits. Without JavaScript the form
 * leaves as before. Listens in the capture phase: before the other scripts that act on a form being sent
 * (once_key.js). */
(function () {
  "use strict";

  var MESSAGES = {
    date: "Cette date n'existe pas\u00a0: vérifiez le jour et le mois.",
    time: "Cette heure est incomplète\u00a0: indiquez l'heure et les minutes.",
    "datetime-local": "Cette date ou cette heure est incomplète ou n'existe pas."
  };
  var SUFFIX = "-saisie";

  function forget(input) {
    var id = input.id + SUFFIX;
    var shown = document.getElementById(id);
    if (shown) {
      shown.remove();
    }
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (part) {
      return part && part !== id;
    });
    if (described.length) {
      input.setAttribute("aria-describedby", described.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
    if (input.hasAttribute("data-bad-input")) {
      input.removeAttribute("data-bad-input");
      input.removeAttribute("aria-invalid");
      var field = input.closest(".field");
      if (field && field.hasAttribute("data-bad-input")) {
        field.removeAttribute("data-bad-input");
        field.classList.remove("field-error");
      }
    }
  }

  function say(input) {
    var message = document.createElement("p");
    message.className = "error-text";
    message.id = input.id + SUFFIX;
    message.textContent = MESSAGES[input.type] || "Cette valeur ne se lit pas\u00a0: vérifiez-la.";
    input.parentNode.insertBefore(message, input);
    input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + message.id).trim());
    if (!input.hasAttribute("aria-invalid")) {  // a field the server marked stays so (its own message above)
      input.setAttribute("data-bad-input", "");
      input.setAttribute("aria-invalid", "true");
      var field = input.closest(".field");
      if (field && !field.classList.contains("field-error")) {
        field.setAttribute("data-bad-input", "");
        field.classList.add("field-error");
      }
    }
  }

  document.addEventListener("submit", function (event) {
    var inputs = Array.prototype.filter.call(event.target.elements || [], function (element) {
      return element.id && element.validity && element.tagName === "INPUT";
    });
    inputs.forEach(forget);
    var unreadable = inputs.filter(function (input) { return input.validity.badInput; });
    if (!unreadable.length) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    unreadable.forEach(say);
    unreadable[0].focus();
  }, true);
})();
