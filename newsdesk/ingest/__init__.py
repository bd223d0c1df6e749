"""Ingest: raw news pages and text dumps into clean Markdown articles with their metadata."""

import logging

from newsdesk.ingest.pipeline import IngestOptions, ingest_source, render_source

logger = logging.getLogger(__name__)

__all__ = ["IngestOptions", "ingest_source", "render_source"]
