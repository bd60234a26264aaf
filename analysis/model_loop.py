# cython: boundscheck=False, wraparound=False
# (For the compiled build: chunk_logits indexes its arrays only with rows and positions it makes
# itself, all in range, and a check on each of some 300 reads an answer costs more than the
# reads. Plain Python ignores this line; tests/analysis/test_model.py checks the loop against
# the numpy path bit for bit.)
"""The learnt model's scoring loop, one answer at a time, for the compiled build.

Kept apart from ``analysis.model`` so that the compiler directives above apply to this loop
and to nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

try:  # C types for the compiled build (analysis/accelerate.py); plain Python ignores them
    import cython
except ImportError:  # pragma: no cover - only where Cython is not installed
    cython = None

if TYPE_CHECKING:
    from analysis.model import Model


def pair_slot_hash(key: int, mask: int) -> int:
    """Return the first slot to try for a pair key (keys are below 2**32, so the product
    stays below 2**64 and C and Python agree)."""
    return ((key * 2654435761) >> 16) & mask


def chunk_logits(
    learnt: Model,
    token_lists: list,
    respondents: list,
    lexicon_themes: list,
    lexicon_labels: list,
    lexicon_polarity: list,
    lexicon_flags: list,
    asks: list,
    logits: np.ndarray,
    number_lists: list | None = None,
) -> None:
    """Write into ``logits`` what ``Model.chunk_probabilities``' numpy path computes before
    the sigmoid, with the same additions in the same order, so the same doubles: one answer at
    a time in C, for the compiled build (in plain Python this loop would be slow).

    ``number_lists``, when given, holds each token's number in ``Model.loop_tables``' word
    numbers (-1 for a word the model does not know), looked up by the caller already.

    An answer's distinct feature rows are taken in increasing order, as the numpy path's sorted
    keys give them, and summed as np.add.reduceat sums them: the first row plus numpy's pairwise
    sum of the rest (one by one below 8; else 8 running sums, combined in pairs, then the
    remainder; numpy itself beyond 128). Then the bias is added to that sum, then the rows of
    the per-answer features one by one, in the numpy path's order.
    """
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    m: cython.Py_ssize_t
    t: cython.Py_ssize_t
    row: cython.int
    prev: cython.int
    cur: cython.int
    pair: cython.int
    at: cython.int
    bits: cython.long
    x: cython.double
    rest: cython.Py_ssize_t
    stop: cython.Py_ssize_t
    total: cython.double
    r0: cython.double
    r1: cython.double
    r2: cython.double
    r3: cython.double
    r4: cython.double
    r5: cython.double
    r6: cython.double
    r7: cython.double
    n: cython.Py_ssize_t = len(token_lists)
    missing: cython.int = len(learnt.index)
    targets: cython.Py_ssize_t = learnt.weights.shape[1]
    padded = np.ascontiguousarray(learnt.padded_weights)
    weights: cython.double[:, ::1] = padded
    bias: cython.double[::1] = np.ascontiguousarray(learnt.bias)
    out: cython.double[:, ::1] = logits
    tables = learnt.loop_tables()
    word_ids: dict = tables[0]
    word_rows: cython.int[::1] = tables[1]
    pair_slots: cython.longlong[::1] = tables[2]
    pair_slot_rows: cython.int[::1] = tables[3]
    mask: cython.ulonglong = len(tables[2]) - 1
    n_words: cython.ulonglong = len(word_ids)
    key: cython.longlong
    slot: cython.ulonglong
    # A typed local, not a literal: Cython keeps a literal this large as a Python number.
    multiplier: cython.ulonglong = 2654435761
    # seen[row] == i: the row is already counted for answer i (each counts once per answer).
    seen_array = np.full(missing + 1, -1, dtype=np.int32)
    seen: cython.int[::1] = seen_array
    longest = max(map(len, token_lists), default=0)
    found_array = np.empty(2 * longest + 1, dtype=np.int32)
    found: cython.int[::1] = found_array
    lookup: dict = learnt.answer_rows
    by_respondent: dict = lookup["respondent"]
    by_label: dict = lookup["label"]
    steps: list = [int(r) for r in lookup["step"]]
    lengths: list = [int(r) for r in lookup["length"]]
    theme_rows: list = [int(r) for r in lookup["themes"]]
    n_themes: cython.Py_ssize_t = len(theme_rows)
    flag_row: cython.int = lookup["flag"]
    question_row: cython.int = lookup["question"]
    # Respondent, label, polarity step, length, flag, question, then one row a theme.
    extra: cython.int[::1] = np.empty(6 + n_themes, dtype=np.int32)
    toks: list
    numbers: list
    given: cython.bint = number_lists is not None
    for i in range(n):
        toks = token_lists[i]
        if given:
            numbers = number_lists[i]
            if len(numbers) != len(toks):  # read below without bounds checks
                raise ValueError("each answer needs one word number a token")
        m = 0
        prev = -1
        for j in range(len(toks)):
            if given:
                cur = numbers[j]
                if cur < 0:
                    prev = -1
                    continue
            else:
                number = word_ids.get(toks[j])
                if number is None:
                    prev = -1
                    continue
                cur = number
            row = word_rows[cur]
            if seen[row] != i:
                seen[row] = i
                found[m] = row
                m += 1
            if prev >= 0:
                # The hash table of learnt pairs (loop_tables), probed in C.
                key = prev * n_words + cur
                slot = ((key * multiplier) >> 16) & mask  # as pair_slot_hash
                pair = -1
                while pair_slots[slot] != -1:
                    if pair_slots[slot] == key:
                        pair = pair_slot_rows[slot]
                        break
                    slot = (slot + 1) & mask
                if pair >= 0 and seen[pair] != i:
                    seen[pair] = i
                    found[m] = pair
                    m += 1
            prev = cur
        if m > 32:
            found_array[:m].sort()
        else:
            for k in range(1, m):  # insertion sort: a few rows, mostly in order already
                row = found[k]
                j = k - 1
                while j >= 0 and found[j] > row:
                    found[j + 1] = found[j]
                    j -= 1
                found[j + 1] = row
        rest = m - 1
        if rest > 128:
            logits[i] = learnt.bias + np.add.reduceat(padded[found_array[:m]], [0], axis=0)[0]
        elif m:
            for t in range(targets):
                if rest < 8:
                    total = 0.0
                    for k in range(1, m):
                        total += weights[found[k], t]
                else:
                    r0 = weights[found[1], t]
                    r1 = weights[found[2], t]
                    r2 = weights[found[3], t]
                    r3 = weights[found[4], t]
                    r4 = weights[found[5], t]
                    r5 = weights[found[6], t]
                    r6 = weights[found[7], t]
                    r7 = weights[found[8], t]
                    stop = 1 + rest - rest % 8
                    k = 9
                    while k < stop:
                        r0 += weights[found[k], t]
                        r1 += weights[found[k + 1], t]
                        r2 += weights[found[k + 2], t]
                        r3 += weights[found[k + 3], t]
                        r4 += weights[found[k + 4], t]
                        r5 += weights[found[k + 5], t]
                        r6 += weights[found[k + 6], t]
                        r7 += weights[found[k + 7], t]
                        k += 8
                    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
                    while k < m:
                        total += weights[found[k], t]
                        k += 1
                out[i, t] = bias[t] + (weights[found[0], t] + total)
        else:
            for t in range(targets):
                out[i, t] = bias[t]
        # The per-answer features, in the numpy path's order.
        extra[0] = by_respondent.get(respondents[i], missing)
        extra[1] = by_label.get(lexicon_labels[i], missing)
        # np.rint: adding and taking away 1.5 * 2**52 rounds to a whole number, ties to even.
        x = lexicon_polarity[i] * 4.0
        x = (x + 6755399441055744.0) - 6755399441055744.0
        at = 0 if x != x else (-4 if x < -4.0 else (4 if x > 4.0 else int(x)))
        extra[2] = steps[at + 4]
        k = len(toks)
        extra[3] = lengths[0 if k <= 1 else (1 if k <= 4 else (3 if k > 25 else 2))]
        extra[4] = flag_row if lexicon_flags[i] else missing
        extra[5] = question_row if asks[i] else missing
        bits = lexicon_themes[i]
        for t in range(n_themes):
            extra[6 + t] = theme_rows[t] if bits & (1 << t) else missing
        for k in range(6 + n_themes):
            row = extra[k]
            for t in range(targets):
                out[i, t] += weights[row, t]
