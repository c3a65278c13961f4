// The child form's helpers: reading birth date and sex from the ID (checked by the server's
// own validator), proposing the category from the parents' situation, and filtering villages.
(function () {
  "use strict";
  var form = document.getElementById("child-form");
  if (!form) return;
  var idInput = form.querySelector("#id_id_number");
  var result = document.getElementById("id-check-result");
  var birth = form.querySelector("#id_birth_date");
  var sex = form.querySelector("#id_sex");

  // User-facing text comes translated from the template's data-msg-* attributes (the CSP
  // forbids inline scripts); "{name}" marks where a value goes.
  function msg(key, values) {
    var text = form.getAttribute("data-msg-" + key) || "";
    Object.keys(values || {}).forEach(function (k) {
      text = text.split("{" + k + "}").join(values[k]);
    });
    return text;
  }

  function setIdState(ok, text) {
    if (!result) return;
    result.textContent = text;
    result.classList.toggle("text-danger", !ok);
    result.classList.toggle("text-success", ok);
    idInput.classList.toggle("is-invalid", !ok);
    idInput.classList.toggle("is-valid", ok);
    idInput.setAttribute("aria-invalid", ok ? "false" : "true");
  }

  function checkId() {
    var value = idInput.value.replace(/\s+/g, "").toUpperCase();
    if (value.length < 18) {
      if (value.length === 0) return;
      setIdState(false, msg("id-length", { n: value.length }));
      return;
    }
    var url = form.getAttribute("data-id-check-url") + "?id=" + encodeURIComponent(value) +
      "&exclude=" + encodeURIComponent(form.getAttribute("data-child-pk") || "");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.birth_date) {
          idInput.value = data.number;
          if (birth) birth.value = data.birth_date;
          if (sex) sex.value = data.sex;
        }
        if (data.ok) {
          setIdState(true, msg("id-valid", { birth: data.birth_date, sex: msg(data.sex === "M" ? "male" : "female") }));
        } else {
          setIdState(false, data.error);
        }
        proposeCategory();
      });
  }

  function value(id) {
    var el = form.querySelector(id);
    if (!el) return "";
    if (el.type === "checkbox") return el.checked ? "on" : "off";
    return el.value;
  }

  var proposalSeq = 0;

  function proposeCategory() {
    var seq = ++proposalSeq;
    var box = document.getElementById("category-proposal");
    if (!box || !value("#id_birth_date")) return;
    var params = new URLSearchParams({
      birth_date: value("#id_birth_date"),
      household_type: value("#id_household_type"),
      household_in_county: value("#id_household_in_county"),
      father_status: value("#id_father-status"),
      mother_status: value("#id_mother-status"),
      health: value("#id_health"),
      poverty: value("#id_poverty"),
      guardianship_grade: value("#id_guardianship_grade"),
    });
    fetch(form.getAttribute("data-category-url") + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        // Answers may arrive out of order; only the latest question's answer counts.
        if (!data.ok || seq !== proposalSeq) return;
        var names = {
          is_left_behind: msg("left-behind"),
          is_migrant: msg("migrant"),
          is_in_difficulty: msg("in-difficulty"),
          is_unsupported: msg("unsupported"),
        };
        var picked = Object.keys(names).filter(function (k) { return data[k]; }).map(function (k) { return names[k]; });
        box.hidden = false;
        box.textContent = msg("proposal", {
          categories: picked.length ? picked.join(msg("list-separator")) : msg("no-category"),
        });
        var auto = form.querySelector("#id_derive_categories");
        if (auto && auto.checked) {
          Object.keys(names).forEach(function (k) {
            var cb = form.querySelector("#id_" + k);
            if (cb) cb.checked = !!data[k];
          });
        }
      });
  }

  function filterVillages() {
    var town = form.querySelector("#id_town");
    var village = form.querySelector("#id_village");
    if (!town || !village) return;
    var label = town.options[town.selectedIndex] ? town.options[town.selectedIndex].text : "";
    Array.prototype.forEach.call(village.options, function (opt) {
      if (!opt.value) return;
      opt.hidden = !!town.value && opt.text.indexOf(label) !== 0;
    });
  }

  if (idInput) {
    idInput.addEventListener("change", checkId);
    idInput.addEventListener("input", function () {
      if (idInput.value.replace(/\s+/g, "").length === 18) checkId();
    });
  }
  ["#id_father-status", "#id_mother-status", "#id_household_type", "#id_household_in_county",
   "#id_health", "#id_poverty", "#id_guardianship_grade", "#id_birth_date"].forEach(function (sel) {
    var el = form.querySelector(sel);
    if (el) el.addEventListener("change", proposeCategory);
  });
  var town = form.querySelector("#id_town");
  if (town) town.addEventListener("change", filterVillages);
  filterVillages();
  form.setAttribute("data-ready", "1");
})();

// Masked IDs and phones on the edit form: the "change" button empties the field for a new value, "show in full"
// fills in the stored value from the reveal endpoint, which records the read.
(function () {
  "use strict";
  var form = document.getElementById("child-form");
  if (!form) return;
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  form.addEventListener("click", function (event) {
    var button = event.target.closest(".masked-edit, .masked-reveal");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-input"));
    if (!input) return;
    if (button.classList.contains("masked-edit")) {
      input.placeholder = "";
      input.focus();
      return;
    }
    var body = new URLSearchParams();
    body.set("field", input.getAttribute("data-reveal-field"));
    fetch(form.getAttribute("data-reveal-url"), {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin",
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.value !== undefined) {
          input.value = data.value;
          button.remove();
        }
      });
  });
})();
