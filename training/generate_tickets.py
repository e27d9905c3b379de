#!/usr/bin/env python3
"""Writes training/tickets.jsonl: labelled example tickets for the default ticket classifier.

The tickets are composed from hand-written phrase lists below (English and Italian) for the
fictional Fabbrica product line (see CATEGORIES.md); nothing is copied from any data set. The
output is deterministic (fixed seed): run `python3 training/generate_tickets.py` after editing.
Fields: symptom_text, error_code (about half of the tickets), product_type, model, language,
category.
"""
import json, os, random

PRODUCTS = {
    "3d-printer": ["FX-1", "FX-2 Pro", "FX-Mini"],
    "resin-printer": ["RZ-8", "RZ-12"],
    "laser-cutter": ["LX-40", "LX-60"],
}

# category -> (error-code family or None, products it happens on, English phrases, Italian phrases)
# Each phrase list: problems (main sentence), contexts (when), extras (what the customer tried).
C = {}

C["thermal"] = dict(
    codes=["17105", "17110", "17201", "17202", "17301", "17402"],
    products=["3d-printer", "resin-printer", "laser-cutter"],
    en=dict(
        problems=[
            "thermal runaway on the hotend", "the nozzle temperature keeps dropping from 215 to 190",
            "heatbed never reaches 60 degrees", "MAXTEMP error on the extruder heater",
            "MINTEMP shown right after power on", "the hotend overheats and the fan screams",
            "bed temperature oscillates by ten degrees", "heater timeout while preheating PETG",
            "the laser tube gets too hot and the chiller alarm beeps", "resin vat heater does not warm up in the cold room",
            "temperature reading jumps to 400 and the print stops", "the heatbreak is overheating and filament softens too early",
            "preheat takes forever, the nozzle is stuck at 150", "the enclosure gets hot and the machine reports overheating",
            "cooling water temperature too high on the laser",
        ],
        contexts=[
            "after about ten minutes of printing", "only when the part cooling fan is at 100%", "since I replaced the nozzle",
            "every time I start a long job", "when the room is cold", "after a firmware update last week", "",
            "halfway through the job", "right at the start",
        ],
        extras=[
            "I already checked the thermistor cable.", "PID tuning did not help.", "The silicone sock is on.",
            "Is the heater cartridge dead?", "Please advise, the machine is in production.", "", "",
            "The chiller is filled with distilled water.", "I tried another power outlet.",
        ],
    ),
    it=dict(
        problems=[
            "thermal runaway sull'hotend", "la temperatura dell'ugello scende da 215 a 190",
            "il piatto riscaldato non arriva mai a 60 gradi", "errore MAXTEMP sul riscaldatore dell'estrusore",
            "l'hotend si surriscalda", "la temperatura del piatto oscilla di dieci gradi",
            "il tubo laser si scalda troppo e il chiller suona", "il preriscaldamento non finisce mai, l'ugello resta a 150",
            "la lettura della temperatura salta a 400 e la stampa si ferma", "la vasca della resina non si scalda",
        ],
        contexts=["dopo circa dieci minuti di stampa", "da quando ho cambiato l'ugello", "quando la stanza è fredda",
                  "a metà del lavoro", "dopo l'aggiornamento del firmware", ""],
        extras=["Ho già controllato il cavo del termistore.", "La calibrazione PID non è servita.", "", "Il riscaldatore è guasto?",
                "Potete aiutarmi?"],
    ),
)

