"""executors stage."""
