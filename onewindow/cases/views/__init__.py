"""The case pages (Chinese UI): window workbench, department inbox, applicant pages,
public progress, the case page with its audit trail, and the overdue list."""
