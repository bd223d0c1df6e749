"""The checks of `make check`: content, catalogues, the built site, its HTML."""
