"""The project's exceptions: every error an editor can cause names a file and, where known, a line."""

from __future__ import annotations

import logging
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Problem:
    """One problem found in the project's input, by any check, the strict build or the catalogue
    tools: printed as ``path:line: message``, or ``path: message`` when the line is not known."""

    path: str
    line: int | None
    message: str
    check: str = ""  # the check that found it, e.g. "links"; printed as "[links]" before the message
    severity: str = "error"  # or "warning": reported, and fatal only where the caller says so

    def __str__(self) -> str:
        text = f"[{self.check}] {self.message}" if self.check else self.message
        return f"{self.path}:{self.line}: {text}" if self.line else f"{self.path}: {text}"

    @classmethod
    def from_error(cls, error: ProjectError, check: str = "", where: str = "") -> Problem:
        """The problem an error names (``where`` when the error names no file)."""
        return cls(error.path or where, error.line, error.message, check)


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
