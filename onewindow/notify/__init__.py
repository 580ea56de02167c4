"""Notification outbox: every SMS and e-mail OneWindow sends, stored, with pluggable backends."""
