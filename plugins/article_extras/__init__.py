"""Reading aids for article pages: reading time, neighbours in one language, related articles."""

from .article_extras import register

__all__ = ["register"]
