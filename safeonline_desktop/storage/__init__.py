"""SQLite storage: tables, engine, unit of work, migrations, backups, the evidence file store."""
