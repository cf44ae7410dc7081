"""Alembic's environment: runs the migrations on the connection the library hands it."""

from alembic import context

from briefing_builder.library.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
