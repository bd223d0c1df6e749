"""Pelican settings for the hosted site: absolute URLs for feeds, canonical links and the sitemap."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The address the site is served from, without a trailing slash.
SITEURL = os.environ.get("SITEURL", "https://hanoi-convention.github.io").rstrip("/")
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
PRECOMPRESS = True  # .gz and .br beside each text file (newsdesk/site/precompress.py)
