"""Search that forgives: case and accents, plurals, and a letter or two wrong.

Every database does the same: words are folded (quinzaine.text.fold) and matched inside
the stored `search_text` of events and venues. A word found nowhere is replaced by the
nearest word of the edition's texts, and the page says so (« Résultats pour « kendo » »).
"""

import difflib
import re

from quinzaine.text import fold

MAX_WORDS = 10
# Shorter words are too easily near another one: « the » is not « thé ».
CORRECTED_FROM = 4
CLOSE_ENOUGH = 0.75
WORD = re.compile(r"\w+")


def search_words(text):
    """Return the folded words of a query, plurals made singular: « Ateliers » → « atelier »."""
    return [singular(word) for word in fold(text).split()[:MAX_WORDS]]


def singular(word):
    """Drop a French or English plural's final s or x: it still matches inside the plural."""
    if len(word) > CORRECTED_FROM and word[-1] in "sx" and word[-2] != "s":
        return word[:-1]
    return word


def corrected(text, texts):
    """Return text with each word found in none of `texts` replaced by their nearest word.

    Returns text itself when every word is found or has no near word.
    """
    words = fold(text).split()[:MAX_WORDS]
    haystack = " ".join(texts)
    vocabulary = None
    fixed = []
    for word in words:
        if len(word) >= CORRECTED_FROM and singular(word) not in haystack:
            if vocabulary is None:
                vocabulary = set(WORD.findall(haystack))
            near = difflib.get_close_matches(word, vocabulary, n=1, cutoff=CLOSE_ENOUGH)
            word = near[0] if near else word
        fixed.append(word)
    fixed = " ".join(fixed)
    return text if fixed == " ".join(words) else fixed
