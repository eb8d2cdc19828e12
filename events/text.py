import unicodedata


def fold(text):
    """Return text lowercased and without accents, so "Été" and "ete" match in searches."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
