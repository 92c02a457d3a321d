#!/usr/bin/env python3
"""The editors' lever, measured on used evaluation sets (a progress note, never a result).

The knowledge-gap report shows editors the questions parents really asked; an editor adds
them to the right article as example questions. This script plays that editor on a blind
batch whose questions are already used: per article, the first K of its questions (file
order) are added to its `questions`, and the remaining questions of that article, with every
out-of-scope question, are scored twice with `advieslijn kb eval`: against the articles as
written and against the articles with the added questions.

    knowledge-base/eval/gap_loop.py BINARY K SET...      # SET: blind, blind_2, ... (used sets only)

Prints the totals before and after (top-1, false answers, refusals, ranked first, answered
right). Standard library only; writes only under a temporary directory.
"""
import collections
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

EVAL = pathlib.Path(__file__).resolve().parent


def score(binary, articles, queries):
    out = subprocess.run([binary, "kb", "eval", str(articles), str(queries)],
                         capture_output=True, text=True, check=False).stdout
    line = next(l for l in out.splitlines() if l.startswith("all:"))
    counts = {}
    for name, key in (("top1", "top-1"), ("false_answers", "false answers"),
                      ("refused", "out of scope refused"), ("ranked_first", "ranked first")):
        n, of = re.search(re.escape(key) + r" (\d+)/(\d+)", line).groups()
        counts[name] = (int(n), int(of))
    counts["answered_right"] = (int(re.search(r"answered right (\d+)", line).group(1)), 0)
    return counts


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binary, k, sets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    before, after, of = collections.Counter(), collections.Counter(), collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name in sets:
            src = EVAL / name
            rows = [l.rstrip("\n").split("\t") for l in open(src / "queries.tsv", encoding="utf-8")
                    if l.strip() and not l.startswith("#")]
            by_article = collections.defaultdict(list)
            for r in rows:
                by_article[r[1]].append(r)
            added, test = {}, []
            for expected, rs in by_article.items():
                if expected == "none":
                    test += rs
                else:
                    added[expected] = [r[3] for r in rs[:k]]
                    test += rs[k:]
            edited = pathlib.Path(tmp) / name
            shutil.copytree(src / "articles", edited)
            for f in edited.glob("*/*.json"):
                doc = json.load(open(f, encoding="utf-8"))
                for a in doc if isinstance(doc, list) else [doc]:
                    a["questions"] += added.get(a["id"], [])
                json.dump(doc, open(f, "w", encoding="utf-8"), ensure_ascii=False)
            queries = pathlib.Path(tmp) / f"{name}.tsv"
            queries.write_text("".join("\t".join(r) + "\n" for r in test), encoding="utf-8")
            b, a = score(binary, src / "articles", queries), score(binary, edited, queries)
            for key in b:
                before[key] += b[key][0]
                after[key] += a[key][0]
                of[key] += b[key][1]
    print(f"{len(sets)} sets, {k} questions per article added, the rest scored:")
    for key in ("top1", "ranked_first", "answered_right", "false_answers", "refused"):
        total = f"/{of[key]}" if of[key] else ""
        print(f"  {key:15} {before[key]}{total} -> {after[key]}{total}")


if __name__ == "__main__":
    main()
