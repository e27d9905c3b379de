#!/usr/bin/env python3
"""Validates groundedness.jsonl and prints its counts (as Markdown, for README.md).

Checks: every line parses; the required fields and values; ids unique; every citation is in
chunks and every chunk is cited; every chunk text appears verbatim (modulo whitespace) in the
kb/ file its id names; one text per chunk id and one id per text; verbatim steps are copied
from their chunk; proportions of labels, kinds, languages and splits. Exits 1 on any failure.
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.normpath(os.path.join(HERE, "..", "..", "kb"))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "groundedness.jsonl")

KINDS = {
    "supported": {"verbatim", "paraphrase", "summary"},
    "unsupported": {"off_topic", "wrong_number", "wrong_code", "fabricated", "contradiction"},
    "partial": {"partial"},
}
FIELDS = ["id", "language", "split", "label", "kind", "step", "citations", "chunks"]

errors = []


def fail(msg):
    errors.append(msg)


def norm(s):
    return " ".join(s.split())


rows = []
with open(DATA, encoding="utf-8") as f:
    for lineno, line in enumerate(f, 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            fail("line %d does not parse: %s" % (lineno, e))

ids = collections.Counter(r.get("id") for r in rows)
for i, n in ids.items():
    if n > 1:
        fail("duplicate id %s" % i)

text_of = {}
id_of = {}
kb_cache = {}
for r in rows:
    rid = r.get("id")
    if list(r.keys()) != FIELDS:
        fail("%s: fields %s" % (rid, list(r.keys())))
    if r["language"] not in ("en", "it") or not re.fullmatch(r"g-%s-\d{3}" % r["language"], rid):
        fail("%s: language/id" % rid)
    if r["split"] not in ("dev", "test"):
        fail("%s: split" % rid)
    if r["kind"] not in KINDS.get(r["label"], ()):
        fail("%s: label %s / kind %s" % (rid, r["label"], r["kind"]))
    if not r["step"].strip() or len(re.findall(r"[.!?](\s|$)", r["step"])) > 2:
        fail("%s: step should be one or two sentences" % rid)
    chunk_ids = [c["chunk_id"] for c in r["chunks"]]
    if not r["citations"] or len(set(r["citations"])) != len(r["citations"]):
        fail("%s: citations empty or repeated" % rid)
    for c in r["citations"]:
        if c not in chunk_ids:
            fail("%s: citation %s not in chunks" % (rid, c))
    for c in chunk_ids:
        if c not in r["citations"]:
            fail("%s: chunk %s not cited" % (rid, c))
    for c in r["chunks"]:
        cid, text = c["chunk_id"], c["text"]
        m = re.fullmatch(r"((en|it)/[a-z0-9/-]+)#(\d+)", cid)
        if not m:
            fail("%s: bad chunk id %s" % (rid, cid))
            continue
        if m.group(2) != r["language"]:
            fail("%s: chunk %s in another language" % (rid, cid))
        path = os.path.join(KB, m.group(1) + ".md")
        if path not in kb_cache:
            try:
                with open(path, encoding="utf-8") as f:
                    kb_cache[path] = norm(f.read())
            except OSError:
                kb_cache[path] = None
        if kb_cache[path] is None:
            fail("%s: no kb file for %s" % (rid, cid))
        elif not text.strip() or norm(text) not in kb_cache[path]:
            fail("%s: text of %s is not verbatim in %s" % (rid, cid, path))
        if text_of.setdefault(cid, text) != text:
            fail("%s: chunk id %s used with two texts" % (rid, cid))
        if id_of.setdefault(norm(text), cid) != cid:
            fail("%s: one text under two ids (%s, %s)" % (rid, id_of[norm(text)], cid))
    if r["kind"] == "verbatim":
        step = norm(r["step"]).rstrip(".").lower()
        if not any(step in norm(c["text"]).lower() for c in r["chunks"]):
            fail("%s: verbatim step not found in its chunk" % rid)

# ---- counts
n = len(rows)
by_label = collections.Counter(r["label"] for r in rows)
by_kind = collections.Counter((r["label"], r["kind"]) for r in rows)
by_lang = collections.Counter(r["language"] for r in rows)
by_split = collections.Counter(r["split"] for r in rows)
distinct_chunks = len(text_of)
distinct_files = len({c.split("#")[0] for c in text_of})


def share(k, total):
    return k / total if total else 0.0


if n < 240:
    fail("only %d cases" % n)
if distinct_chunks < 40:
    fail("only %d distinct chunks" % distinct_chunks)
for label, (lo, hi) in {"supported": (0.40, 0.50), "unsupported": (0.35, 0.45), "partial": (0.12, 0.18)}.items():
    if not lo <= share(by_label[label], n) <= hi:
        fail("label %s is %.1f%%" % (label, 100 * share(by_label[label], n)))
if share(by_kind[("supported", "verbatim")], by_label["supported"]) > 0.15:
    fail("verbatim is more than 15% of supported")
if not 0.45 <= share(by_lang["en"], n) <= 0.55:
    fail("language balance")
if not 0.28 <= share(by_split["dev"], n) <= 0.38:
    fail("dev share %.1f%%" % (100 * share(by_split["dev"], n)))
for key in set((r["language"], r["label"], r["kind"]) for r in rows):
    group = [r for r in rows if (r["language"], r["label"], r["kind"]) == key]
    dev = sum(r["split"] == "dev" for r in group)
    if len(group) >= 3 and not 0.2 <= dev / len(group) <= 0.5:
        fail("split of %s: %d dev of %d" % (key, dev, len(group)))

# ---- report
print("%d cases, %d distinct chunks from %d kb files" % (n, distinct_chunks, distinct_files))
print()
print("| label | kind | en | it | dev | test | total |")
print("|---|---|---:|---:|---:|---:|---:|")
for label in ("supported", "unsupported", "partial"):
    for kind in sorted(KINDS[label]):
        g = [r for r in rows if r["label"] == label and r["kind"] == kind]
        print("| %s | %s | %d | %d | %d | %d | %d |" % (
            label, kind,
            sum(r["language"] == "en" for r in g), sum(r["language"] == "it" for r in g),
            sum(r["split"] == "dev" for r in g), sum(r["split"] == "test" for r in g), len(g)))
for label in ("supported", "unsupported", "partial"):
    g = [r for r in rows if r["label"] == label]
    print("| **%s** | all (%.0f%%) | %d | %d | %d | %d | %d |" % (
        label, 100 * share(len(g), n),
        sum(r["language"] == "en" for r in g), sum(r["language"] == "it" for r in g),
        sum(r["split"] == "dev" for r in g), sum(r["split"] == "test" for r in g), len(g)))
print("| **all** | | %d | %d | %d | %d | %d |" % (by_lang["en"], by_lang["it"], by_split["dev"], by_split["test"], n))
two = sum(len(r["chunks"]) > 1 for r in rows)
print()
print("%d cases cite two chunks; verbatim is %.0f%% of supported" % (
    two, 100 * share(by_kind[("supported", "verbatim")], by_label["supported"])))

if errors:
    print()
    for e in errors:
        print("ERROR:", e)
    sys.exit(1)
print("all checks passed")
