#!/usr/bin/env python3
"""Writes routing/eval/everyday/kb_queries.tsv: the everyday questions of the knowledge-base
evaluation sets (knowledge-base/eval/queries.tsv and every blind_*/queries.tsv) as calm ("none")
messages for `advieslijn risk eval`: how often do the risk layers flag a question the line
exists to answer?

Those questions were written by helper sessions for the knowledge base, never for risk triage;
no risk phrase, training file or threshold was chosen with them before their first scoring,
after which the phrase faults they showed were mended (docs/routing.md, "Everyday questions
from the knowledge-base sets"): the set is a seen set, a guard rather than a result. Left out: questions the knowledge base
should not answer (expected "none": some tell of danger), and questions whose article is about
one of the nine risk categories (a crisis article, or a topic such as grooming, sexting, low
mood, a head injury, a burn or fever in a child): a question there may tell of a current risk.

Run from the repository root:
    python3 routing/tools/kb_queries_as_everyday.py
"""
import glob

from kb_articles import crisis_article_ids

# Articles of the evaluation sets whose topic is one of the nine risk categories, beside the
# shipped crisis articles (those with "risk"). The list is by topic, not by what the risk
# layers did with their questions.
RISK_TOPICS = {
    "seksualiteit-sexting-naaktfoto",
    "online-veiligheid-grooming",
    "professional-zorgen-over-kind",
    "somberheid-jongere-depressief",
    "ouder-somber-na-bevalling",
    "my-child-bumped-their-head-en",
    "minor-burns-in-children-en",
    "koorts-bij-je-kind",
    "koorts-bij-kinderen",
}

crisis = crisis_article_ids()

seen = set()
rows = []
for path in ["knowledge-base/eval/queries.tsv"] + sorted(glob.glob("knowledge-base/eval/blind*/queries.tsv")):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            lang, expected, _kind, text = line.rstrip("\n").split("\t")[:4]
            text = " ".join(text.split())
            if expected == "none" or expected in crisis or expected in RISK_TOPICS:
                continue
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            rows.append(f"{lang}\tnone\t-\t{text}\n")

with open("routing/eval/everyday/kb_queries.tsv", "w", encoding="utf-8") as out:
    out.writelines(rows)
print(f"{len(rows)} everyday questions ({len(crisis)} crisis articles and {len(RISK_TOPICS)} risk topics left out)")
