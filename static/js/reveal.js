// Shows the full value of a masked ID or phone on an explicit click; the server audits the read.
(function () {
  "use strict";
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function reveal(url, field) {
    var body = new URLSearchParams();
    body.set("field", field);
    return fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin",
    }).then(function (r) { return r.json(); });
  }
  // "拨打监护人电话": reveal the guardian's phone (audited) and offer it as a tel: link.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".call-btn");
    if (!button) return;
    var slot = button.closest("[data-call-url]");
    reveal(slot.getAttribute("data-call-url"), "guardian_phone").then(function (data) {
      if (data.value === undefined) return;
      var link = document.createElement("a");
      link.className = "btn btn-success";
      link.href = "tel:" + data.value;
      link.setAttribute("data-testid", "guardian-tel");
      link.textContent = slot.getAttribute("data-call-label") + " " + data.value;
      slot.replaceChildren(link);
      link.focus();
    });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".reveal-btn");
    if (!button) return;
    var field = button.getAttribute("data-reveal-target");
    var span = document.querySelector('[data-reveal-field="' + field + '"]');
    if (!span) return;
    reveal(span.getAttribute("data-reveal-url"), field)
      .then(function (data) {
        if (data.value !== undefined) {
          span.textContent = data.value;
          button.remove();
        }
      });
  });
})();
