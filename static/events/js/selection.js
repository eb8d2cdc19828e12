// Personal selection: starred event ids kept in this browser (localStorage), no account.
// Star buttons are hidden in the HTML and shown here, so without JavaScript none appears.
// The selection page (/ma-selection/) is rendered by the server from ?ids=…; this script
// keeps that query string in line with the stored selection.

const STORAGE_KEY = "quinzaine.selection";

function readSelection() {
  try {
    const ids = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "[]");
    return Array.isArray(ids) ? ids.filter((id) => Number.isInteger(id) && id > 0) : [];
  } catch {
    return [];
  }
}

function writeSelection(ids) {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(unique));
  } catch {
    // Private browsing with storage disabled: the selection lasts as long as the page.
  }
  return unique;
}

function showState(button, selected) {
  // The icons and translated labels come from the button's data-* attributes.
  const data = button.dataset;
  button.dataset.selected = selected ? "true" : "false";
  button.querySelector(".star-icon").textContent = selected ? data.iconRemove : data.iconAdd;
  button.querySelector(".star-label").textContent = selected ? data.labelRemove : data.labelAdd;
  // The link to the selection page follows a starred event, except on that page.
  const link = button.nextElementSibling;
  if (link && link.hasAttribute("data-selection-link")) {
    link.hidden = !selected || Boolean(selectionPage());
  }
}

function selectionPage() {
  return document.querySelector("[data-selection-page]");
}

// Reload the selection page with the stored ids when its query string differs.
function syncSelectionPage(ids) {
  if (!selectionPage()) {
    return;
  }
  const params = new URLSearchParams(window.location.search);
  const wanted = ids.join(",");
  if ((params.get("ids") || "") === wanted) {
    return;
  }
  if (wanted) {
    params.set("ids", wanted);
  } else {
    params.delete("ids");
  }
  const query = params.toString();
  window.location.replace(window.location.pathname + (query ? `?${query}` : ""));
}

function init() {
  let ids = readSelection();
  const page = selectionPage();
  if (page && ids.length === 0) {
    // A selection link opened in a new browser: adopt its events.
    const shared = (new URLSearchParams(window.location.search).get("ids") || "")
      .split(",")
      .map(Number)
      .filter((id) => Number.isInteger(id) && id > 0);
    ids = writeSelection(shared);
  }
  for (const button of document.querySelectorAll("[data-star-event]")) {
    const id = Number(button.dataset.starEvent);
    showState(button, ids.includes(id));
    button.hidden = false;
    button.addEventListener("click", () => {
      const current = readSelection();
      const selected = current.includes(id);
      ids = writeSelection(selected ? current.filter((other) => other !== id) : [...current, id]);
      // An event may show up in several rows of the programme: update every star of it.
      for (const other of document.querySelectorAll(`[data-star-event="${id}"]`)) {
        showState(other, !selected);
      }
      syncSelectionPage(ids);
    });
  }
  if (page) {
    page.classList.add("selection-ready");
  }
  syncSelectionPage(ids);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
