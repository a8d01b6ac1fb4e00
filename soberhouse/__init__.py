"""Soberhouse core: records, rules and reports for sober-living houses.

Nothing in this package imports Qt; the desktop window lives in ``ui``.
"""

__version__ = "0.1.0"
