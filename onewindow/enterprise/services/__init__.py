"""Writes of the enterprise app (see projects.py and demands.py)."""
