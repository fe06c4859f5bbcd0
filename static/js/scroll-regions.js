/* A table wider than the screen scrolls sideways inside Bootstrap's .table-responsive: a keyboard
   must reach the wrapper to scroll it (WCAG 2.1.1). Only a wrapper that does scroll becomes a tab
   stop, a named region; again after a resize and after htmx swaps part of the page. */
(() => {
  const mark = () => document.querySelectorAll(".table-responsive").forEach((box) => {
    const scrolls = box.scrollWidth > box.clientWidth;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.dataset.scrollLabel || "Table, scrolls sideways");
      box.dataset.scrollRegion = "";
    } else if (!scrolls && "scrollRegion" in box.dataset) {
      ["tabindex", "role", "aria-label", "data-scroll-region"].forEach((name) => box.removeAttribute(name));
    }
  });
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", mark);
})();
