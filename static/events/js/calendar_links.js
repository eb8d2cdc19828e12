// « S'abonner » opens a webcal:// link: without a calendar app to take it (many phones),
// nothing happens. If the page is still in front a moment later, the help opens with the
// link to copy. « Copier » puts the link on the clipboard.
(function () {
  "use strict";

  var WAIT_MS = 1500;

  document.querySelectorAll(".calendar-links").forEach(function (box) {
    var help = box.querySelector("[data-calendar-help]");
    var subscribe = box.querySelector(".calendar-subscribe");
    var copy = box.querySelector("[data-copy-url]");
    if (subscribe && help) {
      subscribe.addEventListener("click", function () {
        var left = false;
        function away() {
          left = true;
        }
        window.addEventListener("blur", away, { once: true });
        document.addEventListener("visibilitychange", away, { once: true });
        window.setTimeout(function () {
          if (!left && document.visibilityState === "visible") {
            help.open = true;
            help.querySelector("[data-calendar-help-failed]").hidden = false;
            help.scrollIntoView({ block: "nearest" });
          }
        }, WAIT_MS);
      });
    }
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var field = box.querySelector(".calendar-url");
        navigator.clipboard.writeText(field.value).then(function () {
          copy.textContent = copy.dataset.copied;
        });
      });
    }
    box.querySelectorAll(".calendar-url").forEach(function (field) {
      field.addEventListener("focus", function () {
        field.select();
      });
    });
  });
})();
