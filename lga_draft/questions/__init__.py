"""A consultation's questions imported from .txt, .md or .docx, and the consultation file `new` writes."""
