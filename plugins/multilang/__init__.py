from .multilang import register

__all__ = ["register"]
