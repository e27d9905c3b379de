#!/usr/bin/env python3
"""Writes eval/sample-kb-en.jsonl and eval/sample-kb-it.jsonl: customer-style queries (written
here, by hand) against the sample knowledge base kb/, labelled with the article that answers
them. Italian queries also accept the Italian family article of the same code.
eval/sample-kb-symptoms.jsonl holds symptoms only (no error code, no product model), in
both languages: the hardest set, where no filter helps.
Run from the repository root: python3 scripts/dev/make-sample-queries.py"""
import glob, json, os

EN = [  # (query, error_code or None, product_model or None, code of the answering article)
    ("printer stopped and says thermal runaway, nozzle temperature dropped", "E101", "AP-200", "E101"),
    ("temperature of the hotend falls suddenly while printing and the print is aborted", None, "AP-300", "E101"),
    ("display shows MINTEMP for the nozzle, reads 0 degrees", None, "AP-200", "E102"),
    ("nozzle temperature shows over 300 degrees although it is cold", None, None, "E103"),
    ("bed stops heating and the printer reports a runaway on the bed", None, "AP-200", "E104"),
    ("hotend never reaches 210, heating timeout after two minutes", None, "AP-300", "E106"),
    ("enclosure gets too hot, chamber alarm during ABS print", None, "AP-300", "E107"),
    ("small fan on the extruder heatsink does not turn", "E108", "AP-200", "E108"),
    ("error about the 24 V supply voltage when the heater starts", None, "AP-200", "E110"),
    ("the X carriage does not home, it grinds against the end", "E201", "AP-300", "E201"),
    ("probe does not detect the bed when homing Z, nozzle crashes into the sheet", None, "AP-200", "E203"),
    ("layers are shifted to the side halfway through the print", None, "AP-200", "E204"),
    ("mesh bed leveling fails with a deviation bigger than 1.5 mm", None, "AP-300", "E205"),
    ("extruder is clicking and filament does not come out", None, "AP-200", "E302"),
    ("nothing comes out of the nozzle, I think it is blocked", None, "AP-300", "E303"),
    ("second tool head cannot be picked from the dock", None, "AP-300", "E305"),
    ("firmware update from USB stopped halfway and the printer does not boot", "E401", "AP-200", "E401"),
    ("printer will not join my 5 GHz wifi network", None, "AP-300", "E403"),
    ("laser says water flow is too low and will not fire", "L101", "AL-40", "L101"),
    ("chiller water is at 32 degrees and the laser gets weaker", None, "AL-60", "L102"),
    ("the laser does not cut through anymore, cuts got weaker over the months", None, "AL-40", "L106"),
    ("air assist weak, lens getting dirty quickly", None, "AL-60", "L107"),
    ("fire inside the laser cutter, machine stopped with a flame alarm", None, "AL-40", "L109"),
    ("lid camera cannot find the calibration card", "L112", "AL-60", "L112"),
    ("design does not fit, job bigger than the bed", None, "AL-40", "L114"),
    ("spindle stalls and the router reports overload in hardwood", None, "AC-1", "C101"),
    ("VFD shows OC and the spindle does not reach speed", None, "AC-2", "C102"),
    ("tool setter does not trigger when measuring tool length", "C105", "AC-1", "C105"),
    ("workpiece moves during the cut, vacuum is weak", None, "AC-2", "C113"),
    ("the computer loses the USB connection in the middle of a job", None, "AC-1", "C114"),
]
IT = [
    ("la stampante si ferma con fuga termica, la temperatura dell'ugello scende", "AP-200", "E101"),
    ("il piano riscaldato non scalda più e compare un errore di fuga termica", "AP-300", "E104"),
    ("la ventola del dissipatore dell'estrusore è ferma", "AP-200", "E108"),
    ("gli strati sono spostati di lato a metà stampa", "AP-200", "E204"),
    ("l'estrusore fa tic tic e il filamento non esce", "AP-300", "E302"),
    ("non esce niente dall'ugello, credo sia otturato", "AP-200", "E303"),
    ("la chiavetta USB non viene letta dalla stampante", "AP-300", "E402"),
    ("il laser segnala flusso d'acqua insufficiente e non spara", "AL-40", "L101"),
    ("il coperchio è chiuso ma dice interblocco aperto", "AL-60", "L103"),
    ("la potenza del laser è calata, non taglia più il compensato", "AL-40", "L106"),
    ("fiamma nell'area di lavoro, la macchina si è fermata", "AL-60", "L109"),
    ("il mandrino si blocca per sovraccarico sul legno duro", "AC-1", "C101"),
    ("l'asse tocca il finecorsa durante il lavoro", "AC-2", "C103"),
    ("il portale non è in squadra, i due motori Y non coincidono", "AC-2", "C112"),
    ("il pezzo si muove perché il piano aspirato ha poca depressione", "AC-2", "C113"),
]


