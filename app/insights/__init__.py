"""Insights: distributions over incidents, reviews and action items, server-rendered charts."""
