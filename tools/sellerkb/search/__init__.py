"""Local search: a Whoosh index of the valid cases, kept fresh before every search.

Importing this package must stay light: it loads Whoosh, not MkDocs, the site or the
model (the model is imported only when cases changed and must be validated).
"""
