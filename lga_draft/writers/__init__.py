"""Writers turn a drafted Markdown text into other formats; one module per format.

Importing this package costs nothing: each writer imports its heavy dependencies itself, and the
CLI imports a writer only for the command that needs it.
"""
