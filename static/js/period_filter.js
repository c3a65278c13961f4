// Shows the start and end dates of a list filter only when "custom range" is chosen.
(function () {
  "use strict";
  document.querySelectorAll("[data-period-filter]").forEach(function (form) {
    var select = form.querySelector("select[name=period]");
    if (!select) return;
    function sync() {
      var custom = select.value === "custom";
      form.querySelectorAll(".period-range").forEach(function (el) {
        el.hidden = !custom;
      });
    }
    select.addEventListener("change", sync);
    sync();
  });
})();
