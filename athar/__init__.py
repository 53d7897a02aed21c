"""Athar (أثر, "trace"): find the detained and disappeared of Syria across scattered records."""

__version__ = "0.1.0"
