"""Exports of one review (PDF, Markdown, JSON) and backup and restore of everything."""
