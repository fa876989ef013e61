"""lga-draft: draft consultation responses from a cited library of standing positions."""

__version__ = "0.1.0"