C["motion"] = dict(
    codes=["12101", "12102", "12204", "12310", "12402"],
    products=["3d-printer", "laser-cutter", "resin-printer"],
    en=dict(
        problems=[
            "layer shifts on the X axis", "the Y axis grinds and skips steps", "loud clicking from the stepper motor",
            "the belt is loose and the carriage wobbles", "the gantry crashes into the frame when homing",
            "the Z axis binds halfway up", "the laser head stops moving on the left side", "a rattling noise from the linear rails",
            "the build plate of the resin printer does not move down", "the X carriage stutters at high speed",
            "the lead screw squeaks and the Z height drifts", "the pulley set screw came loose", "homing fails, the axis keeps running into the end",
            "the bearings sound rough and the motion is jerky", "the conveyor of the laser bed is stuck",
        ],
        contexts=["during fast travel moves", "after moving the machine to another room", "on tall prints", "since yesterday",
                  "only on diagonal moves", "", "when the job starts", "after I tightened the belts"],
        extras=["I lubricated the rods.", "Belt tension seems fine to me.", "Video attached.", "", "",
                "Could it be a broken motor?", "I checked the wiring of the motor."],
    ),
    it=dict(
        problems=[
            "spostamento dei layer sull'asse X", "l'asse Y gratta e perde passi", "il motore passo-passo fa un forte clic",
            "la cinghia è lenta e il carrello balla", "l'asse Z si blocca a metà corsa", "la testa laser non si muove sul lato sinistro",
            "rumore di sfregamento dalle guide lineari", "l'homing fallisce, l'asse continua a sbattere",
        ],
        contexts=["durante gli spostamenti veloci", "dopo aver spostato la macchina", "sulle stampe alte", "", "da ieri"],
        extras=["Ho lubrificato le barre.", "La tensione della cinghia sembra giusta.", "", "Il motore è rotto?"],
    ),
)

C["extrusion"] = dict(
    codes=["13101", "13102", "13205", "13301"],
    products=["3d-printer"],
    en=dict(
        problems=[
            "the nozzle is clogged and nothing comes out", "under-extrusion on every layer", "the extruder gear clicks and skips",
            "filament grinds in the feeder", "the filament runout sensor triggers with a full spool",
            "the filament snaps inside the PTFE tube", "the spool tangles and the extruder stops pulling",
            "the print starts with no plastic for the first centimetres", "the MMU fails to load the second filament",
            "blobs of plastic ooze from the nozzle", "the filament will not unload, it is stuck in the hotend",
            "extrusion stops randomly mid print", "the feeder idler is not gripping the filament",
            "TPU buckles in the extruder", "the cold pull leaves the nozzle still blocked",
        ],
        contexts=["with PLA from a new brand", "after a filament change", "on long prints", "", "when printing fast",
                  "with 1.75 mm PETG", "since I swapped the nozzle for a 0.6"],
        extras=["I did a cold pull twice.", "The tension screw is at the default.", "", "Photos attached.",
                "I already cleaned the gears.", "Do I need a new nozzle?"],
    ),
    it=dict(
        problems=[
            "l'ugello è intasato e non esce niente", "sottoestrusione su ogni layer", "l'ingranaggio dell'estrusore salta",
            "il filamento viene mangiato dal feeder", "il sensore di fine filamento scatta con la bobina piena",
            "il filamento si spezza nel tubo in PTFE", "il filamento non si scarica, è bloccato nell'hotend",
        ],
        contexts=["con un PLA di una nuova marca", "dopo il cambio filamento", "", "sulle stampe lunghe"],
        extras=["Ho fatto due cold pull.", "", "Ho pulito gli ingranaggi.", "Serve un ugello nuovo?"],
    ),
)

C["electrical"] = dict(
    codes=["21101", "21103", "21204", "21301"],
    products=["3d-printer", "laser-cutter", "resin-printer"],
    en=dict(
        problems=[
            "the machine does not power on at all", "the power supply clicks and the display flickers",
            "it trips the breaker when the bed heats", "a burning smell from the electronics box",
            "the fuse blew after a power cut", "the mainboard LED is off", "random reboots in the middle of jobs",
            "sparks near the power socket", "the PSU fan is not spinning", "the laser power supply hums loudly and the beam is weak",
            "the display stays black, only the fans run", "voltage drops when the heater turns on", "the USB port is dead after a surge",
            "the emergency stop does not cut the power", "the UV LED array of the resin printer has no power",
        ],
        contexts=["since a thunderstorm", "after moving to a new workshop", "", "when everything heats at once",
                  "at random times", "after I plugged it into an extension lead"],
        extras=["I checked the mains cable.", "", "The outlet works with other devices.", "Is it safe to keep using it?",
                "I unplugged it for now."],
    ),
    it=dict(
        problems=[
            "la macchina non si accende", "l'alimentatore fa clic e il display sfarfalla", "fa saltare il salvavita quando scalda il piatto",
            "odore di bruciato dalla scatola dell'elettronica", "il fusibile è saltato dopo un blackout", "si riavvia da sola durante la stampa",
        ],
        contexts=["dopo un temporale", "", "quando scalda tutto insieme", "a caso"],
        extras=["Ho controllato il cavo di alimentazione.", "", "La presa funziona con altri apparecchi.", "È sicuro continuare a usarla?"],
    ),
)

