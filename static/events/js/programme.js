// Filters: empty fields are left out of the URL on submit (the server also redirects a URL
// with empty parameters to the clean one, for browsers without JavaScript).
// "Près de moi": asks the browser for the visitor's position and opens the programme ordered
// by distance from it (rounded to about a kilometre). Refused or unavailable, the town picker
// (#pres-de-moi) opens instead; without JavaScript, the link leads straight to it.
(function () {
  "use strict";

  document.querySelectorAll("form.programme-filter-form, form.near-form, form.programme-search").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        var empty = field.type === "checkbox" ? !field.checked : !field.value.trim();
        if (field.name && empty) {
          field.disabled = true;
        }
      });
      // Fields come back if the visitor returns to this page from the history.
      window.addEventListener("pageshow", function () {
        form.querySelectorAll("[disabled]").forEach(function (field) {
          field.disabled = false;
        });
      });
    });
  });

  // One way of choosing days: a day clears the range (« Ce week-end »), a range the day.
  document.querySelectorAll("form.programme-filter-form").forEach(function (form) {
    var day = form.querySelector("[name=jour]");
    var range = form.querySelectorAll("[name=du], [name=au]");
    if (!day) {
      return;
    }
    day.addEventListener("change", function () {
      if (day.value) {
        range.forEach(function (field) {
          field.value = "";
        });
      }
    });
    range.forEach(function (field) {
      field.addEventListener("change", function () {
        if (field.value) {
          day.value = "";
        }
      });
    });
  });

  // « Imprimer le programme »: the whole selection on one page (?page=tout#imprimer), then
  // the browser's print dialog. The skip link to the filters opens them.
  document.querySelectorAll("[data-print]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = new URL(link.href, window.location.href);
      if (target.search === window.location.search) {
        event.preventDefault();
        window.print();
      }
    });
  });
  if (window.location.hash === "#imprimer") {
    history.replaceState(null, "", window.location.pathname + window.location.search);
    window.addEventListener("load", function () {
      window.print();
    });
  }
  function openFilters() {
    var summary = document.getElementById("filtres");
    if (window.location.hash === "#filtres" && summary) {
      summary.parentElement.open = true;
      summary.focus();
    }
  }
  window.addEventListener("hashchange", openFilters);
  openFilters();
  // Beside the results on wide screens (site.css), the filters are open from the start.
  if (window.matchMedia("(min-width: 1200px)").matches) {
    document.querySelectorAll("details.programme-filters").forEach(function (details) {
      details.open = true;
    });
  }

  // Choosing a town is enough: the list follows (the label says so).
  document.querySelectorAll("form.near-form select").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.value) {
        select.form.requestSubmit();
      }
    });
  });

  if (!("geolocation" in navigator)) {
    return;
  }

  function say(key) {
    document.querySelectorAll("[data-near-status]").forEach(function (node) {
      node.textContent = node.dataset[key] || "";
    });
  }

  function withPosition(address, position) {
    var url = new URL(address, window.location.href);
    url.hash = "";
    ["pres", "page", "lat", "lng"].forEach(function (name) {
      url.searchParams.delete(name);
    });
    url.searchParams.set("lat", position.coords.latitude.toFixed(2));
    url.searchParams.set("lng", position.coords.longitude.toFixed(2));
    return url.toString();
  }

  function openPicker(address) {
    var url = new URL(address, window.location.href);
    if (url.pathname === window.location.pathname && url.search === window.location.search) {
      window.location.hash = "pres-de-moi";
      var select = document.querySelector("#pres-de-moi select");
      if (select) {
        select.focus();
      }
    } else {
      window.location.assign(url.toString());
    }
  }

  function locate(address) {
    say("locating");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        window.location.assign(withPosition(address, position));
      },
      function () {
        say("unavailable");
        openPicker(address);
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  }

  document.querySelectorAll("[data-near-me]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      locate(link.href);
    });
  });
  document.querySelectorAll("[data-geolocate]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      locate(window.location.href);
    });
  });
})();
