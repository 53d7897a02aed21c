"""Alembic migrations of Athar's database, shipped inside the package."""
