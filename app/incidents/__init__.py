"""Incidents and their reviews: timeline, contributing factors, action items."""
