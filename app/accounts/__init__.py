"""Accounts: people, their roles and their preferences."""
