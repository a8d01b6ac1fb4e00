"""The Qt desktop window.  Imports :mod:`soberhouse`; never the other way round."""
