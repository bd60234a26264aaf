"""Count the analysis's instructions an answer, stage by stage, with valgrind's callgrind.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --dump-before=getppid --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python bench/instructions.py [--answers 2000]
    for f in /tmp/cg.out.[2-5]; do grep -m1 '^summary:' $f; done   # divide each by --answers

Instruction counts are the same on every run, whatever else the machine is doing, so they show
changes far smaller than wall-clock noise. The analysis is warmed up on 3,000 synthetic answers
(seed 11: lexicons compiled, word records made) and then counted on the next ``--answers``,
each stage ended by a call of ``os.getppid()``, which starts a new dump file:

    cg.out.1  set-up (not a figure)
    cg.out.2  sentiment alone (score_sentiment, with each answer's question)
    cg.out.3  the lexicons alone (read_with_lexicons: tokens, spelling, themes, disclosures)
    cg.out.4  analyse_chunk without the learnt model (the two above and the evidence)
    cg.out.5  analyse_chunk, everything; minus cg.out.4, the model
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import synthetic_answers  # noqa: E402

from analysis import pipeline  # noqa: E402
from analysis.sentiment import score_sentiment  # noqa: E402

WARM_UP = 3_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=2_000)
    args = parser.parse_args()
    frame = synthetic_answers(WARM_UP + args.answers, seed=11)
    texts = frame["text"].tolist()
    respondents = frame["respondent"].tolist()
    questions = [q if q.strip() else None for q in frame["question"].tolist()]
    pipeline.warm_up()
    for use_model in (True, False):
        pipeline.analyse_chunk(texts[:WARM_UP], respondents[:WARM_UP], questions[:WARM_UP],
                               use_model=use_model)
    texts, respondents, questions = (
        texts[WARM_UP:], respondents[WARM_UP:], questions[WARM_UP:]
    )
    os.getppid()  # end of the set-up
    score_sentiment(texts, questions)
    os.getppid()
    for text, respondent in zip(texts, respondents, strict=True):
        pipeline.read_with_lexicons(text, respondent)
    os.getppid()
    pipeline.analyse_chunk(texts, respondents, questions, use_model=False)
    os.getppid()
    pipeline.analyse_chunk(texts, respondents, questions)
    os.getppid()


if __name__ == "__main__":
    main()
