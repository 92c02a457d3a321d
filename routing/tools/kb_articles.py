"""The shipped knowledge-base articles as the risk tools read them (imported by the scripts
beside this file; run them from the repository root)."""
import glob
import json


def shipped_articles():
    """Every article of knowledge-base/articles, file by file in name order."""
    for path in sorted(glob.glob("knowledge-base/articles/*/*.json")):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        yield from doc if isinstance(doc, list) else doc.get("articles", [doc])


def crisis_article_ids():
    """The ids of the crisis articles: those with a "risk" category."""
    return {a["id"] for a in shipped_articles() if a.get("risk")}
