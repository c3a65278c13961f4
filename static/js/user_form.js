// The account forms: show only the place the chosen role works at (data-roles on each
// place field), and say when a role is county-wide and needs none.
(function () {
  "use strict";
  document.querySelectorAll("[data-user-form]").forEach(function (form) {
    var role = form.querySelector("[data-role-select]");
    if (!role) {
      return;
    }
    function update() {
      var any = false;
      form.querySelectorAll("[data-scope-field]").forEach(function (wrap) {
        var select = wrap.querySelector("select");
        var roles = (select.getAttribute("data-roles") || "").split(" ");
        var needed = roles.indexOf(role.value) >= 0;
        wrap.hidden = !needed;
        select.disabled = !needed;
        any = any || needed;
      });
      var none = form.querySelector("[data-scope-none]");
      if (none) {
        none.hidden = any || !role.value;
      }
    }
    role.addEventListener("change", update);
    update();
  });
})();
