"""Text tools for summaries: a tokeniser, key phrases, typical answers and name detection.

Everything here is plain Python (no NLTK, no downloads) so it runs on a locked-down machine.

* :func:`clauses` splits an answer into lower-case word lists at punctuation, so a phrase never
  runs across a full stop or a comma.
* :func:`key_phrases` counts 1- to 3-word phrases per respondent and scores them by how often
  they occur in a set of answers and how much more often than in a background set
  (a smoothed log ratio), favouring two- and three-word phrases.
* :func:`typicality` scores how typical each answer of a pool is: the mean share of the pool
  that uses each of its content words, so answers made of the pool's common words rank first.
* :func:`names_a_person` says whether an answer may name someone. It errs on the side of
  "yes": a quote that is wrongly held back costs nothing, a named worker or child in a
  published report is a breach.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "STOPWORDS",
    "clauses",
    "has_contact_details",
    "key_phrases",
    "name_spans",
    "names_a_person",
    "phrase_sets",
    "text_facts",
    "typicality",
]

# Function words that carry no topic. Negations and "no one"/"nobody" are deliberately absent:
# "didn't listen" and "nobody asked" are exactly the phrases inspectors want to see.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each even ever
    few for from further get gets got had has have having he her here hers herself him himself
    his how i i'd i'll i'm i've if im in into is it it's its itself just let lets me more most
    much my myself of off on once only or other our ours ourselves out over own really same
    she should so some such than that that's the their theirs them themselves then there
    there's these they they're this those through to too under until up us very was we we're
    were what when where which while who whom why will with would you you're your yours
    yourself yourselves ive id ill youre thats theres theyre dont didnt ok okay
    well like lot lots things thing stuff one ones
    """
)

