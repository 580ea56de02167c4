"""The enterprise pages: project cards (projects.py) and demands (demands.py)."""
