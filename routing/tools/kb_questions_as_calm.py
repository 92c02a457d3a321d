#!/usr/bin/env python3
"""Writes routing/data/risk_train_kb.tsv: the example questions and titles of the shipped
knowledge-base articles (crisis articles and RISK_ADJACENT ones left out) as calm ("none") training messages for the
risk classifier. They are the everyday questions the line exists for; without them the
classifier only knows calm messages that share words with risk (the hard negatives) and learns
that "nacht" or "slapen" point to a teenager with nowhere to sleep.

Run from the repository root after the shipped articles change:
    python3 routing/tools/kb_questions_as_calm.py
"""
from kb_articles import shipped_articles

# Everyday articles whose example questions can tell of a current risk ("someone threatens to
# share my nudes unless I pay", "a man sends my child presents on instagram", "a boy tells me
# he is hit at home"): not calm, so not written as calm. Their questions are for the risk
# layers to judge, not to learn from as "none".
RISK_ADJACENT = {
    "seksualiteit-sexting-naaktfoto",
    "online-veiligheid-grooming",
    "professional-zorgen-over-kind",
}

with open("routing/data/risk_train_kb.tsv", "w", encoding="utf-8") as out:
    for article in shipped_articles():
        if article.get("risk") or article["id"] in RISK_ADJACENT:
            continue
        for text in article.get("questions", []) + [article["title"]]:
            text = " ".join(text.split())
            out.write(f"{article['lang']}\tnone\t-\t{text}\n")
