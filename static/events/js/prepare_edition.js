// « Préparer l'édition suivante »: a new year brings its proposed name, address and days,
// unless the organiser has already changed them by hand.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  const data = document.getElementById("edition-proposals");
  const form = document.getElementById("prepare-edition-form");
  if (!data || !form) {
    return;
  }
  const proposals = JSON.parse(data.textContent);
  const year = form.elements.year;
  const fields = ["name", "slug", "starts_on", "ends_on"];
  let shown = proposals[year.value] || null;

  year.addEventListener("input", () => {
    const proposal = proposals[year.value];
    if (!proposal) {
      return;
    }
    for (const name of fields) {
      const input = form.elements[name];
      if (!shown || input.value === shown[name] || input.value === "") {
        input.value = proposal[name];
      }
    }
    shown = proposal;
  });
});