C["firmware"] = dict(
    codes=["25101", "25202", "25303", "25404"],
    products=["3d-printer", "laser-cutter", "resin-printer"],
    en=dict(
        problems=[
            "the firmware update fails at 80%", "the printer does not connect to Wi-Fi", "the app cannot find the machine on the network",
            "the web interface times out", "after the update the screen shows a boot loop", "the G-code file is not recognised",
            "Ethernet link is up but no IP address", "the slicer upload fails with an authentication error",
            "the USB drive is not detected", "the network camera stream is black", "bootloader error when flashing",
            "the API token is rejected", "the job queue is lost after a reboot", "the laser software says device offline",
            "time and date reset after every restart",
        ],
        contexts=["since version 6.1", "on our office network", "", "after changing the router", "every morning",
                  "only with large files"],
        extras=["I restarted the router.", "", "Other devices are online.", "Can I downgrade?", "Log attached."],
    ),
    it=dict(
        problems=[
            "l'aggiornamento del firmware si blocca all'80%", "la stampante non si connette al Wi-Fi",
            "l'app non trova la macchina in rete", "dopo l'aggiornamento lo schermo si riavvia di continuo",
            "la chiavetta USB non viene letta", "il software del laser dice dispositivo offline",
        ],
        contexts=["dalla versione 6.1", "sulla rete dell'ufficio", "", "dopo aver cambiato router"],
        extras=["Ho riavviato il router.", "", "Gli altri dispositivi sono online.", "Posso tornare alla versione precedente?"],
    ),
)

C["calibration"] = dict(
    codes=["23101", "23102", "23203", "23301"],
    products=["3d-printer", "laser-cutter", "resin-printer"],
    en=dict(
        problems=[
            "the first layer is too high on one corner", "mesh bed leveling fails", "the probe does not trigger",
            "Z offset keeps resetting", "the laser focus is off after calibration", "the bed level sensor reports inconsistent points",
            "auto-home stops with a probe error", "the camera alignment of the laser bed is shifted by 2 mm",
            "the filament sensor gives false readings", "the load cell calibration fails", "the nozzle digs into the bed on the front left",
            "the resin level sensor reads empty with a full vat", "the lid sensor says open when it is closed",
            "the endstop is always triggered", "the XY skew compensation gives strange values",
        ],
        contexts=["after replacing the print sheet", "since the last calibration wizard", "", "on the new build plate",
                  "after cleaning the probe", "only on the right side"],
        extras=["I ran the wizard twice.", "", "The sheet is clean.", "Which value should the offset have?",
                "I re-seated the sensor cable."],
    ),
    it=dict(
        problems=[
            "il primo layer è troppo alto in un angolo", "il livellamento del piatto fallisce", "la sonda non scatta",
            "lo Z offset si azzera", "la messa a fuoco del laser è sbagliata dopo la calibrazione", "il sensore del coperchio dice aperto",
        ],
        contexts=["dopo aver cambiato il piano", "", "dopo la procedura guidata", "solo sul lato destro"],
        extras=["Ho ripetuto la calibrazione due volte.", "", "Il piano è pulito.", "Che valore deve avere l'offset?"],
    ),
)

C["print_quality"] = dict(
    codes=[],
    products=["3d-printer", "resin-printer", "laser-cutter"],
    en=dict(
        problems=[
            "stringing between parts", "warping on the corners of ABS parts", "visible ringing on the walls",
            "layers separate on tall prints", "the surface is rough and has zits", "elephant foot on the bottom layers",
            "resin prints fail and stick to the FEP", "the laser cut edges are charred", "the engraving looks blurry",
            "gaps in the top layer", "overhangs curl up", "the dimensions are 0.3 mm too small", "the support marks are ugly",
            "the cut does not go through the plywood", "banding lines every few millimetres",
        ],
        contexts=["with the default profile", "on PETG", "on 3 mm birch plywood", "with grey resin", "", "on larger parts",
                  "since I changed the slicer settings"],
        extras=["Photo attached.", "", "I tried slower speeds.", "Which settings do you recommend?", "I dried the filament."],
    ),
    it=dict(
        problems=[
            "filamenti tra le parti", "le parti in ABS si sollevano agli angoli", "ringing visibile sulle pareti",
            "i layer si separano sulle stampe alte", "i bordi tagliati col laser sono bruciati", "l'incisione è sfocata",
            "le stampe in resina restano attaccate al FEP",
        ],
        contexts=["con il profilo di default", "sul PETG", "", "sul compensato da 3 mm"],
        extras=["Foto allegata.", "", "Ho provato velocità più basse.", "Che impostazioni consigliate?"],
    ),
)

