// Label every cell of the page's tables with its column header, so that below 576px, where
// app.css turns each row into a card, every value reads "header: value".
(function () {
  "use strict";
  document.querySelectorAll("main table.table:not(.table-keep)").forEach(function (table) {
    var headRow = table.querySelector("thead tr:last-child");
    if (!headRow) {
      return;
    }
    var labels = [];
    Array.prototype.forEach.call(headRow.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i += 1) {
        labels.push(cell.textContent.trim());
      }
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var label = labels[column];
        if (label && cell.colSpan < labels.length && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", label);
        }
        column += cell.colSpan || 1;
      });
    });
  });
})();
