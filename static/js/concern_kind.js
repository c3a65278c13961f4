// The mandatory-report form: show the chosen kind's rule (whether to call 110, whom else to
// tell, what to note down) as soon as the kind is picked.
(function () {
  "use strict";
  function show(select) {
    var form = select.closest("form");
    form.querySelectorAll(".concern-notice").forEach(function (notice) {
      notice.hidden = notice.getAttribute("data-notice-kind") !== select.value;
    });
  }
  document.querySelectorAll("select[data-concern-kind]").forEach(function (select) {
    show(select);
    select.addEventListener("change", function () { show(select); });
  });
})();