SYMPTOMS = [  # (query, language, code of the answering article): no code, no model given
    ("the nozzle heater keeps losing heat and the machine aborts the job", "en", "E101"),
    ("temperature reading for the hot end is stuck at zero", "en", "E102"),
    ("printer claims the nozzle is at 400 degrees straight after switching on", "en", "E103"),
    ("bed temperature reading jumps around randomly", "en", "E105"),
    ("the small fan next to the hot end is silent", "en", "E108"),
    ("parts curl and the cooling fan for the print never turns on", "en", "E109"),
    ("printer head slams into the right side when finding its origin", "en", "E201"),
    ("first layer prints in the air, nozzle much too high", "en", "E206"),
    ("stepper drivers get hot and the motors stop for a moment", "en", "E207"),
    ("spool ran empty in the middle of a long print", "en", "E301"),
    ("clock resets to 2000 every time I power it on", "en", "E406"),
    ("after a blackout the printer asks whether to continue the job", "en", "E407"),
    ("the touchscreen is frozen and shows no data from the mainboard", "en", "E404"),
    ("tube does not fire and the current meter stays at 0 mA", "en", "L105"),
    ("the smoke extraction fan is dead, the cabin fills with fumes", "en", "L108"),
    ("laser head cannot find its zero position on the X and Y axes", "en", "L110"),
    ("focus probe never touches the material and the job is cancelled", "en", "L111"),
    ("the rotary for engraving glasses is not recognised", "en", "L113"),
    ("someone opened the door while cutting and the job stopped", "en", "L116"),
    ("the spindle gets very hot after an hour of cutting aluminium", "en", "C110"),
    ("servo motor error, the axis lags behind the commanded position", "en", "C108"),
    ("controller rejects my program with an arc radius error", "en", "C109"),
    ("the dust collector is off and the router refuses to start the spindle", "en", "C107"),
    ("the red mushroom button is latched and nothing moves", "en", "C106"),
    ("la temperatura dell'ugello segna zero gradi", "it", "E102"),
    ("la ventola che raffredda il pezzo non parte mai", "it", "E109"),
    ("la testina sbatte contro il lato destro quando cerca lo zero", "it", "E201"),
    ("la bobina di filamento è finita a metà stampa", "it", "E301"),
    ("dopo un blackout la stampante chiede se riprendere il lavoro", "it", "E407"),
    ("l'orologio torna all'anno 2000 a ogni accensione", "it", "E406"),
    ("il tubo laser non emette e l'amperometro resta a zero", "it", "L105"),
    ("l'aspiratore dei fumi non funziona e la cabina si riempie di fumo", "it", "L108"),
    ("la sonda di messa a fuoco non tocca il materiale", "it", "L111"),
    ("l'accessorio rotante per incidere i bicchieri non viene riconosciuto", "it", "L113"),
    ("il mandrino diventa molto caldo dopo un'ora di lavoro sull'alluminio", "it", "C110"),
    ("errore del servomotore, l'asse resta indietro rispetto alla posizione comandata", "it", "C108"),
    ("il programma viene rifiutato per un errore sul raggio dell'arco", "it", "C109"),
    ("l'aspirazione della polvere è spenta e il mandrino non parte", "it", "C107"),
    ("il pulsante di emergenza è premuto e non si muove niente", "it", "C106"),
    ("il vetro della lente è sporco e il taglio peggiora", "it", "L117"),
]


def article(code):
    hits = glob.glob(f"kb/en/*/error-codes/{code.lower()}-*.md")
    assert len(hits) == 1, code
    return hits[0]


def family_article(code):
    for path in glob.glob("kb/it/*/error-codes/*.md"):
        head = open(path, encoding="utf-8").read().split("---")[1]
        if code in head:
            return path
    raise SystemExit(f"no Italian article for {code}")


os.makedirs("eval", exist_ok=True)
with open("eval/sample-kb-en.jsonl", "w", encoding="utf-8") as f:
    for q, code, model, answer in EN:
        row = {"query": q, "relevant": [article(answer)]}
        if code: row["error_code"] = code
        if model: row["product_model"] = model
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
with open("eval/sample-kb-it.jsonl", "w", encoding="utf-8") as f:
    for q, model, answer in IT:
        f.write(json.dumps({"query": q, "product_model": model, "relevant": [article(answer), family_article(answer)]},
                           ensure_ascii=False) + "\n")
with open("eval/sample-kb-symptoms.jsonl", "w", encoding="utf-8") as f:
    for q, language, answer in SYMPTOMS:
        relevant = [article(answer)] + ([family_article(answer)] if language == "it" else [])
        f.write(json.dumps({"query": q, "language": language, "relevant": relevant}, ensure_ascii=False) + "\n")
print(f"{len(EN)} English, {len(IT)} Italian and {len(SYMPTOMS)} symptom-only queries")
