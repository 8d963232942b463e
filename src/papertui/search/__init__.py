"""Full-text search: a Whoosh index derived from the store (see `query` for the language)."""
