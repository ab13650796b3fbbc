"""A real HTTP server for offline mirrors of the site (tests, demo, benchmarks)."""
