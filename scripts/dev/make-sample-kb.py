#!/usr/bin/env python3
"""Renders the sample knowledge base's error-code articles from the hand-written sources in
scripts/dev/sample-kb/codes-*.txt into kb/en/… (one article per code) and kb/it/… (one article per
code family). The guides in kb/ that are not error-code articles are written by hand and are left
alone. Run from the repository root: python3 scripts/dev/make-sample-kb.py"""
import glob, os, re, shutil

MANUFACTURER = "Aurora Digital Fabrication"
TYPE_NAMES = {"3d-printer": ("3D printers", "Stampanti 3D"), "laser-cutter": ("Laser cutters", "Incisori laser"),
              "cnc-router": ("CNC routers", "Fresatrici CNC")}


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def parse(path):
    ptype, family, codes = None, None, []
    cur = None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("@type "):
            ptype = line[6:].strip()
        elif line.startswith("@family "):
            key, en, it = [p.strip() for p in line[8:].split("|")]
            family = dict(key=key, en=en, it=it)
        elif line.startswith("== "):
            code, models = [p.strip() for p in line[3:].split("|")]
            cur = dict(code=code, models=models.split(","), type=ptype, family=family,
                       checks=[], fixes=[])
            codes.append(cur)
        else:
            tag, _, text = line.partition(": ")
            key = {"EN": "title", "CAUSE": "cause", "IT": "it_title", "IT-CAUSE": "it_cause", "IT-FIX": "it_fix"}.get(tag)
            if tag == "CHECK":
                cur["checks"].append(text)
            elif tag == "FIX":
                cur["fixes"].append(text)
            elif key:
                cur[key] = text
            else:
                raise SystemExit(f"{path}: unknown line {line!r}")
    return codes


def front(**kv):
    out = ["---"]
    for k, v in kv.items():
        if isinstance(v, list):
            out.append(f"{k}: [{', '.join(v)}]")
        else:
            out.append(f'{k}: "{v}"')
    out.append("---")
    return "\n".join(out) + "\n\n"


def main():
    codes = []
    for path in sorted(glob.glob("scripts/dev/sample-kb/codes-*.txt")):
        codes += parse(path)
    for lang in ("en", "it"):
        for t in TYPE_NAMES:
            shutil.rmtree(f"kb/{lang}/{t}/error-codes", ignore_errors=True)
    for c in codes:
        d = f"kb/en/{c['type']}/error-codes"
        os.makedirs(d, exist_ok=True)
        models = " and ".join(c["models"])
        body = front(title=f"{c['code']} {c['title']}", product_types=[c["type"]], product_models=c["models"],
                     error_codes=[c["code"]], language="en",
                     source_url=f"https://support.aurora-fab.example/{c['type']}/{c['code'].lower()}")
        body += f"# {c['code']}: {c['title']}\n\n"
        body += f"Applies to: {MANUFACTURER} {models}. Family: {c['family']['en'].lower()}.\n\n"
        body += f"## What it means\n\n{c['cause']}\n\n"
        if c["checks"]:
            body += "## What to check\n\n" + "".join(f"- {x}\n" for x in c["checks"]) + "\n"
        body += "## How to fix it\n\n" + "".join(f"{i}. {x}\n" for i, x in enumerate(c["fixes"], 1))
        open(f"{d}/{c['code'].lower()}-{slug(c['title'])}.md", "w", encoding="utf-8").write(body)
    families = {}
    for c in codes:
        families.setdefault((c["type"], c["family"]["key"]), []).append(c)
    for (ptype, key), group in families.items():
        d = f"kb/it/{ptype}/error-codes"
        os.makedirs(d, exist_ok=True)
        fam = group[0]["family"]
        models = sorted({m for c in group for m in c["models"]})
        body = front(title=f"{TYPE_NAMES[ptype][1]}: {fam['it'].lower()}", product_types=[ptype], product_models=models,
                     error_codes=[c["code"] for c in group], language="it",
                     source_url=f"https://support.aurora-fab.example/it/{ptype}/{key}")
        body += f"# {TYPE_NAMES[ptype][1]} {MANUFACTURER}: {fam['it'].lower()}\n\n"
        for c in group:
            body += f"## {c['code']}: {c['it_title']}\n\nModelli: {', '.join(c['models'])}.\n\n"
            body += f"**Causa.** {c['it_cause']}\n\n**Soluzione.** {c['it_fix']}\n\n"
        open(f"{d}/{key}.md", "w", encoding="utf-8").write(body)
    print(f"{len(codes)} error codes, {len(codes)} English articles, {len(families)} Italian family articles")


main()
