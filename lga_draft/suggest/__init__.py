"""Stage 2: ranking positions (and their paragraphs) against a question; search and coverage."""
