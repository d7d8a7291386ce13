"""Integrations: webhooks from real tools, suggestions per incident, service pages."""
