// Apply a facet as soon as its checkbox changes; the submit button stays for keyboard users.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-search-facets]");
  if (form && event.target.type === "checkbox") form.requestSubmit();
});
