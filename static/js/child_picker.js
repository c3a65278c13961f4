// The child picker (children/picker.py): type part of a name, the ID's last 4 or a class,
// pick from the matches (name · school · class · masked ID); chosen children become chips
// carrying hidden inputs. Results are built with textContent only, never as HTML.
(function () {
  "use strict";
  function chip(picker, item) {
    var name = picker.getAttribute("data-name");
    var span = document.createElement("span");
    span.className = "badge text-bg-primary picker-chip";
    span.setAttribute("data-id", item.id);
    span.textContent = item.name + " · " + item.school + " " + item["class"];
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = item.id;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close btn-close-white ms-1";
    remove.setAttribute("data-picker-remove", "");
    remove.setAttribute("aria-label", picker.getAttribute("data-remove") + " " + item.name);
    span.appendChild(input);
    span.appendChild(remove);
    return span;
  }

  function choose(picker, item) {
    var chosen = picker.querySelector("[data-picker-chosen]");
    if (chosen.querySelector('[data-id="' + item.id + '"]')) {
      return;
    }
    if (!picker.hasAttribute("data-multiple")) {
      chosen.replaceChildren();
    }
    chosen.appendChild(chip(picker, item));
  }

  function show(picker, results) {
    var list = picker.querySelector("[data-picker-results]");
    list.replaceChildren();
    if (!results.length) {
      var none = document.createElement("div");
      none.className = "list-group-item small text-body-secondary";
      none.textContent = picker.getAttribute("data-empty");
      list.appendChild(none);
      return;
    }
    results.forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "list-group-item list-group-item-action picker-result";
      button.setAttribute("role", "option");
      var name = document.createElement("strong");
      name.textContent = item.name;
      var facts = document.createElement("span");
      facts.className = "small text-body-secondary ms-2";
      facts.textContent = [item.school, item["class"], item.id_masked].filter(Boolean).join(" · ");
      button.appendChild(name);
      button.appendChild(facts);
      button.addEventListener("click", function () {
        choose(picker, item);
        if (!picker.hasAttribute("data-multiple")) {
          list.replaceChildren();
        }
        button.remove();
      });
      list.appendChild(button);
    });
  }

  document.querySelectorAll("[data-child-picker]").forEach(function (picker) {
    var input = picker.querySelector("[data-picker-input]");
    var timer = null;
    var asked = 0;
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();  // Enter searches; it must not send the form half-filled
      }
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (!text) {
        picker.querySelector("[data-picker-results]").replaceChildren();
        return;
      }
      timer = window.setTimeout(function () {
        var mine = ++asked;
        var url = picker.getAttribute("data-url");
        url += (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(text);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            if (mine === asked) {
              show(picker, data.results);
            }
          });
      }, 250);
    });
    picker.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-picker-remove]");
      if (remove) {
        remove.closest(".picker-chip").remove();
      }
    });
  });
})();
