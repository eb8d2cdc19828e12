/* Draws the venues' Leaflet maps from the markers that the page gives in a JSON script. */
(function () {
  "use strict";

  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function popup(marker) {
    // Built from DOM nodes so that venue names are never read as HTML.
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    box.appendChild(link);
    if (marker.town) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(marker.town));
    }
    return box;
  }

  function draw(container) {
    var source = document.getElementById(container.dataset.markers);
    var markers = source ? JSON.parse(source.textContent) : [];
    if (!markers.length || typeof L === "undefined") {
      return;
    }
    container.hidden = false;
    var icon = L.icon({
      iconUrl: container.dataset.iconUrl,
      iconRetinaUrl: container.dataset.iconRetinaUrl,
      shadowUrl: container.dataset.shadowUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    var points = markers.map(function (marker) {
      L.marker([marker.lat, marker.lng], { icon: icon, title: marker.name, alt: marker.name })
        .bindPopup(popup(marker))
        .addTo(map);
      return [marker.lat, marker.lng];
    });
    var zoom = Number(container.dataset.zoom) || 15;
    if (points.length === 1) {
      map.setView(points[0], zoom);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: zoom });
    }
  }

  document.querySelectorAll("[data-venues-map]").forEach(draw);
})();
