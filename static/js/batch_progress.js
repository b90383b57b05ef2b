// Batch pairing run page: polls the run's state and updates the <progress> bar; reloads when done.
(function () {
  "use strict";
  var box = document.querySelector(".run-progress[data-state-url]");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var text = document.getElementById("avancement-texte");
  function poll() {
    fetch(box.getAttribute("data-state-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.value = state.progress;
        bar.textContent = Math.round(state.progress * 100) + "\u00a0%";
        // « En attente — En attente »: the stage is said only when it says more than the status.
        var stage = state.stage && state.stage !== state.status_label ? " — " + state.stage : "";
        text.textContent = state.status_label + stage + " (" + Math.round(state.progress * 100) + "\u00a0%)";
        if (state.finished) { window.location.assign(box.getAttribute("data-page-url")); }
        else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
