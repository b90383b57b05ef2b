// Need and offer forms: while the person writes, suggest the 1–3 most likely themes, each with the
// words that suggested it (the button's description: heard with it, on Tab); a button ticks the theme's checkbox.
// Without JavaScript the form works as before (and the need page proposes the themes after saving).
// Ticked, the suggestion reads « … est coché » in its place and the status line says it; the focus stays among the
// suggestions (the next button, else that line), not sent to the checkbox far below in the list of thirty themes
// (walk of the pair's space: at 375 px the page jumped down and the other suggestions were thirty Tab stops back).
// A screen reader hears the suggested themes once, in a short sentence of a status line of their own, each time
// the suggested themes change — not the buttons and their words read again at every pause in the typing (the
// suggestions are not drawn again while they stay the same, so a focused button stays where it is).
(function () {
  "use strict";
  var box = document.querySelector("[data-theme-suggestions]");
  if (!box || !window.fetch || !window.JSON) { return; }
  var form = box.closest("form");
  var text = form.querySelector("[name=text]");
  var title = form.querySelector("[name=title]");
  var token = form.querySelector("input[name=csrf_token]");
  var timer = null;
  var last = "";
  var shown = "";
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  box.parentNode.insertBefore(status, box);

  function checkbox(code) {
    return form.querySelector("input[name=themes][value='" + code.replace(/[^a-z0-9_]/g, "") + "']");
  }

  function chosen() {
    return Array.prototype.map.call(form.querySelectorAll("input[name=themes]:checked"), function (c) { return c.value; });
  }

  function announce(themes) {
    var names = themes.map(function (t) { return t.label; }).join(", ");
    status.textContent = !themes.length ? "" : themes.length > 1
      ? themes.length + " thèmes suggérés d'après votre texte\u00a0: " + names + ". Des boutons, après le champ, permettent de les cocher."
      : "Thème suggéré d'après votre texte\u00a0: " + names + ". Un bouton, après le champ, permet de le cocher.";
  }

  // Never drawn again under the person's focus (a theme ticked asks again, and the answer would have removed the
  // button or line she stands on, the focus falling to the top of the page): kept until the focus leaves the box.
  var waiting = null;
  box.addEventListener("focusout", function (event) {
    if (waiting && !box.contains(event.relatedTarget)) { var themes = waiting; waiting = null; render(themes); }
  });

  function render(themes) {
    if (box.contains(document.activeElement)) { waiting = themes; return; }
    themes = themes.filter(function (t) { var c = checkbox(t.code); return c && !c.checked; });
    var codes = themes.map(function (t) { return t.code; }).join(" ");
    if (codes === shown) { return; }
    shown = codes;
    announce(themes);
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!themes.length) { return; }
    var heading = document.createElement("p");
    heading.className = "label";
    heading.textContent = themes.length > 1 ? "Thèmes qui semblent correspondre à votre texte\u00a0:" : "Thème qui semble correspondre à votre texte\u00a0:";
    box.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "theme-suggestion-list";
    themes.forEach(function (t) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary button-small";
      button.textContent = "Cocher «\u00a0" + t.label + "\u00a0»";
      button.addEventListener("click", function () {
        var c = checkbox(t.code);
        if (c) { c.checked = true; c.dispatchEvent(new Event("change", { bubbles: true })); }
        shown = shown.split(" ").filter(function (code) { return code !== t.code; }).join(" ");
        var said = "«\u00a0" + t.label + "\u00a0» est coché parmi les thèmes du formulaire.";
        var done = document.createElement("span");
        done.tabIndex = -1;
        done.textContent = said;
        while (item.firstChild) { item.removeChild(item.firstChild); }
        item.appendChild(done);
        status.textContent = said;
        var left = Array.prototype.slice.call(list.querySelectorAll("button"));
        var after = left.filter(function (other) { return item.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING; });
        (after[0] || left[left.length - 1] || done).focus();
      });
      item.appendChild(button);
      var why = document.createElement("span");
      why.id = "theme-suggestion-" + t.code.replace(/[^a-z0-9_]/g, "");
      button.setAttribute("aria-describedby", why.id);
      why.className = "hint";
      why.textContent = " " + t.percent + "\u00a0%" + (t.triggers.length ? " — d'après «\u00a0" + t.triggers.join("\u00a0», «\u00a0") + "\u00a0»" : "");
      item.appendChild(why);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function ask() {
    var body = JSON.stringify({ title: title ? title.value : "", text: text.value, chosen: chosen() });
    if (body === last || text.value.trim().length < 40) { return; }
    last = body;
    fetch(box.getAttribute("data-theme-suggestions"), {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
    })
      .then(function (response) { return response.ok ? response.json() : { themes: [] }; })
      .then(function (data) { render(data.themes || []); })
      .catch(function () { /* suggestions are a help, never a blocker */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 700);
  }

  text.addEventListener("input", later);
  if (title) { title.addEventListener("input", later); }
  form.addEventListener("change", function (event) { if (event.target.name === "themes") { later(); } });
  if (text.value.trim()) { later(); }
})();
