"""Writes of the reach app; each runs in one transaction and leaves one audit row."""
