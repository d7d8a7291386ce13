"""Tests for the blameless-language checker, its hints, and its endpoint."""
