// Asks before an irreversible step (filing a report): buttons carry data-confirm.
// In the report editor, each paragraph is edited as text with its figures as locked
// chips (【label：value】, not editable); the textarea behind it is what is submitted, so
// without JavaScript the same text can be edited directly and the server checks it.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  var CHIP = /【[^【】：:]*[：:][^【】]*】/g;

  function render(editor, text, missingMark) {
    editor.textContent = "";
    var last = 0;
    text.replace(CHIP, function (chip, offset) {
      editor.appendChild(document.createTextNode(text.slice(last, offset)));
      var span = document.createElement("span");
      var missing = chip.indexOf(missingMark) === 0;
      span.className = missing ? "report-chip report-chip-missing" : "report-chip";
      // A missing fact is the officer's to write over; a figure is locked to the data.
      span.contentEditable = missing ? "true" : "false";
      span.textContent = chip;
      editor.appendChild(span);
      last = offset + chip.length;
      return chip;
    });
    editor.appendChild(document.createTextNode(text.slice(last)));
  }

  document.querySelectorAll("form[data-report-editor]").forEach(function (form) {
    var pairs = [];
    form.querySelectorAll("textarea.report-paragraph").forEach(function (area) {
      var editor = document.createElement("div");
      editor.className = "form-control report-editor";
      editor.contentEditable = "true";
      editor.setAttribute("role", "textbox");
      editor.setAttribute("aria-multiline", "true");
      editor.setAttribute("aria-labelledby", area.id + "-label");
      editor.dataset.key = area.dataset.key;
      render(editor, area.value, area.dataset.missing);
      area.hidden = true;
      area.parentNode.insertBefore(editor, area.nextSibling);
      pairs.push([area, editor]);
    });
    form.addEventListener("submit", function () {
      pairs.forEach(function (pair) {
        pair[0].value = pair[1].textContent;
      });
    });
  });
})();