# Ordinary words. A capitalised word that is not here (and not an allowed proper noun) is
# treated as a possible name. The list is broad on purpose: title-case and all-caps answers
# are common from phones, and every ordinary word missing from it withholds a harmless quote.
_COMMON_TEXT = _words(
    """
a able about above absolutely across act action actually add address adult adults advice
advocacy advocate afraid after afternoon again against age ages ago agree ahead alcohol alive
all allowed almost alone along already alright also although always am amazing an and angry
annoyed annoying another answer answers anxiety anxious any anybody anymore anyone anything
anyway anywhere apart appointment appointments appreciate approach are area arent argue
argument around as ask asked asking assessment assessments at attend attention aware away
awful aye baby back bad badly bag be beat beaten beautiful became because become bed been
before began begin behaviour behind being believe belong best better between big bit bits
blame body bored boring born both bother bottle boy boyfriend boys brave break breakfast
brilliant bring brother brothers brought budget build bullied bully bullying bus busy but by
call called calm came can cannae cant car card care cared carer carers caring case cases
cause caused change changed changes changing chat check checked child childrens children
choice choices choose chosen class clean clear clearly close clothes club cold come comes
comfortable coming communicate communication community complain complaint complaints
completely concern concerned concerns conference conferences confident confusing constantly
contact continue control cool core could couldnt council counselling counsellor couple
course court cousin crap crazy cried cry crying cuddle cut cuts dad daddy dads daily danger
dangerous da dark day days dead deal decide decided decision decisions definitely depressed
depression did didnae didnt die different difficult dinner dinnae do doctor doctors does
doesnae doesnt dog doing done dont door down drink drinking drugs drunk dunno during each
early easier easy eat eating else email emotional end ended ending enough equipment especially
even evening ever every everybody everyone everything exactly example excellent expect
experience explain explained eyes face fact fair family far fast father fault fear feel
feeling feelings feels fell felt few fight fighting find fine finish first fit fix food
for forget forgot form forms forward foster found free friend friendly friends from front
full fun funny future game games gave get gets getting girl girlfriend girls give given gives
giving glad go goes going gone gonnae good got gran grandad grandma grandparents granny grans
great group groups grow grown guess guidance had half hands happen happened happening happens
happier happiest happy hard has hate hated have havent havnae having he head health healthy
hear heard hearing hearings hell help helped helpful helping helps her here herself hes hey
hi high him himself his hit hits hitting hold holiday home homework honest honestly hope
hopefully horrible hospital hour hours house how however hug huge hungry hurt hurts i id idea
if ill im important improve improved improvement in information inside instead interested
interview into involved is isnae isnt issue issues it its itself ive job jobs join judge
judged just keep keeping kept key kid kids kind kinda knew know knowing known knows lack
language last late later laugh lazy learn learning least leave leaving left less let lets
letter life like liked likes listen listened listening listens little live lived lives living
local lonely long longer look looked looking looks lose lost lot lots loud love loved lovely
loves low lucky ma made make makes making mam man managed management manager managers many
matter maw may maybe me mean means meant medication meet meeting meetings member members
mental mess message messages met might mind mine minute minutes miss missed missing mixed
moment money month months mood more morning most mostly mother move moved moving mum mummy
mums much multi must my myself nae name named names nana nasty naw near need needed needs
neglect nervous never new news next nice night nightmares no nobody noise none normal not
nothing notice noticed now number nurse of off offer office officer officers often oh ok okay
old older on once one ones online only open or order other others our out outside over own
pages paid pal pals panel paper paperwork parent parents park part partnership past pay
people person phone pictures place places plan planning plans play played playing please
pleased point police poor positive possible post pressure pretty probably problem problems
process professional professionals progress promise promised properly protect protection
proud pure put question questions quick quickly quiet quite rarely rather read ready real
realise really reason reasons record referral referrals relationship relationships remember
report reports resources respect respected rest review reviews right rights room rubbish
rude rules run running sad safe safer safety said same saw say saying says scared scary
school schools second see seeing seem seemed seems seen send sense sent service services
session sessions set settled shared sharing she shes short should shouldnt shout shouted
shouting show shy sick side sign since sister sisters sit situation sleep sleeping slow small
smile so social some somebody someone something sometimes somewhere son soon sorry sort
sound speak speaking special staff stand start started starting stay stayed staying step
still stop stopped stories story strategic stress stressed stressful strong stuck stuff
stupid such suicidal suicide supervision support supported supportive supposed sure sw
system take taken takes taking talk talked talking talks task teacher teachers team tell
telling tells terrible than thank thanks that thats the their them themselves then there
these they theyre thing things think thinking this those though thought through tidy time
times tired to today together told tomorrow too took top total totally touch town training
trust trusted truth try trying turn turned understand understanding understood unhappy
unless unsafe until up upset us use used useful usually views visit visits voice wait waited
waiting waiting walk want wanted wants was wasnt waste watch way we wean weans wee week
weekend weekends weeks weird welcome well went were what whatever when where whether which
while who whole why wi will wish with without woman wont word words work worked worker workers
working works world worried worries worry worse worst would wouldnae wouldnt write writing
written wrong year years yes yet you young your yourself youse youth yeah yep nope ken tae
fae frae hame greetin bairn bairns wan twa ain aboot didnae doesnae wisnae wasnae couldnae
shouldnae naebody nae ye yer awright braw mingin boggin gallus tbh idk lol omg btw pls plz
ur u r ya cos coz cuz gonna wanna gotta kinda sorta alot thx ty x xx xxx
new news plenty loads less lesser cannot might must shall ought whom whose whoever
one two three four five six seven eight nine ten first second third once twice
every each either neither both few many several enough least
again ago always never sometimes often rarely seldom usually really very quite
advocacy assessment chronology chronologies conference hearing hearings panel plan review
multi-agency agency agencies partnership leadership leaders leader senior strategic quality
assurance resources workload caseload caseloads training supervision colleagues colleague
confidence confident managers manager frontline line first-line practitioners practitioner
named person lead officer reporter children's hearings sheriff
thursday
abuse abused access accessible account accurate achieve across addiction addition address
adequate admin administration adopted adoption agreed aim alcohol allow ambition answered
apply approach appropriate argue arrangements arrive attended available average avoid
awareness barrier barriers basic benefit benefits bereavement big biggest bills board bond
brief broken budget burden burnout capacity career careful carefully caseworker centre chance
chaos cheap child-centred circumstances clarity collaborate collaboration collaborative
comment comments commissioned commitment committed common communicating compassion
compassionate complex condition conflict consistent consistently constant consult
consultation contribution cooperation coordinated coordination cope coping cost costs culture
current currently cut cutbacks data deadline deadlines delay delayed delays deliver delivery
demand demanding department depend described despite detail detailed develop development
difference direct direction disability disabled discuss discussed discussion discussions
distance domestic drop duty education effective effectively effort efforts emergency
encourage encouraged engage engaged engagement environment equal escalate evaluate evaluation
event evidence exist expected expensive expert explanation face factor factors failed failing
failure fairly families feedback finally financial flexible focus focused follow followed
forward frequent frequently frustrated frustrating fund funded funding gap gaps general
generally genuine genuinely goal goals handle handled harder harm hearing helpline hold holistic
home housing ideas immediate immediately impact impossible improving inconsistent increase
increased independent individual informed initial insight integrated interagency intervention
isolated isolation issue joint judgemental keen kindness knowledge lacking largely later
legal level levels limited link listened lives mainly major manage manageable managing
measure measures mentoring mixed monitor monitored monitoring morale motivated moving
multiagency nearly needed negative network nightmare notes numerous obvious occasionally
offered ongoing opinion opinions opportunities opportunity option options outcome outcomes
overall overwhelmed overwhelming particular particularly partner partners pathway pathways
patient peer peers performance period personal phone physical plenty policies policy poverty
practical practice prepared present prevent previous priorities priority private proactive
procedure procedures produce programme provide provided provision purpose quality range
rarely reached reaction reactive realistic reality reasonable receive received recent
recently recognised recommend reduce reduced regular regularly relevant reliable remain remains
repeat repeated repeatedly request required requirements response responsibility responsive
result results return risk risks role roles routine safeguarding schedule secure security
senior sensitive serious share short shortage shortages significant simple single skill skills
smart solution solutions space specialist spent spotted stability stable standard standards
steps strength strengths stretched structure structures struggle struggled struggling
succeed success successful sufficient suggest suggestions supporting sure surgery survey
sustainable target targets teams term terms therapy thorough thoroughly timely timescales
tool tools transition transparent treated treatment trauma trauma-informed unclear
understaffed unsure update updated updates urgent valuable value valued vision voices
volunteer vulnerable warm website welfare whenever wider willing worth young younger
bed bedroom birthday bike bored brekkie cake cat chips classes cooking dancing dinner dog
drawing exams football friends garden gym hobbies homework horse jumper lunch maths music
park pizza playground pocket puppy reading rugby science shop shopping singing swimming
teacher telly tea toys trips uniform walks
"""
)
COMMON = frozenset(_COMMON_TEXT) | STOPWORDS

