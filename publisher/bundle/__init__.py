"""Distribution over low bandwidth: download pages, manifest, podcast feeds and size budgets.

- :mod:`~publisher.bundle.write`: ``write_bundle`` (a release's pages and manifest) and
  ``write_site_index`` (the list of releases and the podcast feeds);
- :mod:`~publisher.bundle.budget`: size budgets, checked at build time;
- :mod:`~publisher.bundle.manifest`, :mod:`~publisher.bundle.page`, :mod:`~publisher.bundle.feed`:
  one output each; :mod:`~publisher.bundle.formatting`: sizes, durations, the build summary.

Nothing is re-exported here, so :mod:`publisher.options` can import the budgets without a cycle.
"""
