/* The venue form's map: a click or a dragged pin sets the latitude and longitude fields,
   « Trouver d'après l'adresse » asks the server (the national address service) for them. */
(function () {
  "use strict";

  var ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
  // Occitanie as a whole, for a venue not placed yet.
  var REGION = { center: [43.7, 2.4], zoom: 7 };
  var PLACED_ZOOM = 16;

  function field(name) {
    return document.getElementById("id_" + name);
  }

  function degrees(value) {
    return value.toFixed(6);
  }

  // Say so when no tile at all could load (offline, tile server blocked).
  function watchTiles(layer, notice, data) {
    var loaded = 0;
    var failed = 0;
    layer.on("tileload", function () {
      loaded += 1;
      if (notice) {
        notice.textContent = "";
      }
    });
    layer.on("tileerror", function () {
      failed += 1;
    });
    layer.on("load", function () {
      if (notice && failed > 0 && loaded === 0) {
        notice.textContent = data.tilesFailed;
      }
    });
  }

  function setup(container) {
    var latitude = field("latitude");
    var longitude = field("longitude");
    var button = container.parentNode.querySelector("[data-geocode]");
    var status = container.parentNode.querySelector("[data-geocode-status]");
    if (!latitude || !longitude) {
      return;
    }
    if (typeof L === "undefined") {
      container.hidden = true;
      return;
    }
    var data = container.dataset;
    var icon = L.icon({
      iconUrl: data.iconUrl,
      iconRetinaUrl: data.iconRetinaUrl,
      shadowUrl: data.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      shadowSize: [41, 41],
    });
    var map = L.map(container, { scrollWheelZoom: false, zoomControl: false });
    // The zoom buttons' names in the page's language (Leaflet's own are English).
    L.control
      .zoom({
        zoomInTitle: data.labelZoomIn || "Zoom in",
        zoomOutTitle: data.labelZoomOut || "Zoom out",
      })
      .addTo(map);
    var tiles = L.tileLayer(data.tiles, { maxZoom: 19, attribution: ATTRIBUTION });
    watchTiles(tiles, container.parentNode.querySelector("[data-tiles-status]"), data);
    tiles.addTo(map);
    var pin = null;

    function say(text, isError) {
      if (status) {
        status.textContent = text || "";
        status.classList.toggle("is-error", Boolean(isError));
      }
    }

    function current() {
      var lat = parseFloat(latitude.value.replace(",", "."));
      var lng = parseFloat(longitude.value.replace(",", "."));
      return isNaN(lat) || isNaN(lng) ? null : L.latLng(lat, lng);
    }

    function writeFields(point) {
      latitude.value = degrees(point.lat);
      longitude.value = degrees(point.lng);
      latitude.dispatchEvent(new Event("change", { bubbles: true }));
      longitude.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function place(point) {
      if (pin) {
        pin.setLatLng(point);
        return;
      }
      pin = L.marker(point, {
        icon: icon,
        draggable: true,
        title: data.pinLabel,
        alt: data.pinLabel,
      }).addTo(map);
      pin.on("dragend", function () {
        writeFields(pin.getLatLng());
      });
    }

    var initial = current();
    if (initial) {
      place(initial);
      map.setView(initial, PLACED_ZOOM);
    } else {
      map.setView(REGION.center, REGION.zoom);
    }

    map.on("click", function (event) {
      place(event.latlng);
      writeFields(event.latlng);
    });

    // Coordinates typed by hand move the pin.
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("input", function () {
        var point = current();
        if (point) {
          place(point);
          map.panTo(point);
        }
      });
    });

    if (button) {
      button.addEventListener("click", function () {
        var query = ["address", "postcode", "town"]
          .map(function (name) {
            var input = field(name);
            return input ? input.value.trim() : "";
          })
          .filter(Boolean)
          .join(" ");
        say(data.searching);
        button.disabled = true;
        fetch(data.geocodeUrl + "?" + new URLSearchParams({ q: query }), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.json();
          })
          .then(function (answer) {
            if (answer.found) {
              var point = L.latLng(Number(answer.latitude), Number(answer.longitude));
              place(point);
              writeFields(point);
              map.setView(point, PLACED_ZOOM);
            }
            say(answer.message, !answer.found);
          })
          .catch(function () {
            say(data.failed, true);
          })
          .finally(function () {
            button.disabled = false;
          });
      });
    }
  }

  // The admin loads its form's scripts in the page's head, before the form.
  function start() {
    document.querySelectorAll("[data-venue-location-map]").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