# Proper nouns that are not people: agencies, places at the scale of a country, days, months,
# languages, apps. They do not identify anyone, and a quote mentioning them stays usable.
ALLOWED_PROPER = _words(
    """
    i i'm im i've ive i'd id i'll ill a ok okay
    monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    christmas easter halloween xmas eid ramadan diwali
    scotland scottish britain british uk england english wales ireland europe
    gaelic polish ukrainian arabic urdu
    nhs camhs gp gps a&e cp cpc cpcc sw scra pvg iro lac tac gcse nat5 s1 s2 s3 s4 s5 s6 p1 p2
    p3 p4 p5 p6 p7 childline parentline police council tv wifi internet covid lockdown
    whatsapp youtube tiktok instagram snapchat facebook google xbox playstation minecraft
    fortnite roblox netflix lego mcdonalds
    """
)

# Common given names (lower case) that are not also ordinary words: matched in any case and at
# any position, since children often type names in lower case at the start of an answer.
_GIVEN_NAMES = _words(
    """
    aaron abbie abby adam aidan aiden ailsa aimee alan alana alastair alex alexander alfie
    alice alison alistair amanda amelia amy andrew andy angela ann anna anne annie archie
    arran ava barry ben beth bethany billy blair brian bruce caitlin callum calum cameron
    carly carol caroline carys catherine charlie charlotte chloe chris christine christopher
    claire clare colin connor craig daniel danny darren david dawn dean debbie demi derek diane
    donna dougie douglas duncan dylan eilidh elaine eleanor ella ellie emily emma eric erin ethan
    euan evie ewan fiona finlay finn fraser freya gary gavin gemma george gillian gordon graham
    grant gregor hamish hannah harris harry harvey heather helen iain ian innes isaac isabella
    isla jack jacqueline jade jake james jamie jane janet jasmine jason jay jen jennifer jenny
    jessica jill jim jimmy joanne jodie joe john johnny jonathan jordan joseph josh joshua julie
    kai karen kate katie katy kayla keith kelly kenny kerr kevin kieran kim kirsty kyle laura
    lauren layla leah lee leo lesley lewis liam lily linda lindsay lisa logan lois lorna lorraine
    louise lucy luke lynn lynne mairi malcolm marie martin mary matthew megan melissa mia
    michael michelle mohammed muhammad molly morag murray nathan neil nicola niamh noah olivia
    oliver paul pauline peter rachel rebecca rhys richard robbie robert ross ruth ryan sam samantha
    sandra sara sarah scott sean shannon sharon shaun sheila sophie stacey stephen steven stewart
    stuart susan suzanne tanya thomas tom tommy tony tracey tracy valerie victoria wendy william
    zoe zara ahmed ali fatima aisha oksana olena olga dmytro andriy piotr kasia katarzyna tomasz
    magda agnieszka marek zainab omar yusuf hassan ibrahim amir
    """
)

