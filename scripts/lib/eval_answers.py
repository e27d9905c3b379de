#!/usr/bin/env python3
"""Scores Flusso's answers against reference answers written from the manuals (eval/answers/).

Usage: eval_answers.py FLUSSO_BIN WORK_DIR OUT_JSON SET=KB_DIR... [--unanswerable FILE] [--questions DIR]
                       [--regression KB_DIR FILE,FILE...]

DIR holds SET.jsonl (default eval/answers; eval/answers-dev is the development twin to tune on).

For each set (eval/answers/SET.jsonl) the knowledge base in KB_DIR is copied to WORK_DIR (the
tickets go there, never into the cached knowledge base) and every question is processed as a
ticket by `flusso process` (the whole pipeline, the configured generator chain). Per set it
reports, with the reference implementation of ROUGE (Google's `rouge-score`, no stemming):
  - ROUGE-L F1 and token F1 of the solution's text (probable cause and steps) against the
    reference answer;
  - baseline: the first N words of BM25's top chunk (`rank-bm25` with its defaults over the
    same chunks), N = the length of Flusso's answer to that question;
  - ceiling: the whole chunk that holds the question's labelled passage (`relevant_text`);
  - READY share, mean groundedness, no_documented_fix count, the generate step's p95 in ms.
Unanswerable questions (--unanswerable, each naming its `manual`) are processed the same way; the
share that ends `no_documented_fix` is the share correctly refused.
With --regression, the sample knowledge base's retrieval sets (eval/sample-kb-*.jsonl: query,
relevant articles, error code, model) are answered as tickets over KB_DIR too, as a regression
check only (never tuned on): READY share, answers citing a relevant article, no_documented_fix.
"""

import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile

from rank_bm25 import BM25Okapi
from rouge_score import rouge_scorer

SCORER = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def token_f1(candidate, reference):
    c, r = words(candidate), words(reference)
    if not c or not r:
        return 0.0
    common = {}
    for w in c:
        common[w] = common.get(w, 0) + 1
    overlap = 0
    for w in r:
        if common.get(w, 0) > 0:
            overlap += 1
            common[w] -= 1
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(c), overlap / len(r)
    return 2 * precision * recall / (precision + recall)


def rouge_l(candidate, reference):
    return SCORER.score(reference, candidate)["rougeL"].fmeasure


def letters(text):
    return re.sub(r"[^a-z0-9]", "", text.lower())


def load_chunks(kb_dir):
    db = sqlite3.connect(os.path.join(kb_dir, "flusso.sqlite"))
    rows = db.execute("SELECT chunk_id, doc FROM kb_chunks ORDER BY key").fetchall()
    db.close()
    chunks = []
    for chunk_id, doc in rows:
        chunk = json.loads(doc)
        chunks.append((chunk_id, chunk.get("text", "")))
    return chunks


def solution_text(solution):
    parts = [solution.get("probable_cause", "")]
    parts += [step.get("text", "") for step in solution.get("steps", [])]
    return " ".join(p for p in parts if p).strip()


def process(binary, data_dir, query, index, scratch, error_code=None, model=None, language="en"):
    ticket = {"customer": {"id": "eval"}, "symptom_text": query}
    if language:
        ticket["language"] = language
    if error_code:
        ticket["error_code"] = error_code
    if model:
        ticket["asset"] = {"model": model}
    path = os.path.join(scratch, f"ticket-{index}.json")
    with open(path, "w") as handle:
        json.dump(ticket, handle)
    done = subprocess.run([binary, "process", path, "--json", "--data-dir", data_dir], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"flusso process failed on {query!r}: {done.stderr.strip()[-400:]}")
    result = json.loads(done.stdout)
    solution = result.get("solution") or {}
    generate = next((s for s in result.get("steps", []) if s.get("step") == "generate"), {})
    metrics = solution.get("quality_metrics") or {}
    extractive = next((a for a in solution.get("attempts", []) if a.get("generator") == "extractive"), {})
    return {
        "extractive_ms": extractive.get("duration_ms"),
        "cited": sorted({c.get("chunk_id", "").split("#")[0] for c in solution.get("citations", [])}),
        "status": result.get("status"),
        "text": solution_text(solution),
        "kind": solution.get("kind"),
        "no_documented_fix": bool(solution.get("no_documented_fix")),
        "groundedness": metrics.get("groundedness_score"),
        "generate_ms": generate.get("duration_ms"),
        "generator": solution.get("generator"),
    }


