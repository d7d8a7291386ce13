"""Deploys and alerts from other tools: signed webhooks, suggestions per incident, service pages."""