C["account_billing"] = dict(
    codes=[],
    products=["3d-printer", "laser-cutter", "resin-printer"],
    en=dict(
        problems=[
            "I was charged twice for the extended warranty", "how do I register my printer for warranty",
            "I need an invoice with our VAT number", "the warranty claim was rejected", "I cannot log in to my account",
            "please change the billing address", "is a replacement nozzle covered by warranty",
            "I want to cancel the cloud subscription", "my order of spare parts has not arrived", "request a refund for a damaged unit",
            "transfer the warranty to the new owner", "the password reset email never arrives", "where do I find the serial number for the claim",
            "the coupon code was not applied", "we need a quote for five machines",
        ],
        contexts=["", "for order 4471", "as soon as possible", "for our school", "bought last month"],
        extras=["", "Thank you.", "Receipt attached.", "Please reply by email.", "We are a small business."],
    ),
    it=dict(
        problems=[
            "mi avete addebitato due volte la garanzia estesa", "come registro la stampante per la garanzia",
            "mi serve una fattura con la partita IVA", "la richiesta di garanzia è stata rifiutata", "non riesco ad accedere al mio account",
            "vorrei disdire l'abbonamento cloud", "l'ordine dei ricambi non è arrivato", "chiedo un rimborso per un'unità danneggiata",
        ],
        contexts=["", "per l'ordine 4471", "al più presto", "acquistata il mese scorso"],
        extras=["", "Grazie.", "Ricevuta allegata.", "Siamo una piccola azienda."],
    ),
)

# Secondary sentences (English, Italian) added to about half of the tickets.
DETAILS = {
 "thermal": [
  [
   "The display shows a heating error.",
   "The heater block feels cold to the touch.",
   "The temperature graph is a saw tooth.",
   "It beeps and switches off the heaters.",
   "The thermistor reads room temperature while heating.",
   "The set point is never held.",
   "The fan runs at full speed and it still overheats.",
   "Heating failed twice today."
  ],
  [
   "Il display mostra un errore di riscaldamento.",
   "Il blocco riscaldante resta freddo.",
   "Non riesce a mantenere la temperatura.",
   "Suona e spegne i riscaldatori.",
   "Il termistore segna la temperatura ambiente."
  ]
 ],
 "motion": [
  [
   "Each layer is displaced.",
   "The motor gets hot and loses steps.",
   "The axis scrapes while moving.",
   "The carriage vibrates a lot.",
   "The coordinates drift during the job.",
   "The wheels on the gantry look worn.",
   "It sounds like something is rubbing.",
   "The movement is not smooth."
  ],
  [
   "Le parti escono spostate.",
   "Il motore si scalda e perde passi.",
   "Il carrello vibra molto.",
   "Le coordinate si spostano durante il lavoro.",
   "Il movimento non è fluido."
  ]
 ],
 "extrusion": [
  [
   "Very little plastic comes out.",
   "The filament is chewed up.",
   "The drive gear slips.",
   "The spool does not turn.",
   "The infill looks sparse.",
   "Something blocks the filament path.",
   "The filament is not feeding.",
   "Plastic leaks around the nozzle."
  ],
  [
   "Esce pochissima plastica.",
   "Il filamento ha i segni dei denti.",
   "Il motore dell'estrusore salta.",
   "Il filamento resta fermo.",
   "C'è un inceppamento nel percorso."
  ]
 ],
 "electrical": [
  [
   "There is no power at all.",
   "The workshop breaker trips.",
   "The screen turns off and on.",
   "There is a smell of hot electronics.",
   "Pressing the power button has no effect.",
   "It turns itself off.",
   "The cable near the plug is hot.",
   "It restarts without warning."
  ],
  [
   "Non arriva corrente.",
   "Lo schermo si spegne e si riaccende.",
   "Sento odore di bruciato.",
   "Si spegne da sola.",
   "L'interruttore non fa niente."
  ]
 ],
 "firmware": [
  [
   "The app lists the device as unavailable.",
   "It cannot get an IP address.",
   "The update file seems to be rejected.",
   "The screen freezes at the splash image.",
   "The upload from the slicer fails.",
   "It lost the network settings.",
   "The wireless signal is full but it does not connect.",
   "The version number did not change."
  ],
  [
   "L'app dice che il dispositivo è offline.",
   "Non prende l'indirizzo IP.",
   "Lo schermo resta bloccato all'avvio.",
   "Il caricamento dal slicer fallisce.",
   "Ha perso le impostazioni di rete."
  ]
 ],
 "calibration": [
  [
   "The first layer is uneven.",
   "The probe values are all over the place.",
   "The offset is wrong after every restart.",
   "The sensor seems to read the wrong value.",
   "The leveling routine gives up.",
   "The lens distance is off.",
   "The nozzle scratches the sheet.",
   "The gap differs from front to back."
  ],
  [
   "Il primo layer non è uniforme.",
   "I valori della sonda sono sballati.",
   "L'offset è sbagliato a ogni riavvio.",
   "Il sensore legge un valore sbagliato.",
   "Il livellamento non va a buon fine."
  ]
 ],
 "print_quality": [
  [
   "The finish looks bad.",
   "Spider webs of plastic across the gaps.",
   "The first layer peels at the edges.",
   "The walls show waves.",
   "The top skin is not closed.",
   "The parts are not accurate.",
   "It looks worse than the sample prints.",
   "The cut edges look scorched."
  ],
  [
   "La finitura è brutta.",
   "Ci sono ragnatele di plastica.",
   "Il pezzo si deforma ai bordi.",
   "Lo strato superiore non si chiude.",
   "Il taglio annerisce il legno."
  ]
 ],
 "account_billing": [
  [
   "I need this for our accounting.",
   "The payment went through twice.",
   "I have the receipt from the shop.",
   "I need a duplicate of my bill.",
   "The machine was bought from a reseller.",
   "Can you check my order status?",
   "I would like my money back.",
   "Please update my contact details."
  ],
  [
   "Mi serve per la contabilità.",
   "Il pagamento è passato due volte.",
   "Ho lo scontrino del negozio.",
   "Mandatemi una copia della fattura.",
   "Vorrei indietro i soldi."
  ]
 ]
}

