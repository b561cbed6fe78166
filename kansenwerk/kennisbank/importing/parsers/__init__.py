"""One parser per document kind; each turns cleaned lines into a ParsedDocument."""
