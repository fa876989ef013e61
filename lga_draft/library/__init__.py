"""Stage 1: a library folder found, read, validated, indexed and checked into a frozen `Library`."""
