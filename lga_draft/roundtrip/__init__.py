"""After sign-off: what a signed draft changed (harvest), revisions proposed back, redlines."""
