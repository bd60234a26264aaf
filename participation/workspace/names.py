"""The names the workspace's pages give to the keys of the surveys and the analysis, in one place so
that the answers, agreement, comparison and dashboard pages say the same thing.

The findings pages word themes for a report ("Experience of the process"), and the "What you told
us" pages name age bands in full ("Ages 5 to 7"): those wordings are their own and stay with them.
"""

from __future__ import annotations

THEME_NAMES = {
    "wellbeing": "Wellbeing",
    "relationships": "Relationships",
    "process": "Process experience",
    "involvement": "Involvement",
    "leadership": "Leadership",
}
TONE_NAMES = {"positive": "Positive", "neutral": "Neutral", "negative": "Negative"}
# Who each survey hears from.
AUDIENCE_NAMES = {"children": "Children and young people", "parents": "Parents and carers", "staff": "Staff"}
AGE_BAND_NAMES = {"5-7": "5 to 7", "8-11": "8 to 11", "12-17": "12 to 17"}
# The workspace is in English: each language respondents answer in, by its English name.
LANGUAGE_NAMES = {
    "en": "English",
    "gd": "Gaelic",
    "pl": "Polish",
    "uk": "Ukrainian",
    "ar": "Arabic",
    "ur": "Urdu",
}
