"""The user's own samples: the SQLite store, zip archives, instant adaptation and the samples'
vectors."""