# Names that are also ordinary words: treated as names only when capitalised mid-sentence.
_AMBIGUOUS_NAMES = _words(
    """
    will grace hope joy faith rose ruby amber holly ivy daisy lily summer autumn dawn may june
    mark bill jack frank sandy sunny robin drew pat jay kit sky skye star angel brook heather
    jean ray rob chase hunter mason carter
    """
)

_TITLES = r"mr|mrs|ms|miss|mx|dr|prof|sir|dame|pc|sgt|dc|ds|cllr|rev|fr|sr"
_RELATIONS = (
    r"auntie|aunty|aunt|uncle|nana|nanna|nan|papa|granny|grandma|grandpa|grandad|gran|cousin"
)
_ROLES = (
    r"(?:social|key|support|youth|family|link|care|project|residential|school|health)?\s*"
    r"(?:worker|workers)|keyworker|teacher|sw|officer|counsell?or|advocate|carer|manager|boss|"
    r"nurse|doctor|psychologist|psychiatrist|therapist|mentor|befriender|health visitor|"
    r"head ?teacher|guidance teacher|reporter|panel member|"
    r"mum|mam|maw|mother|dad|da|father|step ?dad|step ?mum|brother|sister|friend|pal|boyfriend|"
    r"girlfriend|partner|husband|wife|son|daughter|foster carers?|called|named|name is|name's"
)

_TITLE = rf"\b(?:{_TITLES})\b\.?\s+([^\W\d_][\w'’-]*)"
_RELATION = rf"\b(?:{_RELATIONS})\s+([^\W\d_][\w'’-]*)"
_ROLE = rf"\b(?:{_ROLES})\b,?\s+([^\W\d_][\w'’-]*)"
_TITLE_RE = re.compile(_TITLE, re.IGNORECASE)
_RELATION_RE = re.compile(_RELATION, re.IGNORECASE)
_ROLE_RE = re.compile(_ROLE, re.IGNORECASE)
# The words before a name, each with the same pattern for lower-case ASCII text (a few times
# faster than ignoring case, with the same spans) and whether any word after it is a name.
_BEFORE_NAMES = (
    (_TITLE_RE, re.compile(_TITLE), True),
    (_RELATION_RE, re.compile(_RELATION), False),
    (_ROLE_RE, re.compile(_ROLE), False),
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_HANDLE_RE = re.compile(r"(?<![\w.])@\w{2,}")
_INITIALS_RE = re.compile(r"\b[A-Z]\.(?:\s?[A-Z]\.)*(?=\s|$)")
_SENTENCE_BREAK = re.compile(r"[.!?\n\r:\"“”(…]|^\s*[-*•]")

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_URL_RE = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_PHONE_RE = re.compile(r"(?:\+?\d[\d\s-]{7,}\d)")
_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)

_SUFFIXES = ("'s", "’s", "s", "es", "ed", "d", "ing", "ly", "er", "est", "ies", "ied", "n't")


def _normalise(word: str) -> str:
    return word.lower().replace("’", "'")


