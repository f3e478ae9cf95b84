"""Alembic migrations of the workspace database, run programmatically by ``storage.database``."""
