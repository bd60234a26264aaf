"""Find common words for harm, fear, self-harm and wanting to die in answers not in English.

The themes and tone cannot be read in these languages, so every such answer already goes to a
person; a match here says it may be a disclosure, so it is read first. The lists are short and
hand-written per language (analysis/data/harm_words.yaml): a regular expression per language is
enough at this size, where a phrase-matching library would add a dependency for a few dozen stems.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).resolve().parent / "data" / "harm_words.yaml"
# Apostrophes a Ukrainian keyboard may type for the one in б'є.
_APOSTROPHES = str.maketrans({"ʼ": "'", "’": "'", "`": "'"})


def fold(text: str) -> str:
    """Lower-case, drop accents and vowel marks, and unify apostrophes and letter forms."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != "\u0640")
    # Arabic letter forms people type interchangeably: alef with hamza or madda, and final ya.
    return kept.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"}))


@cache
def _patterns() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Return, per language, each kind of cue with one pattern matching its words at a word start."""
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    patterns: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for language, kinds in data.items():
        patterns[language] = []
        for kind, words in kinds.items():
            folded = sorted({fold(str(word)) for word in words}, key=len, reverse=True)
            # Arabic and Urdu join prefixes (and, the) to words, so no word start is required there.
            start = "" if language in ("ar", "ur") else r"(?<!\w)"
            alternatives = "|".join(re.escape(word) for word in folded)
            patterns[language].append((kind, re.compile(f"{start}(?:{alternatives})")))
    return patterns


def harm_cues(text: str, language: str | None = None) -> list[str]:
    """Return cues such as "pl harm: bije" found in the text, in the answer's language first.

    An answer typed in another language than the page's is checked against every language.
    """
    folded = fold(text)
    languages = list(_patterns())
    if language in languages:
        languages.remove(language)
        languages.insert(0, language)
    cues: list[str] = []
    for code in languages:
        for kind, pattern in _patterns()[code]:
            match = pattern.search(folded)
            if match:
                cues.append(f"{code} {kind}: {match.group(0)}")
    return cues
