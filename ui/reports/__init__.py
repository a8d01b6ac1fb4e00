"""The Reports section: monthly progress reports, previewed, printed and saved."""
