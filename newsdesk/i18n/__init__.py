"""Translation: gettext catalogues of theme and content, rendering from them, and their checks."""
