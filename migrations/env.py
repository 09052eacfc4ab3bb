"""alembic environment for the workspace database.

At run time the app passes an open connection (``config.attributes["connection"]``); the
developer command line (``alembic -c alembic.ini ...``) uses ``sqlalchemy.url`` instead.
No ``fileConfig``: it would silence the app's own loggers.
"""

from alembic import context
from sqlalchemy import create_engine, pool

from safeonline_desktop.storage.models import Base

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


_conn = config.attributes.get("connection")
if _conn is not None:
    _run(_conn)
else:
    with create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool).connect() as c:
        _run(c)
        c.commit()
