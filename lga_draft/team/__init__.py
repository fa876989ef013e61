"""Keeping a library as a team: init, fmt, schema."""
