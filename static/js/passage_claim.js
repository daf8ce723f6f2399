// The words an editor selects in a paragraph (its text, or the text field above) become the quote of a new
// claim. Without this script the editor pastes them: the form works the same.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const quote = document.querySelector("[data-passage-quote]");
  const source = document.querySelector("[data-passage-source]");
  const field = document.getElementById("id_text");
  if (!quote || !source) return;
  const take = (text) => {
    const passage = text.trim();
    if (passage) quote.value = passage;
  };
  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (selection && !selection.isCollapsed && source.contains(selection.anchorNode) && source.contains(selection.focusNode)) {
      take(selection.toString());
    }
  });
  if (field) {
    field.addEventListener("select", () => take(field.value.slice(field.selectionStart, field.selectionEnd)));
  }
});
