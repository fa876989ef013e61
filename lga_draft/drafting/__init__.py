"""Stage 3: a consultation, its selected positions, the template context and the rendered Markdown."""
