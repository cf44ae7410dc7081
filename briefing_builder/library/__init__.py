"""The user's evidence library: sources and items of their own, with their history, kept in a
database (SQLite by default) and read by the catalogue beside the bundled evidence. No Qt.

`store` is the database (it loads SQLAlchemy, so it is imported only where it is needed),
`transfer` moves evidence in and out (spreadsheets, dataset folders), and `evidence` loads the
catalogue the app works from.
"""
