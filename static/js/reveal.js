// Shows the full value of a masked ID or phone on an explicit click; the server audits the read.
(function () {
  "use strict";
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".reveal-btn");
    if (!button) return;
    var field = button.getAttribute("data-reveal-target");
    var span = document.querySelector('[data-reveal-field="' + field + '"]');
    if (!span) return;
    var body = new URLSearchParams();
    body.set("field", field);
    fetch(span.getAttribute("data-reveal-url"), {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin",
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.value !== undefined) {
          span.textContent = data.value;
          button.remove();
        }
      });
  });
})();
