"""Overdue accountability, staff assessments, patrols and bulletins."""
