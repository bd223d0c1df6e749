"""The Convention section: its structure, references to it in text, its pages and its data."""
