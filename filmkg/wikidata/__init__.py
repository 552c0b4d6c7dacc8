"""Linking extracted graphs with Wikidata: the bundled slice, the linker, the online client.

Nothing is loaded at import time; `filmkg.wikidata.slice.load_slice()` reads the
bundled slice on first use and caches it.
"""