# Words that often follow a person's name at the start of a sentence.
_NAME_FOLLOWERS = _words(
    """
    is was has had said says told tells helped helps listens listened never always does did
    doesnt didnt came comes gave gives makes made will would can could took takes and is's
    really just keeps kept knows knew understands understood shouted shouts hit hits
    """
)


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " ,\t":
        position += 1
    return position


def _is_common(word: str) -> bool:
    """Say whether a word (any case) is an ordinary word, allowing simple inflections."""
    w = _normalise(word)
    if w in COMMON or w in ALLOWED_PROPER:
        return True
    base = w.replace("'", "")
    if base in COMMON:
        return True
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)]
            candidates = {stem, stem + "e", stem + "y"}
            if len(stem) > 3 and stem[-1] == stem[-2]:
                candidates.add(stem[:-1])  # stopped -> stop, bigger -> big
            if candidates & COMMON:
                return True
    return False


def _at_sentence_start(text: str, start: int, previous_end: int) -> bool:
    if previous_end < 0:
        return True
    gap = text[previous_end:start]
    return bool(_SENTENCE_BREAK.search(gap))


def _next_word_is_name(word: str, *, strict: bool) -> bool:
    if strict:
        # After Mr/Mrs/Dr anything but a plain function word is a surname.
        return _normalise(word) not in STOPWORDS
    if word[0].isupper() and _normalise(word) not in ALLOWED_PROPER and word != "I":
        return not _is_common(word) or _normalise(word) in _AMBIGUOUS_NAMES
    return not _is_common(word)


def name_spans(text: str) -> list[tuple[int, int]]:
    """Return character spans in ``text`` that may be a person's name, in order."""
    if not text:
        return []
    spans: set[tuple[int, int]] = set()
    lower = text.lower() if text.isascii() else None
    for pattern, lower_case_pattern, strict in _BEFORE_NAMES:
        found = (pattern.finditer(text) if lower is None
                 else lower_case_pattern.finditer(lower))
        for match in found:
            start, end = match.span(1)
            word = text[start:end]
            if strict and match.group(0)[:4].lower() == "miss":
                # "miss" is also a verb: "I miss home" names nobody.
                if not _next_word_is_name(word, strict=False):
                    continue
            elif not _next_word_is_name(word, strict=strict):
                continue
            spans.add((start, end))
    if "@" in text:
        for match in _HANDLE_RE.finditer(text):
            spans.add(match.span())
    previous_end = -1
    for match in _WORD_RE.finditer(text):
        word = match.group()
        lower = _normalise(word)
        gap_start, previous_end = previous_end, match.end()
        if lower in _GIVEN_NAMES:
            spans.add(match.span())
            continue
        if not word[0].isupper() or word in ("I", "A") or lower in ALLOWED_PROPER:
            continue
        # Looked at only for capitalised words (a regular expression a word is costly).
        start_of_sentence = _at_sentence_start(text, match.start(), gap_start)
        if word.isupper() and len(word) <= 2 and not _is_common(word):
            spans.add(match.span())  # initials such as "JS"
            continue
        if not start_of_sentence and lower in _AMBIGUOUS_NAMES:
            spans.add(match.span())
            continue
        if _is_common(word):
            continue
        if start_of_sentence:
            # A capitalised first word is usually just capitalised ("Superb!"); treat it as a
            # name only when what follows reads like a person doing something ("Kirsty helped").
            following = _WORD_RE.match(text, _skip_spaces(text, match.end()))
            if following is None or text[match.end() : following.start()].strip(" ,"):
                continue
            after = following.group()
            if _normalise(after) not in _NAME_FOLLOWERS and (
                not after[0].isupper() or _is_common(after)
            ):
                continue
        spans.add(match.span())
    for match in _INITIALS_RE.finditer(text):
        token = match.group().strip()
        if token not in ("I", "A") and _normalise(token.replace(".", "")) not in ALLOWED_PROPER:
            spans.add(match.span())
    return sorted(spans)


def names_a_person(text: str) -> bool:
    """Say whether ``text`` may name a person (errs towards yes)."""
    return bool(name_spans(text))


