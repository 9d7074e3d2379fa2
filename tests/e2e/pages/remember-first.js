// Remembers the first definition, so a test can tell whether a later include replaced it.
window.__first = window.SmileLinkModal;
