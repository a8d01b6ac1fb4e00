"""The Today section: counts of what needs attention, each item one click
from the place to act on it."""
