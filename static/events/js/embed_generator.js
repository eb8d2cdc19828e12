// The widget generator: « Copier le code » puts the snippet on the clipboard; any choice
// updates the code and the preview at once (the form also works without JavaScript).
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-snippet]");
  var snippet = document.getElementById("embed-snippet");
  if (button && snippet && navigator.clipboard) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(snippet.value).then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  }
  var form = document.querySelector("form.embed-generator");
  if (form) {
    form.addEventListener("change", function () {
      form.querySelectorAll("select, input").forEach(function (field) {
        var empty = field.type === "checkbox" ? !field.checked : !field.value;
        field.disabled = empty;
      });
      form.submit();
    });
  }
})();
