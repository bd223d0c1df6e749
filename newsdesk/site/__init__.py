"""Rendering the site: the build driver, its languages, caches, post-build steps and atomic publishing."""
