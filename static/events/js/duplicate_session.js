// Admin, an event's sessions: « Dupliquer » on a row fills the empty new row, or adds one,
// with the same times, place, status, places and note; its start date is selected for the
// new day to be typed.
// A same-day session's end date is left empty: it then ends on its start day (the form).
(function () {
  "use strict";
  var PREFIX = /^sessions-\d+-/;
  var SKIPPED = ["id", "event", "DELETE"];
  var pending = null;

  function group() {
    return document.getElementById("sessions-group");
  }

  function fieldsOf(row) {
    return row.querySelectorAll("input[name], select[name], textarea[name]");
  }

  function valuesOf(row) {
    var values = {};
    fieldsOf(row).forEach(function (field) {
      var option = field.tagName === "SELECT" ? field.selectedOptions[0] : null;
      values[field.name.replace(PREFIX, "")] = {
        value: field.value,
        checked: field.checked,
        text: option ? option.text : "",
      };
    });
    if (values.ends_at_0 && values.starts_at_0 && values.ends_at_0.value === values.starts_at_0.value) {
      values.ends_at_0.value = "";
    }
    return values;
  }

  function fill(row, values) {
    fieldsOf(row).forEach(function (field) {
      var key = field.name.replace(PREFIX, "");
      var given = values[key];
      if (!given || SKIPPED.indexOf(key) !== -1) {
        return;
      }
      if (field.type === "checkbox") {
        field.checked = given.checked;
      } else if (field.tagName === "SELECT") {
        var known = Array.prototype.some.call(field.options, function (option) {
          return option.value === given.value;
        });
        if (given.value && !known) {
          // The place's list fills itself as one types (autocomplete): add the chosen one.
          field.add(new Option(given.text, given.value, true, true));
        }
        field.value = given.value;
        field.dispatchEvent(new Event("change", { bubbles: true }));
      } else {
        field.value = given.value;
      }
    });
    var day = row.querySelector("input[name$='-starts_at_0']");
    if (day) {
      day.focus();
      day.select();
    }
  }

  // A new row nothing was typed in yet (the admin's extra one): the copy goes there.
  function blankRow(sessions, source) {
    var rows = sessions.querySelectorAll("tr.form-row:not(.empty-form)");
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var id = row.querySelector("input[name$='-id']");
      if (row === source || (id && id.value)) {
        continue;
      }
      var typed = Array.prototype.some.call(
        row.querySelectorAll("input[type=text], input[type=number], textarea"),
        function (field) {
          return field.value.trim() !== "";
        }
      );
      if (!typed) {
        return row;
      }
    }
    return null;
  }

  function addButtons() {
    var sessions = group();
    if (!sessions) {
      return;
    }
    sessions.querySelectorAll("tr.form-row:not(.empty-form)").forEach(function (row) {
      if (row.querySelector(".duplicate-session")) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button duplicate-session";
      button.textContent = sessions.dataset.duplicateLabel || "Dupliquer";
      button.addEventListener("click", function () {
        var values = valuesOf(row);
        var blank = blankRow(sessions, row);
        if (blank) {
          fill(blank, values);
        } else {
          pending = values;
          sessions.querySelector(".add-row a").click();
        }
      });
      var cell = row.querySelector("td.delete") || row.lastElementChild;
      cell.appendChild(button);
    });
  }

  document.addEventListener("formset:added", function (event) {
    if (event.detail && event.detail.formsetName === "sessions") {
      if (pending) {
        fill(event.target, pending);
        pending = null;
      }
      addButtons();
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();
