// The period filter: the start and end dates show only for a custom range.
(function () {
  "use strict";
  var select = document.getElementById("id_period");
  if (!select) return;
  function sync() {
    var custom = select.value === "custom";
    document.querySelectorAll(".period-custom").forEach(function (el) {
      el.classList.toggle("d-none", !custom);
    });
  }
  select.addEventListener("change", sync);
  sync();
})();
