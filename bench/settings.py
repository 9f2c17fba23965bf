"""The storefront's own settings, with one more URL: the trivial view the ratios are measured against."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