def p95(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def evaluate_set(binary, name, kb_dir, questions, work):
    data_dir = os.path.join(work, name)
    shutil.copytree(kb_dir, data_dir)
    chunks = load_chunks(kb_dir)
    bm25 = BM25Okapi([words(text) for _, text in chunks])
    folded = [letters(text) for _, text in chunks]
    rows = []
    for index, q in enumerate(questions):
        answer = process(binary, data_dir, q["query"], index, work)
        scores = bm25.get_scores(words(q["query"]))
        top = max(range(len(chunks)), key=lambda i: scores[i])
        length = max(len(answer["text"].split()), 1)
        baseline = " ".join(chunks[top][1].split()[:length])
        quotes = [letters(t) for t in q.get("relevant_text", [])]
        holding = next((chunks[i][1] for i, text in enumerate(folded) if any(quote and quote in text for quote in quotes)), "")
        reference = q["reference_answer"]
        rows.append({
            "query": q["query"], "kind": q.get("kind"), "answer_kind": answer["kind"], "status": answer["status"],
            "generator": answer["generator"], "no_documented_fix": answer["no_documented_fix"],
            "groundedness": answer["groundedness"], "generate_ms": answer["generate_ms"],
            "extractive_ms": answer["extractive_ms"], "answer_words": length,
            "rouge_l": rouge_l(answer["text"], reference), "token_f1": token_f1(answer["text"], reference),
            "baseline_rouge_l": rouge_l(baseline, reference), "ceiling_rouge_l": rouge_l(holding, reference) if holding else None,
            "answer": answer["text"],
        })
        print(f"  {name} {index + 1}/{len(questions)}", file=sys.stderr, flush=True)
    mean = lambda key: statistics.fmean(r[key] for r in rows if r[key] is not None) if any(r[key] is not None for r in rows) else None
    summary = {
        "set": name, "questions": len(rows),
        "rouge_l": mean("rouge_l"), "token_f1": mean("token_f1"),
        "baseline_rouge_l": mean("baseline_rouge_l"), "ceiling_rouge_l": mean("ceiling_rouge_l"),
        "ceiling_found": sum(r["ceiling_rouge_l"] is not None for r in rows),
        "ready_share": sum(r["status"] == "READY" for r in rows) / len(rows),
        "groundedness": mean("groundedness"),
        "no_documented_fix": sum(r["no_documented_fix"] for r in rows),
        "generate_p95_ms": p95([r["generate_ms"] for r in rows]),
        "extractive_p95_ms": p95([r["extractive_ms"] for r in rows]),
        "by_kind": {},
    }
    for kind in sorted({r["kind"] for r in rows}):
        subset = [r for r in rows if r["kind"] == kind]
        summary["by_kind"][kind] = {
            "questions": len(subset),
            "rouge_l": statistics.fmean(r["rouge_l"] for r in subset),
            "baseline_rouge_l": statistics.fmean(r["baseline_rouge_l"] for r in subset),
            "answer_kind_right": sum(r["answer_kind"] == kind for r in subset),
        }
    return summary, rows


def evaluate_regression(binary, name, kb_dir, path, work):
    """A sample-KB retrieval set (query, relevant documents, error code, model) answered as tickets:
    READY share, answers citing a relevant document, no_documented_fix, extractive p95."""
    data_dir = os.path.join(work, "regression-" + name)
    if not os.path.exists(data_dir):
        shutil.copytree(kb_dir, data_dir)
    rows = []
    for index, line in enumerate(open(path)):
        q = json.loads(line)
        answer = process(binary, data_dir, q["query"], f"{name}-{index}", work, q.get("error_code"), q.get("product_model"),
                         q.get("language"))
        relevant = set(q.get("relevant", []))
        rows.append({"query": q["query"], "status": answer["status"], "no_documented_fix": answer["no_documented_fix"],
                     "cites_relevant": bool(relevant & set(answer["cited"])), "extractive_ms": answer["extractive_ms"],
                     "groundedness": answer["groundedness"], "kind": answer["kind"]})
    n = max(len(rows), 1)
    return {"set": name, "questions": len(rows), "ready_share": sum(r["status"] == "READY" for r in rows) / n,
            "cites_relevant": sum(r["cites_relevant"] for r in rows) / n,
            "no_documented_fix": sum(r["no_documented_fix"] for r in rows),
            "extractive_p95_ms": p95([r["extractive_ms"] for r in rows])}, rows


def main():
    args = sys.argv[1:]
    unanswerable = None
    regression_kb, regression_sets = None, []
    if "--regression" in args:
        at = args.index("--regression")
        if at + 2 >= len(args):
            print("--regression needs KB_DIR and FILE,FILE...", file=sys.stderr)
            return 2
        regression_kb = args[at + 1]
        regression_sets = args[at + 2].split(",")
        del args[at:at + 3]
    questions_dir = "eval/answers"
    if "--questions" in args:
        at = args.index("--questions")
        questions_dir = args[at + 1]
        del args[at:at + 2]
    if "--unanswerable" in args:
        at = args.index("--unanswerable")
        unanswerable = args[at + 1]
        del args[at:at + 2]
    if len(args) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, work, out = args[0], args[1], args[2]
    sets = dict(pair.split("=", 1) for pair in args[3:])
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    summaries, details = [], {}
    for name, kb_dir in sets.items():
        questions = [json.loads(line) for line in open(os.path.join(root, questions_dir, name + ".jsonl"))]
        summary, rows = evaluate_set(binary, name, kb_dir, questions, work)
        summaries.append(summary)
        details[name] = rows
    refused = None
    if unanswerable:
        questions = [json.loads(line) for line in open(unanswerable)]
        outcomes = []
        scratch = tempfile.mkdtemp(dir=work)
        for index, q in enumerate(questions):
            if q["manual"] not in sets:
                continue
            data_dir = os.path.join(work, q["manual"])
            answer = process(binary, data_dir, q["query"], f"u{index}", scratch)
            outcomes.append({"query": q["query"], "manual": q["manual"], "no_documented_fix": answer["no_documented_fix"],
                             "status": answer["status"], "answer": answer["text"]})
            print(f"  unanswerable {index + 1}/{len(questions)}", file=sys.stderr, flush=True)
        refused = {"questions": len(outcomes), "refused": sum(o["no_documented_fix"] for o in outcomes),
                   "share": sum(o["no_documented_fix"] for o in outcomes) / max(len(outcomes), 1)}
        details["unanswerable"] = outcomes

    regressions = []
    for path in regression_sets:
        name = os.path.splitext(os.path.basename(path))[0]
        summary, rows = evaluate_regression(binary, name, regression_kb, path, work)
        regressions.append(summary)
        details["regression-" + name] = rows
        print(f"  regression {name} done", file=sys.stderr, flush=True)

    print("| set | questions | ROUGE-L F1 | token F1 | baseline: BM25 top, same length | ceiling: the right chunk | READY | groundedness | no documented fix | generate p95 | extractive p95 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    fmt = lambda v: "-" if v is None else f"{v:.3f}"
    for s in summaries:
        print(f"| {s['set']} | {s['questions']} | **{fmt(s['rouge_l'])}** | {fmt(s['token_f1'])} | {fmt(s['baseline_rouge_l'])} | "
              f"{fmt(s['ceiling_rouge_l'])} ({s['ceiling_found']} found) | {s['ready_share']:.2f} | {fmt(s['groundedness'])} | "
              f"{s['no_documented_fix']} | {s['generate_p95_ms'] if s['generate_p95_ms'] is not None else '-'} ms | "
              f"{s['extractive_p95_ms'] if s['extractive_p95_ms'] is not None else '-'} ms |")
    print()
    print("| set | kind | questions | ROUGE-L F1 | baseline | kind decided right |")
    print("|---|---|---|---|---|---|")
    for s in summaries:
        for kind, k in s["by_kind"].items():
            print(f"| {s['set']} | {kind} | {k['questions']} | {k['rouge_l']:.3f} | {k['baseline_rouge_l']:.3f} | {k['answer_kind_right']}/{k['questions']} |")
    if refused:
        print()
        print(f"unanswerable questions correctly refused (no_documented_fix): {refused['refused']}/{refused['questions']} = {refused['share']:.2f}")
    if regressions:
        print()
        print("| sample-KB set (regression) | tickets | READY | cites a relevant article | no documented fix | extractive p95 |")
        print("|---|---|---|---|---|---|")
        for r in regressions:
            print(f"| {r['set']} | {r['questions']} | {r['ready_share']:.2f} | {r['cites_relevant']:.2f} | {r['no_documented_fix']} | "
                  f"{r['extractive_p95_ms'] if r['extractive_p95_ms'] is not None else '-'} ms |")
    with open(out, "w") as handle:
        json.dump({"sets": summaries, "unanswerable": refused, "regressions": regressions, "details": details}, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
