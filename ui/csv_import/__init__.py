"""Importing a CSV file: the preview dialog and its table, for every kind of file."""
