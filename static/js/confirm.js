// A form with data-confirm asks before it is sent: transfers, closes and other acts that a
// wrong tap must not trigger. The question may name the form's current choices through
// {field} placeholders, filled from the chosen option's text or the field's value.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (!question) {
      return;
    }
    var text = question.replace(/\{(\w+)\}/g, function (_match, name) {
      // A prefixed form names its fields "transfer-to_school": match the plain name too.
      var field = form.elements[name] || form.querySelector('[name$="-' + name + '"]');
      if (!field) {
        return "";
      }
      if (field.tagName === "SELECT" && field.selectedIndex >= 0) {
        return field.options[field.selectedIndex].text;
      }
      return field.value;
    });
    if (!window.confirm(text)) {
      event.preventDefault();
    }
  });
})();
