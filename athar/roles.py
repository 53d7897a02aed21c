"""The roles of the web app's accounts, in a module of their own so that the CLI's help can name
them without loading the database layer."""

ROLES: tuple[str, ...] = ("admin", "caseworker", "reviewer", "analyst")
