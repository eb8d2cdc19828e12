import unicodedata


def strip_accents(text):
    """Return text with its letters' accents removed ("Nîmes" → "Nimes")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text):
    """Return text lowercased and without accents, so "Été" and "ete" match in searches."""
    return strip_accents(text.casefold())
