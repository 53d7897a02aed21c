"""Counts over the registry: what the maps, facility pages and reports show."""
