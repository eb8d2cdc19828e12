/* Quinzaine du Japon en Occitanie: sizes the programme's iframes to their content.
   Paste it once after your iframes:
   <script src="…/integrer/integrer.js" async></script>
   Each iframe of the programme (data-quinzaine-programme) tells its height by postMessage;
   only messages from the iframes themselves, from the festival's site, are heeded. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src, window.location.href).origin : "";

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || typeof event.data.quinzaineHeight !== "number") {
      return;
    }
    var frames = document.querySelectorAll("iframe[data-quinzaine-programme]");
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === event.source) {
        var height = Math.max(120, Math.min(20000, Math.ceil(event.data.quinzaineHeight)));
        frames[i].style.height = height + "px";
      }
    }
  });
})();
