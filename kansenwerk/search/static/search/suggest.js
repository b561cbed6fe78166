// Keyboard support for the header search suggestions (ARIA combobox with a listbox popup).
// HTMX fills #site-search-suggestions; arrows move the active option, Enter opens it,
// Escape closes the list.
(() => {
  const input = document.getElementById("site-search");
  const box = document.getElementById("site-search-suggestions");
  if (!input || !box) return;
  let active = -1;
  const options = () => Array.from(box.querySelectorAll('[role="option"]'));
  const close = () => {
    box.innerHTML = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };
  const mark = (index) => {
    const all = options();
    all.forEach((o, i) => o.setAttribute("aria-selected", i === index ? "true" : "false"));
    active = index;
    if (index >= 0 && all[index]) input.setAttribute("aria-activedescendant", all[index].id);
    else input.removeAttribute("aria-activedescendant");
  };
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target !== box) return;
    active = -1;
    input.setAttribute("aria-expanded", options().length ? "true" : "false");
  });
  input.addEventListener("keydown", (event) => {
    const all = options();
    if (!all.length) return;
    if (event.key === "ArrowDown") { event.preventDefault(); mark((active + 1) % all.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); mark(active <= 0 ? all.length - 1 : active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = all[active].dataset.url; }
  });
  box.addEventListener("mousedown", (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) { event.preventDefault(); window.location.href = option.dataset.url; }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
})();
