"""The Convention section: cross-reference links and news lists for the chapter and article pages."""

from .convention import register

__all__ = ["register"]
