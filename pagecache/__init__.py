"""The page cache: public pages served from Django's cache (and Varnish in production), purged after
commit by whatever changes them. See store.py for the never-stale rule and purges.py for what purges
what."""
