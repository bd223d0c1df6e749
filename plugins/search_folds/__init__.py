"""Search terms typed without a language's own letters: "dai hoi dong" finds "Đại hội đồng"."""

from .search_folds import register

__all__ = ["register"]
