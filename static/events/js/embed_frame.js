// Inside the widget's iframe: tell the partner's page how tall the list is, now and
// whenever it changes (fonts loaded, width changed). integrer.js, on that page, listens.
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var last = 0;
  function tell() {
    var height = document.documentElement.scrollHeight;
    if (height !== last) {
      last = height;
      window.parent.postMessage({ quinzaineHeight: height }, "*");
    }
  }
  if ("ResizeObserver" in window) {
    new ResizeObserver(tell).observe(document.body);
  }
  window.addEventListener("load", tell);
  tell();
})();
