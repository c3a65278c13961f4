// Prints the sign page from its button; no inline handler, so the CSP can forbid them.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();
