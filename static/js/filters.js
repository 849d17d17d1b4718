/* The film list's filters disclosure (templates/jinja2/films/film_list.html).
   Progressive enhancement only: <details> opens and closes without this file.
   When a visitor opens it (from its summary, by click or keyboard), focus moves
   to the panel's heading, so a screen reader reads the panel and the next Tab
   reaches its first filter. A static file: the CSP allows no inline script. */
"use strict";
for (const panel of document.querySelectorAll("details[data-focus-on-open]")) {
  const summary = panel.querySelector(":scope > summary");
  const target = panel.querySelector("[tabindex='-1']");
  panel.addEventListener("toggle", () => {
    // Only an opening the visitor asked for: not the `open` the page came with.
    if (panel.open && target && document.activeElement === summary) {
      target.focus();
    }
  });
}