def has_contact_details(text: str) -> bool:
    """Say whether ``text`` holds an email, web address, phone number or postcode."""
    return any(
        pattern.search(text) for pattern in (_EMAIL_RE, _URL_RE, _PHONE_RE, _POSTCODE_RE)
    )


_CLAUSE_BREAK = re.compile(r"[.!?,;:()\[\]\"“”…\n\r/]|\s[-–—]\s")


def clauses(text: str, *, skip_spans: Sequence[tuple[int, int]] = ()) -> list[list[str]]:
    """Split text into clauses of lower-case words; words in ``skip_spans`` break a clause.

    Breaking at a skipped word (a possible name) keeps it out of every phrase without joining
    the words either side of it into a phrase that was never written.
    """
    text = text or ""
    if not skip_spans:
        # A break never holds a letter, so splitting at every break first finds the same
        # words. Lower-casing ASCII text first gives the same words too, in one call.
        if text.isascii():
            parts = (_WORD_RE.findall(part) for part in _CLAUSE_BREAK.split(text.lower()))
            return [words for words in parts if words]
        parts = (_WORD_RE.findall(part) for part in _CLAUSE_BREAK.split(text))
        return [[_normalise(word) for word in words] for words in parts if words]
    result: list[list[str]] = []
    current: list[str] = []
    previous_end = 0
    for match in _WORD_RE.finditer(text):
        skipped = any(a <= match.start() < b for a, b in skip_spans)
        if skipped or _CLAUSE_BREAK.search(text[previous_end : match.start()]):
            if current:
                result.append(current)
            current = []
        previous_end = match.end()
        if not skipped:
            current.append(_normalise(match.group()))
    if current:
        result.append(current)
    return result


# Words too general to be a key phrase on their own (they still appear inside phrases).
_WEAK_UNIGRAMS = _words(
    """
    not no never always nobody nothing everything feel felt make made know knew think want
    wanted say said told need needed good bad better great nice people time times way day
    """
)


def _singular(word: str) -> str:
    """Fold a plain plural so "social workers" and "social worker" count together."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ys", "'s")):
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def _fold(phrase: str) -> str:
    return " ".join(_singular(w) for w in phrase.split(" "))


def _phrases_of(clause_list: Iterable[list[str]], max_n: int = 3) -> set[str]:
    found: set[str] = set()
    for words in clause_list:
        # A phrase starts and ends on a word that is not a function word.
        edge = [word not in STOPWORDS for word in words]
        for n in range(1, max_n + 1):
            for i in range(len(words) - n + 1):
                if not (edge[i] and edge[i + n - 1]):
                    continue
                if n == 1:
                    if len(words[i]) >= 3 and words[i] not in _WEAK_UNIGRAMS:
                        found.add(words[i])
                else:
                    found.add(" ".join(words[i : i + n]))
    return found


def phrase_sets(texts: Sequence[str], *, mask_names: bool = True) -> list[set[str]]:
    """Return the set of candidate phrases of each text (names masked out)."""
    return [
        _phrases_of(clauses(t, skip_spans=name_spans(t) if mask_names else ()))
        for t in texts
    ]


class TextFacts(NamedTuple):
    """What a summary uses of one answer's text, found in one reading (:func:`text_facts`)."""

    phrases: set[str]  # phrase_sets: the candidate phrases, names masked out
    words: int  # the number of words (typicality's length)
    content: frozenset[str]  # the distinct content words (typicality's)
    names: bool  # names_a_person


def text_facts(text: str) -> TextFacts:
    """Return the phrases, word counts and possible names of one text, reading it once.

    The same sets, built in the same order, as ``phrase_sets`` and ``typicality`` build.
    """
    spans = name_spans(text)
    found = clauses(text, skip_spans=spans)
    words, content = _count_words(clauses(text) if spans else found)
    return TextFacts(_phrases_of(found), words, content, bool(spans))


