// Material wraps wide Markdown tables in a scrolling box; make each box reachable and
// scrollable by keyboard, with a name (WCAG 2.1.1; axe rule scrollable-region-focusable).
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Tabell");
  });
});
