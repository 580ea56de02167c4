"""Indicators, rollups, the supervision dashboard and exports."""
