/* Draws the venues' Leaflet maps from the markers that the page gives in a JSON script. */
(function () {
  "use strict";

  var ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
  // Pins closer than this, in pixels, are drawn as one group until the map is zoomed in.
  var CLUSTER_RADIUS = 48;
  // Room left of a popup for the zoom buttons, and the width that a popup adds to its text
  // (that room, a right margin, the popup's own margins from venues.css).
  var POPUP_LEFT = 48;
  var POPUP_CHROME = POPUP_LEFT + 10 + 42;

  // Popups and cluster labels are built from DOM nodes, so that no name is ever read as HTML.
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function link(url, text, className) {
    var node = element("a", className, text);
    // Only the site's own pages: the data comes from the server, this keeps it that way.
    if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
      node.href = url;
    }
    return node;
  }

  function sessionItem(session) {
    var item = element("li", "venue-popup-session");
    var when = element("time", "venue-popup-when", session.when);
    when.dateTime = session.datetime;
    item.appendChild(when);
    item.appendChild(link(session.url, session.title, "venue-popup-event"));
    if (session.status) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("span", "badge venue-popup-status", session.status));
    }
    return item;
  }

  function popup(marker, labels) {
    var box = element("div", "venue-popup");
    box.appendChild(element("p", "venue-popup-name", marker.name));
    if (marker.town) {
      box.appendChild(element("p", "venue-popup-town", marker.town));
    }
    // The venue index gives each venue its next sessions; a venue's own page gives none.
    if (marker.sessions) {
      if (marker.sessions.length) {
        var list = element("ul", "venue-popup-sessions");
        marker.sessions.forEach(function (session) {
          list.appendChild(sessionItem(session));
        });
        box.appendChild(list);
      } else {
        box.appendChild(element("p", "venue-popup-none", labels.labelNone));
      }
      var more = element("p", "venue-popup-more");
      more.appendChild(link(marker.url, labels.labelVenue));
      box.appendChild(more);
    }
    return box;
  }

  function clusterIcon(labels) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var inner = element("div");
      var number = element("span", "", String(count));
      // Read with the count by screen readers: "3 lieux proches : afficher".
      number.appendChild(element("span", "visually-hidden", " " + labels.labelCluster));
      inner.appendChild(number);
      return L.divIcon({
        html: inner,
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40),
      });
    };
  }

  function noticeOf(container) {
    var notice = container.dataset.notice && document.getElementById(container.dataset.notice);
    return function (show) {
      if (!notice) {
        return;
      }
      var text = show ? notice.dataset.message : "";
      if (notice.textContent !== text) {
        notice.textContent = text;
      }
    };
  }

  // Say so when none of the tiles asked for could load (offline, tile server blocked); a
  // single failed tile among loaded ones is not worth a message.
  function watchTiles(layer, notify) {
    var loaded = 0;
    var failed = 0;
    layer.on("loading", function () {
      loaded = 0;
      failed = 0;
    });
    layer.on("tileload", function () {
      loaded += 1;
      notify(false);
    });
    layer.on("tileerror", function () {
      failed += 1;
    });
    layer.on("load", function () {
      notify(failed > 0 && loaded === 0);
    });
  }

  function draw(container) {
    var source = document.getElementById(container.dataset.markers);
    var markers = source ? JSON.parse(source.textContent) : [];
    var notify = noticeOf(container);
    if (!markers.length) {
      return;
    }
    if (typeof L === "undefined") {
      container.hidden = true;
      notify(true);
      return;
    }
    var labels = container.dataset;
    var icon = L.icon({
      iconUrl: labels.iconUrl,
      iconRetinaUrl: labels.iconRetinaUrl,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
    });
    // Quarter zoom steps: the region fills the map instead of a third of a wide one.
    var map = L.map(container, { scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false });
    // The zoom buttons' names in the page's language (Leaflet's own are English).
    L.control
      .zoom({
        zoomInTitle: labels.labelZoomIn || "Zoom in",
        zoomOutTitle: labels.labelZoomOut || "Zoom out",
      })
      .addTo(map);
    // Sharp on phones' dense screens: tiles of the next zoom level at half their size.
    var tiles = L.tileLayer(container.dataset.tiles, {
      maxZoom: 19,
      detectRetina: true,
      attribution: ATTRIBUTION,
    });
    watchTiles(tiles, notify);
    tiles.addTo(map);
    // Without the plugin, pins are drawn one by one, as before.
    var group = L.markerClusterGroup
      ? L.markerClusterGroup({
          maxClusterRadius: CLUSTER_RADIUS,
          showCoverageOnHover: false,
          iconCreateFunction: clusterIcon(labels),
        })
      : L.featureGroup();
    // On a phone, the popup fits beside the zoom buttons (left) with the map's edge in sight.
    var popupOptions = {
      maxWidth: Math.max(180, Math.min(300, container.clientWidth - POPUP_CHROME)),
      autoPanPaddingTopLeft: L.point(POPUP_LEFT, 10),
      autoPanPaddingBottomRight: L.point(10, 10),
    };
    var points = markers.map(function (marker) {
      L.marker([marker.lat, marker.lng], { icon: icon, title: marker.name, alt: marker.name })
        // Built when opened: drawing the map stays one short task.
        .bindPopup(function () {
          return popup(marker, labels);
        }, popupOptions)
        .addTo(group);
      return [marker.lat, marker.lng];
    });
    group.addTo(map);
    var zoom = Number(container.dataset.zoom) || 15;
    if (points.length === 1) {
      map.setView(points[0], zoom);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: zoom });
    }
  }

  document.querySelectorAll("[data-venues-map]").forEach(draw);
})();
