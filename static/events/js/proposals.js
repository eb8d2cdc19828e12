// The « Proposer un événement » form, made handier where scripts run:
// - « Ajouter une séance » adds a session row (without scripts, blank rows are already there);
// - each venue select becomes a combobox (ARIA 1.2 pattern) filtering venues by name and
//   town, accents and case ignored; the select stays in the page and carries the value.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Texts in the page's language, given by the template.
  var texts = {};

  function text(name, number) {
    return (texts[name] || "").replace("%s", String(number));
  }

  function enhanceVenue(select) {
    if (select.dataset.enhanced) return;
    select.dataset.enhanced = "1";
    var row = select.closest("[data-session]");
    var newVenue = row ? row.querySelector(".new-venue") : null;
    var venues = [];
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
        venues.push({
          value: option.value,
          name: option.textContent,
          town: group.label,
          folded: fold(option.textContent + " " + group.label),
        });
      });
    });

    var wrapper = document.createElement("div");
    wrapper.className = "venue-combobox";
    var input = document.createElement("input");
    var listId = select.id + "-liste";
    input.type = "text";
    input.id = select.id + "-saisie";
    input.className = select.className.replace("form-select", "form-control").replace("venue-select", "");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.placeholder = text("placeholder");
    if (select.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
    }
    if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", "true");
    var list = document.createElement("ul");
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");

    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = input.id;
      if (!label.id) label.id = select.id + "-etiquette";
      list.setAttribute("aria-labelledby", label.id);
    }
    select.hidden = true;
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    wrapper.appendChild(select);

    var shown = [];
    var active = -1;

    function chosen() {
      for (var i = 0; i < venues.length; i += 1) {
        if (venues[i].value === select.value) return venues[i];
      }
      return null;
    }

    function labelOf(venue) {
      return venue.name + " (" + venue.town + ")";
    }

    function toggleNewVenue() {
      if (newVenue) newVenue.hidden = Boolean(select.value);
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      active = index;
      Array.prototype.forEach.call(options, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      shown = venues.filter(function (venue) {
        return words.every(function (word) {
          return venue.folded.indexOf(word) !== -1;
        });
      });
      list.textContent = "";
      shown.forEach(function (venue, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.appendChild(document.createTextNode(venue.name + " "));
        var town = document.createElement("span");
        town.className = "venue-town";
        town.textContent = "· " + venue.town;
        option.appendChild(town);
        option.addEventListener("mousedown", function (event) {
          // Before the input loses focus, so the choice is not lost with it.
          event.preventDefault();
          pick(venue);
        });
        list.appendChild(option);
      });
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "venue-combobox-none";
        none.textContent = text("none");
        list.appendChild(none);
      }
      if (!shown.length) status.textContent = text("none");
      else status.textContent = shown.length > 1 ? text("many", shown.length) : text("one");
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function pick(venue) {
      select.value = venue ? venue.value : "";
      input.value = venue ? labelOf(venue) : "";
      select.dispatchEvent(new Event("change", { bubbles: true }));
      toggleNewVenue();
      close();
    }

    var current = chosen();
    if (current) input.value = labelOf(current);
    toggleNewVenue();

    input.addEventListener("input", function () {
      var venue = chosen();
      if (venue && input.value !== labelOf(venue)) {
        select.value = "";
        toggleNewVenue();
      }
      open();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) open();
        highlight(Math.min(active + 1, shown.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!list.hidden) highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          pick(shown[active]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          pick(null);
        }
      }
    });
    input.addEventListener("blur", close);
  }

  function enhanceRow(row) {
    Array.prototype.forEach.call(row.querySelectorAll("select.venue-select"), enhanceVenue);
  }

  function isBlank(row) {
    var fields = row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), select, textarea");
    return Array.prototype.every.call(fields, function (field) {
      return !field.value;
    });
  }

  function setUpSessions(block) {
    var template = block.querySelector("template[data-session-template]");
    var button = block.querySelector("[data-add-session]");
    var listNode = block.querySelector("[data-session-list]");
    var total = block.querySelector('input[name$="-TOTAL_FORMS"]');
    var max = block.querySelector('input[name$="-MAX_NUM_FORMS"]');
    if (!template || !button || !listNode || !total) return;
    // Without scripts the page carries spare blank rows; here rows are added on demand, so
    // trailing blank ones go, down to two or to one after the saved sessions.
    var initial = parseInt(block.querySelector('input[name$="-INITIAL_FORMS"]').value, 10);
    var keep = Math.max(2, initial + 1);
    var rows = listNode.querySelectorAll("[data-session]");
    for (var i = rows.length - 1; i >= keep && isBlank(rows[i]); i -= 1) {
      rows[i].remove();
      total.value = String(i);
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      var legend = row.querySelector("legend");
      if (legend) legend.textContent = text("session", index + 1);
      listNode.appendChild(row);
      total.value = String(index + 1);
      enhanceRow(row);
      var first = row.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    });
  }

  var block = document.querySelector("[data-sessions]");
  if (!block) return;
  texts = {
    session: block.dataset.textSession,
    placeholder: block.dataset.textPlaceholder,
    none: block.dataset.textNone,
    one: block.dataset.textOne,
    many: block.dataset.textMany,
  };
  setUpSessions(block);
  Array.prototype.forEach.call(document.querySelectorAll("[data-session-list] [data-session]"), enhanceRow);
})();
