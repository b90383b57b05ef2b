/* Confirmation of destructive actions, site-wide.
 *
 * A submit button (or a form) with data-confirm="Question ?" asks that question in a modal
 * dialog before the form is sent. Progressive enhancement: without JavaScript the form is sent
 * with its hidden field "confirmed" at 0, and the server asks the same question on a page of its own
 * (app/confirmation.py, macro confirm_fields). The dialog is a
 * native <dialog> opened with showModal(): focus moves into it (on « Revenir en arrière », the
 * safe choice), Tab stays inside, Échap closes it, and focus comes back to the button that
 * opened it. data-confirm-label sets the confirming button's text (default: the button's own).
 * data-confirm-destructive, beside data-confirm, marks an action that cancels, closes, deletes or refuses:
 * its confirming button is the danger one (red); any other confirmation (reopen, validate, accept) gets the
 * primary button.
 * A form with a hidden field named "confirmed" has it set to 1 once the dialog confirmed: its server, which reads 0
 * when no dialog asked (no JavaScript), asks on a page of its own instead (the end of a transfer).
 * A form with a required field left blank (« Décliner » without its reason) is sent without asking: nothing can be
 * done, and its server says what is missing beside the field (the dialog asked « Décliner ce transfert ? Le pôle
 * lira votre raison » of a reason not written, then the page refused it).
 */
(function () {
  "use strict";

  var dialog = null;
  var pending = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.id = "confirmation";
    dialog.setAttribute("aria-labelledby", "confirmation-titre");
    dialog.setAttribute("aria-describedby", "confirmation-question");
    dialog.innerHTML =
      '<h2 id="confirmation-titre">Confirmer</h2>' +
      '<p id="confirmation-question"></p>' +
      '<div class="actions">' +
      '<button type="button" class="button button-secondary" data-confirm-cancel>Revenir en arrière</button>' +
      '<button type="button" class="button" data-confirm-ok></button>' +
      "</div>";
    document.body.appendChild(dialog);
    dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () {
      finish(false);
    });
    dialog.querySelector("[data-confirm-ok]").addEventListener("click", function () {
      finish(true);
    });
    // Échap: handled here, at once. The dialog's "close" event comes later, in a task of its own: a
    // dialog opened again in between would have its request taken by the previous closing.
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault();
      finish(false);
    });
  }

  function finish(confirmed) {
    var request = pending;
    pending = null;
    dialog.close(confirmed ? "ok" : "cancel");
    if (!request) {
      return;
    }
    if (confirmed) {
      send(request.form, request.submitter);
    } else if (request.submitter) {
      request.submitter.focus();
    }
  }

  function send(form, submitter) {
    form.setAttribute("data-confirmed", "1");
    var confirmedField = form.querySelector("input[type=hidden][name=confirmed]");
    if (confirmedField) {
      confirmedField.value = "1";
    }
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(submitter || undefined);
    } else {
      if (submitter && submitter.name) {
        var copy = document.createElement("input");
        copy.type = "hidden";
        copy.name = submitter.name;
        copy.value = submitter.value;
        form.appendChild(copy);
      }
      form.submit();
    }
  }

  function labelOf(element) {
    var own = element && element.getAttribute("data-confirm-label");
    if (own) {
      return own;
    }
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "Confirmer";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form;
    var question = source.getAttribute("data-confirm");
    if (!question) {
      return;
    }
    if (form.getAttribute("data-confirmed") === "1") {
      form.removeAttribute("data-confirmed");
      return;
    }
    var blank = Array.prototype.some.call(form.querySelectorAll("textarea[required], input[required]"), function (field) {
      return !field.value.trim();
    });
    if (blank) {
      return;
    }
    event.preventDefault();
    if (typeof HTMLDialogElement !== "function") {
      if (window.confirm(question)) {
        send(form, submitter);
      }
      return;
    }
    if (!dialog) {
      build();
    }
    pending = { form: form, submitter: submitter };
    dialog.querySelector("#confirmation-question").textContent = question;
    var ok = dialog.querySelector("[data-confirm-ok]");
    var destructive = source.hasAttribute("data-confirm-destructive");
    ok.textContent = labelOf(submitter || source);
    ok.className = destructive ? "button button-danger" : "button";
    dialog.classList.toggle("confirm-dialog-destructive", destructive);
    dialog.showModal();
    dialog.querySelector("[data-confirm-cancel]").focus();
  });
})();
