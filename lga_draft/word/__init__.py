"""Word: the one way in (`export.to_docx`, a rendered draft to .docx) and the one way out
(`read.read_draft`, a signed-off .docx back to its positions), and what they share."""
