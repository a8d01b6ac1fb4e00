"""Tier conditions read from outside meetings (registered with soberhouse.progression)."""
