"""The domain: pure Python, standard library only (no Qt, no SQL)."""
