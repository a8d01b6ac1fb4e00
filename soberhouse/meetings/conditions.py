"""Tier conditions read from house meetings (registered with soberhouse.progression)."""
