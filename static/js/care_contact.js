// The contact forms: a kind button is the only way to save (Enter in a field does not pick
// "家访" by accident), and a form is sent once even if a button is tapped twice.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var target = event.target;
    if (target.tagName === "INPUT" && target.closest(".contact-form")) {
      event.preventDefault();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("contact-form")) return;
    if (form.getAttribute("data-sent") === "1") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sent", "1");
  });
})();
