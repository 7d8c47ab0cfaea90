// Progressive enhancement only: every page works without this file.
// Hovering a fact highlights its counterpart on the other side and in the facts table.
document.addEventListener("DOMContentLoaded", () => {
  const linked = (id) => document.querySelectorAll(`[data-fact="${id}"]`);
  document.querySelectorAll("mark.fact[data-fact], tr.fact-row[data-fact]").forEach((el) => {
    el.addEventListener("mouseenter", () => linked(el.dataset.fact).forEach((m) => m.classList.add("linked")));
    el.addEventListener("mouseleave", () => linked(el.dataset.fact).forEach((m) => m.classList.remove("linked")));
  });
});
