"""Subcommands of ``soberhouse``, one module per part of the program."""
