/* A table wider than its box (scroll_table of templates/macros/ui.html: the review's eight columns on a phone)
 * scrolled sideways with nothing to say so: a reader saw « Pa… » cut at the screen's edge and took it for the
 * whole table. Above each such box, while its table overflows, a short line says « Faites défiler le tableau
 * horizontalement » (the box is already a labelled region that takes the keyboard focus, so its arrow keys scroll
 * it); the box is described by that line (aria-describedby) only while the line is shown. Measured again when the
 * box changes size (a phone turned, a window widened). Without JavaScript the table scrolls as before. */
(function () {
  "use strict";

  var boxes = document.querySelectorAll(".table-scroll");
  if (!boxes.length) {
    return;
  }

  function described(box, id, on) {
    var ids = (box.getAttribute("aria-describedby") || "").split(" ").filter(function (part) {
      return part && part !== id;
    });
    if (on) {
      ids.push(id);
    }
    if (ids.length) {
      box.setAttribute("aria-describedby", ids.join(" "));
    } else {
      box.removeAttribute("aria-describedby");
    }
  }

  var pairs = [];

  function measure(pair) {
    var box = pair[0];
    var hint = pair[1];
    var overflows = box.scrollWidth > box.clientWidth + 1;
    hint.hidden = !overflows;
    described(box, hint.id, overflows);
  }

  Array.prototype.forEach.call(boxes, function (box, index) {
    var hint = document.createElement("p");
    hint.className = "scroll-hint no-print";
    hint.id = "defilement-tableau-" + (index + 1);
    hint.hidden = true;
    hint.textContent = "Faites défiler le tableau horizontalement ";
    var arrow = document.createElement("span");
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = "\u2192";
    hint.appendChild(arrow);
    box.parentNode.insertBefore(hint, box);
    pairs.push([box, hint]);
  });

  function measureAll() {
    pairs.forEach(measure);
  }

  measureAll();

  if (window.ResizeObserver) {
    var observer = new ResizeObserver(measureAll);
    Array.prototype.forEach.call(boxes, function (box) {
      observer.observe(box);
    });
  } else {
    window.addEventListener("resize", measureAll);
  }
})();
