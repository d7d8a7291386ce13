"""Exports: PDF, Markdown and JSON of one review, and backup and restore of everything."""
