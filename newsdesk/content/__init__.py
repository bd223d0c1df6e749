"""Content files: the header reader, the Markdown block walker and the document model."""
