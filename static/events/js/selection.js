// Personal selection, kept in this browser (localStorage), no account.
// A star stands for sessions (data-star-sessions="12 13": a row, a series, or an event's
// upcoming sessions) or, for an event whose dates are not announced yet, for the event
// (data-star-event). Selections made before stars were per session hold event ids; the
// selection page turns those into their sessions (data-adopt-event).
// Star buttons are hidden in the HTML and shown here, so without JavaScript none appears.
// The selection page (/ma-selection/) is rendered by the server from ?seances=…&ids=…;
// this script keeps that query string in line with the stored selection.

const SESSIONS_KEY = "quinzaine.selection.seances";
const EVENTS_KEY = "quinzaine.selection";

function ids(text) {
  return String(text || "")
    .split(/[\s,]+/)
    .map(Number)
    .filter((id) => Number.isInteger(id) && id > 0);
}

function read(key) {
  try {
    const stored = JSON.parse(window.localStorage.getItem(key) || "[]");
    return Array.isArray(stored) ? ids(stored.join(",")) : [];
  } catch {
    return [];
  }
}

function write(key, values) {
  const unique = [...new Set(values)].sort((a, b) => a - b);
  try {
    window.localStorage.setItem(key, JSON.stringify(unique));
  } catch {
    // Private browsing with storage disabled: the selection lasts as long as the page.
  }
  return unique;
}

function targetOf(button) {
  if (button.dataset.starSessions !== undefined) {
    return { key: SESSIONS_KEY, ids: ids(button.dataset.starSessions) };
  }
  return { key: EVENTS_KEY, ids: ids(button.dataset.starEvent) };
}

function isSelected(button) {
  const target = targetOf(button);
  const stored = new Set(read(target.key));
  return target.ids.length > 0 && target.ids.every((id) => stored.has(id));
}

function showState(button) {
  // The icons and translated labels come from the button's data-* attributes.
  const selected = isSelected(button);
  const data = button.dataset;
  button.dataset.selected = selected ? "true" : "false";
  button.querySelector(".star-icon").textContent = selected ? data.iconRemove : data.iconAdd;
  button.querySelector(".star-label").textContent = selected ? data.labelRemove : data.labelAdd;
  // The link to the selection page follows a star, except on that page.
  const link = button.nextElementSibling;
  if (link && link.hasAttribute("data-selection-link")) {
    link.hidden = !selected || Boolean(selectionPage());
  }
}

function selectionPage() {
  return document.querySelector("[data-selection-page]");
}

// Reload the selection page with the stored ids when its query string differs.
function syncSelectionPage() {
  if (!selectionPage()) {
    return;
  }
  const params = new URLSearchParams(window.location.search);
  const wanted = { seances: read(SESSIONS_KEY).join(","), ids: read(EVENTS_KEY).join(",") };
  if (Object.keys(wanted).every((name) => (params.get(name) || "") === wanted[name])) {
    return;
  }
  for (const [name, value] of Object.entries(wanted)) {
    if (value) {
      params.set(name, value);
    } else {
      params.delete(name);
    }
  }
  const query = params.toString();
  window.location.replace(window.location.pathname + (query ? `?${query}` : ""));
}

function adopt() {
  const params = new URLSearchParams(window.location.search);
  if (read(SESSIONS_KEY).length === 0 && read(EVENTS_KEY).length === 0) {
    // A selection link opened in a new browser: adopt what it lists.
    write(SESSIONS_KEY, ids(params.get("seances")));
    write(EVENTS_KEY, ids(params.get("ids")));
  }
  // Events starred before stars were per session: their sessions take their place.
  for (const node of document.querySelectorAll("[data-adopt-event]")) {
    const event = Number(node.dataset.adoptEvent);
    write(EVENTS_KEY, read(EVENTS_KEY).filter((id) => id !== event));
    write(SESSIONS_KEY, [...read(SESSIONS_KEY), ...ids(node.dataset.adoptSessions)]);
  }
}

function init() {
  const page = selectionPage();
  if (page) {
    adopt();
  }
  const buttons = document.querySelectorAll("[data-star-sessions], [data-star-event]");
  for (const button of buttons) {
    showState(button);
    button.hidden = false;
    button.addEventListener("click", () => {
      const target = targetOf(button);
      const stored = read(target.key);
      const chosen = new Set(target.ids);
      write(
        target.key,
        isSelected(button) ? stored.filter((id) => !chosen.has(id)) : [...stored, ...target.ids]
      );
      // A session shows up in several stars (its row, its event's): update them all.
      buttons.forEach(showState);
      syncSelectionPage();
    });
  }
  if (page) {
    page.classList.add("selection-ready");
  }
  syncSelectionPage();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