OPENERS_EN = ["", "", "Hello, ", "Hi, ", "Good morning, ", "Urgent: ", "Our {model}: "]
OPENERS_IT = ["", "", "Buongiorno, ", "Salve, ", "Urgente: ", "La nostra {model}: "]


def compose(rng, category, spec, lang, model):
    p = spec[lang]
    opener = rng.choice(OPENERS_EN if lang == "en" else OPENERS_IT).format(model=model)
    problem = rng.choice(p["problems"])
    context = rng.choice(p["contexts"])
    extra = rng.choice(p["extras"])
    shape = rng.random()
    if shape < 0.25:
        # Short tickets: the problem alone, as people often write them.
        text = problem[0].upper() + problem[1:]
        return text.lower() if rng.random() < 0.3 else text
    if shape < 0.35:
        # A secondary symptom on its own.
        return rng.choice(DETAILS[category][0 if lang == "en" else 1])
    text = problem + (" " + context if context else "")
    text = (opener + text) if opener else text[0].upper() + text[1:]
    text += "."
    if rng.random() < 0.5:
        text += " " + rng.choice(DETAILS[category][0 if lang == "en" else 1])
    if extra:
        text += " " + extra
    if rng.random() < 0.15:
        text = text.lower()
    return text


def main():
    rng = random.Random(20261125)
    out = []
    per_category = 40
    for category, spec in C.items():
        seen = set()
        while sum(1 for t in out if t["category"] == category) < per_category:
            lang = "it" if rng.random() < 0.33 else "en"
            product = rng.choice(spec["products"])
            model = rng.choice(PRODUCTS[product])
            text = compose(rng, category, spec, lang, model)
            if text in seen:
                continue
            seen.add(text)
            ticket = {"symptom_text": text, "product_type": product, "model": model, "language": lang, "category": category}
            if spec["codes"] and rng.random() < 0.5:
                ticket["error_code"] = rng.choice(spec["codes"])
            out.append(ticket)
    rng.shuffle(out)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tickets.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for t in out:
            f.write(json.dumps(t, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {len(out)} tickets to {path}")


if __name__ == "__main__":
    main()
