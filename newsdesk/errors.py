"""The project's exceptions: every error an editor can cause names a file and, where known, a line."""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)


class ProjectError(Exception):
    """An error in the project's input, printed as ``path:line: message``."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self):
        # Keeps path and line when an error crosses a process boundary.
        return (type(self), (self.message, self.path, self.line))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class ConfigError(ProjectError):
    """A setting is missing, unknown or has a wrong value."""


class CatalogError(ProjectError):
    """A gettext catalogue cannot be read or fails a check."""


class ContentError(ProjectError):
    """A content file lacks required metadata or is malformed."""


class IngestError(ProjectError):
    """A source page cannot be turned into an article."""


class BuildError(ProjectError):
    """The site could not be built."""
