#!/usr/bin/env python3
"""Builds retrieval query sets from ../shared/data/kb/prusa_error_codes at evaluation time (the
shared data is never copied into the repository):

  prusa-it.jsonl        the Italian translation (from Prusa-Firmware-Buddy_it.po) of each error's
                        title and text, against the English catalogue entry (cross-lingual);
  prusa-rephrased.jsonl English questions written here as a customer would put them, labelled
                        by the catalogue entry id they describe.

Relevant ids are catalogue chunk ids "<file>#<entry index>" (Flusso makes one chunk per entry,
numbered from 0 in file order, when the YAML files are ingested by path); every entry with the
same English text (the same error on other printers) counts as relevant.
usage: prusa_queries.py PRUSA_DIR OUT_DIR"""
import json, os, re, sys
import yaml

FILES = ["buddy-error-codes.yaml", "mmu-error-codes.yaml", "sla-error-codes.yaml"]
REPHRASED = [  # (question, catalogue entry id)
    ("my filament got stuck in the extruder and won't move", "STUCK_FILAMENT_DETECTED"),
    ("the heatbed doesn't warm up anymore, preheat error on the bed", "BED_PREHEAT_ERROR"),
    ("nozzle never gets up to temperature when preheating", "HOTEND_PREHEAT_ERROR"),
    ("printer reports thermal runaway on the bed", "BED_THERMAL_RUNAWAY"),
    ("thermal runaway error on the hotend in the middle of a print", "HOTEND_THERMAL_RUNAWAY"),
    ("temperature of the bed is way too high, maxtemp error", "BED_MAXTEMP_ERROR"),
    ("the printer cannot home the X axis", "HOMING_ERROR_X"),
    ("Y axis homing keeps failing", "HOMING_ERROR_Y"),
    ("the hotend fan stopped spinning", "HOTEND_FAN_ERROR"),
    ("print fan is not working, part cooling fan error", "PRINT_FAN_ERROR"),
    ("there is no firmware file on my USB stick for the update", "NO_FW_ON_USB"),
    ("resin level is too low for my print", "RESIN_TOO_LOW"),
    ("the tower of my resin printer fails to home", "TOWER_HOME_FAILED"),
    ("MMU says the filament did not reach the FINDA sensor", "FINDA_DIDNT_TRIGGER"),
    ("the UV LED panel is overheating", "UVLED_HEAT_SINK_FAILED"),
]


def po_translations(path):
    """msgid → msgstr of a gettext .po file (multi-line strings joined)."""
    out, msgid, msgstr, state = {}, None, None, None
    def unquote(s):
        return json.loads(s) if s.startswith('"') else ""
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("msgid "):
            if msgid and msgstr: out[msgid] = msgstr
            msgid, msgstr, state = unquote(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, state = unquote(line[7:]), "str"
        elif line.startswith('"'):
            if state == "id": msgid += unquote(line)
            elif state == "str": msgstr += unquote(line)
        else:
            state = None if not line.startswith("#") else state
    if msgid and msgstr: out[msgid] = msgstr
    return out


def main(prusa_dir, out_dir):
    po = po_translations(os.path.join(prusa_dir, "Prusa-Firmware-Buddy_it.po"))
    entries = []  # (file, index, entry)
    for name in FILES:
        doc = yaml.safe_load(open(os.path.join(prusa_dir, name), encoding="utf-8"))
        for i, e in enumerate(doc["Errors"]):
            entries.append((name, i, e))
    by_text, by_id = {}, {}
    for name, i, e in entries:
        by_text.setdefault(str(e.get("text", "")).strip(), []).append(f"{name}#{i}")
        by_id.setdefault(e.get("id"), []).append(f"{name}#{i}")
    os.makedirs(out_dir, exist_ok=True)
    seen, n_it = set(), 0
    with open(os.path.join(out_dir, "prusa-it.jsonl"), "w", encoding="utf-8") as f:
        for name, i, e in entries:
            text = str(e.get("text", "")).strip()
            if text in seen or text not in po:
                continue
            seen.add(text)
            title_it = po.get(str(e.get("title", "")), "")
            query = (title_it + ". " if title_it else "") + po[text]
            query = re.sub(r"%\(?[a-z_]*\)?[sd]|%[sd]", "", query).strip()
            f.write(json.dumps({"query": query, "relevant": by_text[text]}, ensure_ascii=False) + "\n")
            n_it += 1
    n_en = 0
    with open(os.path.join(out_dir, "prusa-rephrased.jsonl"), "w", encoding="utf-8") as f:
        for question, entry_id in REPHRASED:
            if entry_id not in by_id:
                print(f"warning: no catalogue entry with id {entry_id}", file=sys.stderr)
                continue
            f.write(json.dumps({"query": question, "relevant": by_id[entry_id]}) + "\n")
            n_en += 1
    print(f"{n_it} Italian and {n_en} rephrased English queries in {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: prusa_queries.py PRUSA_DIR OUT_DIR")
    main(sys.argv[1], sys.argv[2])