def key_phrases(
    target: Sequence[tuple[object, set[str]]],
    background: Sequence[tuple[object, set[str]]] | None = None,
    *,
    top: int = 8,
    min_respondents: int = 5,
) -> list[tuple[str, int, float]]:
    """Return up to ``top`` (phrase, respondents, score) for the target answers, best first.

    ``target`` and ``background`` are (respondent id, phrase set) pairs, e.g. from
    :func:`phrase_sets`. A phrase counts once per respondent, and one used by fewer than
    ``min_respondents`` respondents is never returned (it could identify who wrote it).
    The score is respondents x length weight x (1 + smoothed log ratio of its share of target
    respondents to its share of background respondents), so frequent phrases that are
    distinctive of the target rise; with no background it is frequency alone.
    """
    if top <= 0:
        return []
    # Count on a plural-folded key ("social worker(s)" together) but show the form people
    # used most, so a phrase never reads "told what happen".
    by_phrase: dict[str, set[object]] = {}
    surface: dict[str, Counter[str]] = {}
    respondents_t: set[object] = set()
    for respondent, phrases in target:
        respondents_t.add(respondent)
        for phrase in phrases:
            key = _fold(phrase)
            by_phrase.setdefault(key, set()).add(respondent)
            surface.setdefault(key, Counter())[phrase] += 1
    if not by_phrase:
        return []
    bg_counts: Counter[str] = Counter()
    respondents_b: set[object] = set()
    if background is not None:
        bg_sets: dict[str, set[object]] = {}
        for respondent, phrases in background:
            respondents_b.add(respondent)
            for phrase in phrases:
                key = _fold(phrase)
                if key in by_phrase:
                    bg_sets.setdefault(key, set()).add(respondent)
        bg_counts = Counter({p: len(s) for p, s in bg_sets.items()})
    n_t = len(respondents_t)
    n_b = len(respondents_b)
    scored: list[tuple[str, int, float]] = []
    for phrase, who in by_phrase.items():
        df_t = len(who)
        if df_t < min_respondents:
            continue
        weight = 1.0 + 0.5 * (phrase.count(" "))
        lift = 0.0
        if n_b:
            share_t = (df_t + 0.5) / (n_t + 1)
            share_b = (bg_counts.get(phrase, 0) + 0.5) / (n_b + 1)
            lift = max(0.0, math.log(share_t / share_b))
        scored.append((phrase, df_t, round(df_t * weight * (1.0 + lift), 3)))
    scored.sort(key=lambda item: (-item[2], -item[1], item[0]))
    chosen: list[tuple[str, int, float]] = []
    for phrase, df_t, score in scored:
        # Skip a phrase inside (or around) one already chosen that most of its users share:
        # "feel safe" and "feel safe now" say the same thing twice.
        if any(
            (f" {phrase} " in f" {other} " or f" {other} " in f" {phrase} ")
            and min(df_t, other_df) >= 0.6 * max(df_t, other_df)
            for other, other_df, _ in chosen
        ):
            continue
        chosen.append((phrase, df_t, score))
        if len(chosen) >= top:
            break
    return [(surface[p].most_common(1)[0][0], df_t, score) for p, df_t, score in chosen]


@lru_cache(maxsize=100_000)
def _content_words(text: str) -> tuple[int, frozenset[str]]:
    """Return the number of words in ``text`` and its distinct content words (cached)."""
    return _count_words(clauses(text))


def _count_words(clause_list: list[list[str]]) -> tuple[int, frozenset[str]]:
    words = [w for clause in clause_list for w in clause]
    return len(words), frozenset(w for w in words if w not in STOPWORDS and len(w) > 2)


def typicality(texts: Sequence[str]) -> list[float]:
    """Score how typical each text is of the pool (0 to 1, higher is more typical).

    The score is the mean, over the text's distinct content words, of the share of the pool
    that uses that word, damped for very short answers (under six words) and long ones (over
    forty), which rarely make good quotes.
    """
    words_per_text: list[frozenset[str]] = []
    lengths: list[int] = []
    for text in texts:
        length, content = _content_words(text)
        lengths.append(length)
        words_per_text.append(content)
    frequency: Counter[str] = Counter(w for ws in words_per_text for w in ws)
    pool = max(len(texts), 1)
    scores: list[float] = []
    for words, length in zip(words_per_text, lengths, strict=True):
        if not words:
            scores.append(0.0)
            continue
        base = sum(frequency[w] / pool for w in words) / len(words)
        damp = min(1.0, length / 6) * (1.0 if length <= 40 else 40 / length)
        scores.append(round(base * damp, 6))
    return scores
