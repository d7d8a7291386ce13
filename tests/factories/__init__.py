"""Factories: one module per domain; each builds through the real services and flushes."""
