"""Use cases: read once, decide with the pure domain, write once. Handlers call these; tests can too."""
