"""The site's Pelican plugins: each a signal table over the library's functions."""
