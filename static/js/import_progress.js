// Polls a background import's status and moves its progress bar; reloads when it is done.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) return;
  var bar = box.querySelector("[data-progress-bar]");
  var label = box.querySelector("[data-progress-label]");
  var meter = box.querySelector("[role=progressbar]");
  function show(percent) {
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    meter.setAttribute("aria-valuenow", String(percent));
  }
  show(parseInt(bar.getAttribute("data-width") || "0", 10));
  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        show(data.progress);
        label.textContent = data.label;
        if (data.working) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
