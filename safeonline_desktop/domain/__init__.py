"""Pure-Python domain: content packs, scales, review rules. Imports neither Qt nor SQLAlchemy."""
