#!/usr/bin/env python3
"""Builds groundedness.jsonl from the hand-written cases below.

Every step text, label and kind is written by hand. The script only looks up the cited chunk
texts in kb/ (so they are copied verbatim), numbers the cases and assigns the dev/test split.

Chunk = one heading section of a kb/ Markdown file: the heading line and its body, verbatim.
Chunk id = "{path relative to kb, without .md}#{n}", n = 0-based index among the file's
sections that have a body (front matter excluded).

Reference shorthand used in CASES:
  "E101/fix", "E101/means", "E101/check"  -> kb/en/.../error-codes/e101-*.md, section
                                             "How to fix it" / "What it means" / "What to check"
  "it/E101"                               -> the kb/it section whose heading starts "E101:"
  "en/laser-cutter/maintenance/Every week" -> that file, the section whose heading starts so
"""
import collections
import glob
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
KB = os.path.normpath(os.path.join(HERE, "..", "..", "kb"))
OUT = os.path.join(HERE, "groundedness.jsonl")

HEADING = re.compile(r"^(#{1,6})(\s+(.*))?$")


def sections(path):
    """[(heading text, chunk text)] for every section with a body, in file order."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[0].strip() == "---":
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        lines = lines[end + 1:]
    secs = []  # [heading, [lines]]
    current = [None, []]
    for line in lines:
        m = HEADING.match(line)
        if m:
            secs.append(current)
            current = [(m.group(3) or "").strip(), [line]]
        else:
            current[1].append(line)
    secs.append(current)
    out = []
    for heading, body in secs:
        has_body = any(l.strip() and not HEADING.match(l) for l in body)
        if heading is None or not has_body:
            continue
        out.append((heading, "\n".join(body).strip()))
    return out


def doc_id(path):
    return os.path.relpath(path, KB)[:-3]


def resolve(ref):
    """Shorthand -> (chunk_id, text)."""
    m = re.fullmatch(r"([ELC]\d{3})/(fix|means|check)", ref)
    if m:
        code, part = m.groups()
        files = glob.glob(os.path.join(KB, "en", "*", "error-codes", code.lower() + "-*.md"))
        assert len(files) == 1, ref
        path = files[0]
        prefix = {"fix": "How to fix it", "means": "What it means", "check": "What to check"}[part]
    else:
        m = re.fullmatch(r"it/([ELC]\d{3})", ref)
        if m:
            code = m.group(1)
            prefix = code + ":"
            path = None
            for p in glob.glob(os.path.join(KB, "it", "**", "*.md"), recursive=True):
                if any(h.startswith(prefix) for h, _ in sections(p)):
                    path = p
            assert path, ref
        else:
            rel, prefix = ref.rsplit("/", 1)
            path = os.path.join(KB, rel + ".md")
    secs = sections(path)
    hits = [i for i, (h, _) in enumerate(secs) if h.startswith(prefix)]
    assert len(hits) == 1, (ref, hits)
    n = hits[0]
    return "%s#%d" % (doc_id(path), n), secs[n][1]


# (language, label, kind, [citations], step)
CASES = [
    # ------------------------------------------------------------------ English, supported
    ("en", "supported", "verbatim", ["E404/fix"], "Switch off, reseat the display ribbon cable at both ends with the latch closed, and replace the cable (AP-DSP-RB) if the error returns."),
    ("en", "supported", "verbatim", ["L103/fix"], "Clean the magnetic switch contacts and adjust the lid striker; never bridge or bypass an interlock."),
    ("en", "supported", "verbatim", ["E402/fix"], "Format the drive as FAT32 (32 GB or smaller works best) and copy the G-code again."),
    ("en", "supported", "verbatim", ["C111/fix"], "Attach the magnet clip to the tool shank, place the plate under the tool, and test the circuit by touching the clip to the plate."),
    ("en", "supported", "verbatim", ["en/laser-cutter/maintenance/Every day of use"], "Empty the crumb tray under the honeycomb bed: debris is a fire risk."),
    ("en", "supported", "verbatim", ["L101/fix"], "Never fire the laser to test it while the flow alarm is active."),
    ("en", "supported", "verbatim", ["E203/check"], "Make sure the steel print sheet is on the bed; the probe only detects metal."),

    ("en", "supported", "summary", ["E101/check"], "Check the temperature graph on the display, the silicone sock on the heater block, and the thermistor screw and wiring."),
    ("en", "supported", "summary", ["en/3d-printer/maintenance/Every month"], "Once a month, check the belt tension, wipe and oil the X and Y rods, and clear dust from the filament sensor."),
    ("en", "supported", "summary", ["en/laser-cutter/maintenance/Every three months"], "Every three months, renew the coolant, verify the beam alignment at each mirror and clean the exhaust duct and fan."),
    ("en", "supported", "summary", ["L101/check"], "Confirm that the chiller and its pump are running, and inspect the hoses for kinks and the tube for air bubbles."),
    ("en", "supported", "summary", ["en/cnc-router/maintenance/Every month"], "Each month, check the AC-2 spindle coolant and pump, the limit switch cables in the drag chain and the AC-1 spindle brushes."),
    ("en", "supported", "summary", ["E101/fix"], "Let the hotend cool, refit the silicone sock and tighten the thermistor clamp, then run the hotend PID calibration before printing again."),
    ("en", "supported", "summary", ["en/3d-printer/maintenance/Every six months"], "Every six months, replace the nozzle if prints under-extrude, check the thermistor and heater wires at the extruder, and clean the electronics box fan."),
    ("en", "supported", "summary", ["E302/fix"], "Free the tangled spool, bump the nozzle temperature up by 10 °C and reduce the flow; if the extruder keeps clicking, do a cold pull."),
    ("en", "supported", "summary", ["L106/check"], "Check the mirror alignment with test pulses on masking tape and look up the tube hours in Menu > Statistics."),
    ("en", "supported", "summary", ["en/cnc-router/maintenance/Every week"], "Every week, grease the linear rail carriages and inspect the collets for dirt."),

    ("en", "supported", "paraphrase", ["E101/fix"], "Power the printer down and wait until the hotend is under 50 °C before you touch it."),
    ("en", "supported", "paraphrase", ["E101/fix"], "After refitting the silicone sock, tighten the thermistor clamp screw to 0.4 Nm."),
    ("en", "supported", "paraphrase", ["E101/fix"], "Should the error come back within ten minutes, fit a new heater cartridge, spare part AP-HC-40W."),
    ("en", "supported", "paraphrase", ["E102/check"], "Measure the thermistor with a multimeter; a reading of roughly 100 kΩ at room temperature means it is fine."),
    ("en", "supported", "paraphrase", ["E102/fix"], "Route the thermistor lead through the strain relief so it stops bending at the connector."),
    ("en", "supported", "paraphrase", ["E103/fix"], "With the hotend heated to 200 °C, pick off the plastic blobs using brass tweezers, then allow it to cool."),
    ("en", "supported", "paraphrase", ["E104/check"], "Move the printer away from air conditioning and open windows, and inspect the bed cable at the back of the heated bed for burnt or bent pins."),
    ("en", "supported", "paraphrase", ["E106/check"], "Measure the heater cartridge resistance (the 40 W 24 V cartridge should read about 14 Ω) and inspect fuse F2 on the mainboard."),
    ("en", "supported", "paraphrase", ["E107/fix"], "Clean the filter of the chamber fan and open the top vent when printing PLA or PETG; only resume once the chamber has dropped below 50 °C."),
    ("en", "supported", "paraphrase", ["E108/fix"], "Clear away any debris, plug the fan connector back in, and if the fan still won't turn, swap it for an AP-FAN-4010."),
    ("en", "supported", "paraphrase", ["E109/check"], "With the printer switched off, gently turn the fan by hand; it should rotate without resistance."),
    ("en", "supported", "paraphrase", ["E110/check"], "Read the value under Info > Sensors > Input voltage and try another wall socket, without any extension cord."),
    ("en", "supported", "paraphrase", ["E201/check"], "Switch the motors off and push the X carriage by hand: it should slide with no resistance."),
    ("en", "supported", "paraphrase", ["E202/fix"], "Free the bed cable and re-tension the Y belt, then clean the Y rods and lubricate them with a drop of light machine oil."),
    ("en", "supported", "paraphrase", ["E204/fix"], "Lower the print acceleration to 2000 mm/s² in the slicer profile, and tighten the pulley grub screws and set the belt tension."),
    ("en", "supported", "paraphrase", ["E205/fix"], "Run the Z alignment calibration and verify that both Z lead screws rotate together; if the bed is visibly warped, replace it."),
    ("en", "supported", "paraphrase", ["E206/fix"], "Open Settings > Calibration > First layer, bring the nozzle down until the printed line is slightly squished, then save the value."),
    ("en", "supported", "paraphrase", ["E207/fix"], "Keep the room under 30 °C, clean the electronics fan and leave the base of the printer uncovered."),
    ("en", "supported", "paraphrase", ["E208/fix"], "Adjust the tensioner knob until the tension check shows a value inside the range, then run the axis self-test."),
    ("en", "supported", "paraphrase", ["E303/fix"], "Try a cold pull with nylon or PLA first; if that doesn't clear it, change the nozzle (AP-NZ-0.4) at 250 °C while holding the heater block with a wrench."),
    ("en", "supported", "paraphrase", ["E304/fix"], "Trim the filament end at a 45-degree angle, straighten its last 10 cm and feed it in gently during loading."),
    ("en", "supported", "paraphrase", ["E305/fix"], "Enable ooze prevention in the slicer, clean the wiper and recalibrate the dock."),
    ("en", "supported", "paraphrase", ["E401/fix"], "Re-download the firmware and compare its SHA-256 with the release notes before copying it to a FAT32 USB drive."),
    ("en", "supported", "paraphrase", ["E406/fix"], "Unplug the printer and swap the CR2032 coin cell on the mainboard, or turn on network time in Settings > Network instead."),
    ("en", "supported", "paraphrase", ["E407/fix"], "Make sure the part is still stuck to the bed before selecting Resume; the hotend and bed will heat up again before printing continues."),
    ("en", "supported", "paraphrase", ["C101/fix"], "Cut the depth of cut back to half the tool diameter, drop the feed rate by 20 % and swap out dull tools."),
    ("en", "supported", "paraphrase", ["C103/fix"], "Jog the axis away from the switch in the opposite direction, re-home, and compare the job's bounding box with the work area."),
    ("en", "supported", "paraphrase", ["C105/fix"], "Connect the tool setter, clean its top plate, and ensure at least 15 mm of the tool protrudes from the collet."),
    ("en", "supported", "paraphrase", ["C106/fix"], "Release all emergency stop buttons and press Reset; if the machine still won't reset, isolate it and check the safety relay wiring."),
    ("en", "supported", "paraphrase", ["C110/fix"], "Stop the spindle and let it cool before restarting, after checking the coolant pump on an AC-2 or cleaning the vents on an AC-1."),
    ("en", "supported", "paraphrase", ["C112/fix"], "Home the machine so that the two Y switches square the gantry, and confirm neither Y pinion has slipped on its shaft."),
    ("en", "supported", "paraphrase", ["C114/fix"], "Turn off USB power saving and use the shielded USB cable with ferrites, or run the job from the controller's own storage."),
    ("en", "supported", "paraphrase", ["L102/fix"], "Clean the chiller radiator, keep the room under 28 °C, and hold off long jobs until the coolant falls below 25 °C."),
    ("en", "supported", "paraphrase", ["L104/fix"], "First establish why the emergency stop was pressed and make the machine safe, then turn the button clockwise to release it and press Reset on the panel."),
    ("en", "supported", "paraphrase", ["L107/fix"], "Inspect the air hose for leaks and clean the pump's intake filter; if the pressure remains low, replace the pump (AL-AIR-60)."),
    ("en", "supported", "paraphrase", ["L111/fix"], "Either release the probe tip or set the focus by hand using the 6 mm focus gauge."),
    ("en", "supported", "paraphrase", ["L112/fix"], "Clean the camera lens, lay the printed calibration card flat in the middle of the bed, and run Menu > Camera > Calibrate with the room lights switched on."),
    ("en", "supported", "paraphrase", ["L113/fix"], "Power the machine off, plug the rotary into the Y socket, turn on Rotary under Menu > Settings and power it back on."),
    ("en", "supported", "paraphrase", ["L115/fix"], "Power off and unplug the machine, and leave the electronics bay closed: the power supply has to be checked by an authorised technician."),
    ("en", "supported", "paraphrase", ["en/laser-cutter/safety/Laser radiation"], "Do not fire the laser with the lid open, and never bypass the lid interlock (L103) or the door switch (L116)."),
    ("en", "supported", "paraphrase", ["en/cnc-router/safety/Workholding"], "Hold every workpiece down with clamps or the vacuum table (C113), since a part that works loose can be thrown by the tool."),
    ("en", "supported", "paraphrase", ["en/general/product-line/How to read an error code"], "When you contact support, give them the error code together with the serial number from the label on the back."),
    ("en", "supported", "paraphrase", ["E101/fix", "en/3d-printer/safety/Hot surfaces"], "Switch the printer off and wait for the hotend to drop below 50 °C before you touch the heater block or change the thermistor."),
    ("en", "supported", "paraphrase", ["L106/fix", "en/laser-cutter/maintenance/Every week"], "Wipe the three mirrors and the lens with lens wipes and isopropyl alcohol, and make mirror cleaning a weekly task."),
    ("en", "supported", "paraphrase", ["C108/fix", "en/cnc-router/maintenance/Every week"], "Clean and grease the linear rails, and from now on grease the rail carriages through their nipples every week."),

    # ------------------------------------------------------------------ English, unsupported
    ("en", "unsupported", "off_topic", ["E404/fix"], "Format the USB drive as FAT32 and copy the G-code onto it again."),
    ("en", "unsupported", "off_topic", ["E203/fix"], "Tighten the grub screws on the pulleys and reduce the print acceleration to 2000 mm/s² in the slicer."),
    ("en", "unsupported", "off_topic", ["L101/fix"], "Clean the camera lens and place the printed calibration card flat in the centre of the bed."),
    ("en", "unsupported", "off_topic", ["C101/fix"], "Jog the axis off the limit switch in the opposite direction and home the machine again."),
    ("en", "unsupported", "off_topic", ["E107/fix"], "Re-enter the Wi-Fi password in Settings > Network, or connect the printer through the Ethernet port."),
    ("en", "unsupported", "off_topic", ["L110/fix"], "Turn the laser key switch on and call an authorised technician for any work on the tube."),
    ("en", "unsupported", "off_topic", ["C113/fix"], "Attach the magnet clip to the tool shank and test the circuit by touching the clip to the plate."),
    ("en", "unsupported", "off_topic", ["E301/fix"], "Clean the fan duct, reseat the connector and replace the blower fan if needed."),
    ("en", "unsupported", "off_topic", ["en/3d-printer/safety/Fumes"], "Plug the printer into a different wall socket without extension cords and check the input voltage."),
    ("en", "unsupported", "off_topic", ["L117/fix"], "Close the front door and press Start to resume the job."),

    ("en", "unsupported", "wrong_number", ["E101/fix"], "Switch the printer off and wait until the hotend has cooled below 80 °C before touching it."),
    ("en", "unsupported", "wrong_number", ["E101/fix"], "Refit the silicone sock and tighten the thermistor clamp screw to 4 Nm."),
    ("en", "unsupported", "wrong_number", ["E303/fix"], "If a cold pull fails, change the nozzle (AP-NZ-0.4) with the hotend at 215 °C, holding the heater block with a wrench."),
    ("en", "unsupported", "wrong_number", ["E204/fix"], "Tighten the grub screws, set the belt tension and reduce print acceleration to 1000 mm/s² in the slicer profile."),
    ("en", "unsupported", "wrong_number", ["C101/fix"], "Reduce the depth of cut to half the tool diameter and lower the feed rate by 50 %."),
    ("en", "unsupported", "wrong_number", ["C105/fix"], "Plug in the tool setter, clean its top plate and let the tool stick out at least 5 mm from the collet."),
    ("en", "unsupported", "wrong_number", ["L102/fix"], "Clean the chiller's radiator, keep the room below 35 °C and pause long jobs until the coolant is under 25 °C."),
    ("en", "unsupported", "wrong_number", ["en/laser-cutter/maintenance/Every week"], "Check the coolant level in the chiller once a month."),
    ("en", "unsupported", "wrong_number", ["E402/fix"], "Reformat the drive as FAT32; drives of 128 GB or smaller work best. Then copy the G-code again."),
    ("en", "unsupported", "wrong_number", ["L111/fix"], "Free the probe tip, or set the focus manually with the 3 mm focus gauge."),
    ("en", "unsupported", "wrong_number", ["en/cnc-router/maintenance/Every month"], "Check the AC-1 spindle brushes every month and replace them after 500 hours."),
    ("en", "unsupported", "wrong_number", ["E304/fix"], "Cut the filament tip at 90 degrees, straighten the last 10 cm and push it gently while loading."),

    ("en", "unsupported", "wrong_code", ["en/laser-cutter/maintenance/Every week"], "Clean the three mirrors with lens wipes and isopropyl alcohol every week to prevent the L117 warning."),
    ("en", "unsupported", "wrong_code", ["en/3d-printer/maintenance/Every week"], "Each week, check for filament strings around the hotend fan, which otherwise triggers E109."),
    ("en", "unsupported", "wrong_code", ["en/3d-printer/maintenance/Every month"], "Blow dust out of the filament sensor every month to avoid E301 errors."),
    ("en", "unsupported", "wrong_code", ["en/cnc-router/safety/Emergency stop"], "Test the emergency stop buttons (C104) every week, and after an emergency stop find the cause before resetting."),
    ("en", "unsupported", "wrong_code", ["en/laser-cutter/safety/Fire"], "Keep the air assist working (L108) and keep the CO2 extinguisher next to the machine while it cuts."),
    ("en", "unsupported", "wrong_code", ["en/3d-printer/safety/Electrical safety"], "A repeated supply voltage error (E106) means the power supply must be replaced, not repaired."),
    ("en", "unsupported", "wrong_code", ["en/general/product-line/3D printers"], "On the AP-300, a failure of the tool heads' docking system is reported as E107."),
    ("en", "unsupported", "wrong_code", ["en/cnc-router/maintenance/Every month"], "Inspect the limit switch cables in the drag chain every month to prevent C102 errors."),
    ("en", "unsupported", "wrong_code", ["en/laser-cutter/safety/High voltage"], "For an L113 fault, only an authorised technician may open the electronics bay or touch the tube lead."),

    ("en", "unsupported", "fabricated", ["E404/fix"], "Reseat the display ribbon cable at both ends, and if the error returns replace the display board and the mainboard as a pair."),
    ("en", "unsupported", "fabricated", ["L117/fix"], "Remove the lens holder, fit a new lens instead of cleaning the old one, and grease the seal with silicone grease before refitting."),
    ("en", "unsupported", "fabricated", ["E106/fix"], "If the heater cartridge resistance is out of range, clean its contacts with isopropyl alcohol and re-crimp the connector before replacing anything."),
    ("en", "unsupported", "fabricated", ["C102/fix"], "Reset the VFD fault and lower the commanded spindle speed so the spindle can reach it within the ramp time."),
    ("en", "unsupported", "fabricated", ["L101/fix"], "Straighten the hoses and add a little glycol antifreeze to the chiller so the flow switch reads correctly."),
    ("en", "unsupported", "fabricated", ["E205/fix"], "Run the Z alignment calibration and, if the bed is warped, shim its corners with paper until the mesh deviation is within the limit."),
    ("en", "unsupported", "fabricated", ["C109/fix"], "Post-process the job again and convert every G2/G3 arc to G1 moves by editing the G-code by hand in a text editor."),
    ("en", "unsupported", "fabricated", ["E403/fix"], "Re-enter the password in Settings > Network and reset the router to factory settings before pairing the printer again."),
    ("en", "unsupported", "fabricated", ["L109/fix"], "Keep the lid closed, and before restarting spray the honeycomb bed with water so that no embers remain."),
    ("en", "unsupported", "fabricated", ["C113/fix"], "Cover unused zones with the masking sheet and seal the edges of the spoil board with wood glue to stop it leaking."),
    ("en", "unsupported", "fabricated", ["E305/fix"], "Clean the wiper, recalibrate the dock and lubricate the dock pins with a drop of light machine oil."),
    ("en", "unsupported", "fabricated", ["en/laser-cutter/maintenance/Every three months"], "Every three months, replace the coolant with distilled water and fit three new mirrors."),

    ("en", "unsupported", "contradiction", ["E404/fix"], "Leave the printer on while you reseat the display ribbon cable at both ends, so you can see the error clear immediately."),
    ("en", "unsupported", "contradiction", ["L103/fix"], "If the contacts are clean but the error persists, bridge the lid interlock temporarily so the job can finish."),
    ("en", "unsupported", "contradiction", ["C107/fix"], "Switch off the dust extractor interlock if the extractor is not needed for the current job."),
    ("en", "unsupported", "contradiction", ["L101/fix"], "Fire a short test pulse while the flow alarm is active to check whether the tube still works."),
    ("en", "unsupported", "contradiction", ["L108/fix"], "Let the current job finish first, then check the fan's power plug and the duct for blockages."),
    ("en", "unsupported", "contradiction", ["E110/fix"], "If the voltage stays out of range, open the power supply unit and check its internal fuse before ordering a new one."),
    ("en", "unsupported", "contradiction", ["en/cnc-router/safety/Rotating tools"], "During the cut, clear chips from around the bit by hand, keeping your fingers away from the flutes."),
    ("en", "unsupported", "contradiction", ["en/3d-printer/safety/Fire safety"], "If thermal runaway protection keeps tripping mid-print, disable it temporarily in the firmware so the print can finish."),
    ("en", "unsupported", "contradiction", ["L113/fix"], "Leave the machine switched on, connect the rotary to the Y socket and enable Rotary in Menu > Settings."),
    ("en", "unsupported", "contradiction", ["E406/means"], "Replace the clock battery straight away, because an empty battery stops prints from starting."),
    ("en", "unsupported", "contradiction", ["en/laser-cutter/safety/Fumes and forbidden materials"], "PVC and vinyl can be cut safely as long as the exhaust (L108) is running."),

    # ------------------------------------------------------------------ English, partial
    ("en", "partial", "partial", ["E404/fix"], "Switch off and reseat the display ribbon cable at both ends, then reflash the display firmware from a FAT32 USB drive."),
    ("en", "partial", "partial", ["E101/fix"], "Run the PID calibration from Settings > Calibration > Hotend PID, and lower the part cooling fan speed to 50 % in the slicer."),
    ("en", "partial", "partial", ["E302/fix"], "Untangle the spool and raise the nozzle temperature by 10 °C; also dry the filament at 50 °C for four hours."),
    ("en", "partial", "partial", ["L117/fix"], "Clean the lens with isopropyl alcohol and a lens wipe, then realign the beam from mirror 1 to mirror 3."),
    ("en", "partial", "partial", ["C101/fix"], "Reduce the depth of cut to half the tool diameter and switch to a climb-milling toolpath in the CAM software."),
    ("en", "partial", "partial", ["C104/fix"], "Replace the faulty switch or repair the cable, then update the controller firmware."),
    ("en", "partial", "partial", ["L102/fix"], "Clean the chiller's radiator, and for long summer jobs add a second chiller in series."),
    ("en", "partial", "partial", ["E110/check"], "Plug the printer into a different wall socket without extension cords, and fit a UPS between the mains and the printer."),
    ("en", "partial", "partial", ["C114/fix"], "Use the shielded USB cable with ferrites and bond the spindle housing to the controller chassis ground."),
    ("en", "partial", "partial", ["E208/fix"], "Turn the tensioner knob until the tension check reports a value in range, and replace both belts if they are more than a year old."),
    ("en", "partial", "partial", ["L106/fix"], "Clean the mirrors and lens with isopropyl alcohol, and raise the power setting by 10 % until cuts go through again."),
    ("en", "partial", "partial", ["E203/fix"], "Clean the probe tip and set its height with the 0.5 mm gauge, then re-run the bed mesh with 7 × 7 points."),
    ("en", "partial", "partial", ["C110/fix"], "Stop the spindle and let it cool, then refill the AC-2 coolant with a 50/50 glycol mix."),
    ("en", "partial", "partial", ["E402/fix"], "Format the drive as FAT32 and copy the G-code again, keeping file names to eight characters or fewer."),
    ("en", "partial", "partial", ["en/laser-cutter/safety/Fire"], "Never leave the laser unattended while it cuts, and keep a bucket of water next to the machine."),
    ("en", "partial", "partial", ["L104/fix"], "Twist the emergency stop button clockwise to release it and press Reset, then run a homing cycle before restarting the job."),
    ("en", "partial", "partial", ["E207/fix"], "Clean the electronics fan and stick a heatsink on each stepper driver on the mainboard."),
    ("en", "partial", "partial", ["C112/fix"], "Home the machine so both Y switches square the gantry, then loosen the gantry bolts and square it with a carpenter's square."),
    ("en", "partial", "partial", ["E306/fix"], "Blow dust out of the sensor and reseat its cable, then update the printer firmware to the latest version."),
    ("en", "partial", "partial", ["E105/fix"], "Reseat the bed thermistor connector, and put a dab of thermal paste under the thermistor before refitting it."),
    ("en", "partial", "partial", ["L112/fix"], "Clean the camera lens and run Menu > Camera > Calibrate, then repeat the calibration with the room lights off to confirm it."),

    # ------------------------------------------------------------------ Italian, supported
    ("it", "supported", "verbatim", ["it/E404"], "Spegnere, ricollegare il cavo piatto su entrambi i lati e sostituirlo (AP-DSP-RB) se l'errore ritorna."),
    ("it", "supported", "verbatim", ["it/L103"], "Pulire i contatti magnetici e regolare il riscontro del coperchio; non ponticellare né escludere mai un interblocco."),
    ("it", "supported", "verbatim", ["it/E402"], "Formattare la chiavetta in FAT32 (meglio 32 GB o meno) e copiare di nuovo il G-code."),
    ("it", "supported", "verbatim", ["it/C111"], "Collegare la clip al gambo dell'utensile, posizionare la piastrina e provare il circuito toccandola con la clip."),
    ("it", "supported", "verbatim", ["it/cnc-router/sicurezza/Utensili in rotazione"], "Attendere l'arresto completo prima di cambiare utensile."),
    ("it", "supported", "verbatim", ["it/L116"], "Chiudere lo sportello e premere Start; se non è stato aperto regolare l'interruttore dello sportello."),
    ("it", "supported", "verbatim", ["it/E203"], "Posizionare il piano in acciaio, pulire la sonda e regolarne l'altezza con lo spessore da 0,5 mm."),

    ("it", "supported", "summary", ["it/E101"], "Fai raffreddare l'hotend, rimonta la calza e serra il termistore, poi rifai la calibrazione PID; se l'errore torna, cambia la cartuccia AP-HC-40W."),
    ("it", "supported", "summary", ["it/laser-cutter/sicurezza/Incendio"], "Durante il taglio sorveglia sempre la macchina, tieni a portata l'estintore a CO2 e lascia attiva l'aria assistita."),
    ("it", "supported", "summary", ["it/L101"], "Accendi il refrigeratore, raddrizza i tubi, rabbocca con acqua distillata e spurga le bolle; niente spari di prova con l'allarme attivo."),
    ("it", "supported", "summary", ["it/C113"], "Per recuperare la depressione copri le zone non usate, chiudine le valvole e controlla le perdite del piano di sacrificio."),
    ("it", "supported", "summary", ["it/3d-printer/sicurezza/Sicurezza elettrica"], "Non aprire l'alimentatore, stacca la stampante prima di lavorare su cavi, ventole o scheda madre e, se l'errore E110 si ripete, sostituisci l'alimentatore."),
    ("it", "supported", "summary", ["it/E204"], "Serra le pulegge, sistema le cinghie e abbassa l'accelerazione a 2000 mm/s²."),
    ("it", "supported", "summary", ["it/C106"], "Sblocca i pulsanti di emergenza e premi Reset; se non riparte, verifica il relè di sicurezza con la macchina isolata."),
    ("it", "supported", "summary", ["it/L106"], "Pulisci le ottiche con alcol isopropilico, riallinea il raggio e programma la sostituzione del tubo."),
    ("it", "supported", "summary", ["it/cnc-router/sicurezza/Utensili in rotazione"], "Usa occhiali e protezioni per l'udito, tieni le mani lontane dal mandrino e cambia utensile solo a mandrino fermo."),
    ("it", "supported", "summary", ["it/E302"], "Districa la bobina, alza la temperatura, riduci il flusso e, se il ticchettio continua, fai una cold pull."),

    ("it", "supported", "paraphrase", ["it/E101"], "Lascia raffreddare l'hotend, poi rimonta la calza in silicone e stringi la vite del termistore."),
    ("it", "supported", "paraphrase", ["it/E102"], "Ricollega il connettore del termistore; se il multimetro segna resistenza infinita, sostituisci il termistore AP-TH-100K."),
    ("it", "supported", "paraphrase", ["it/E103"], "Togli i residui di plastica dal blocco riscaldante; se il cortocircuito persiste, cambia il termistore."),
    ("it", "supported", "paraphrase", ["it/E104"], "Ricollega il connettore del piano, fissa il cavo e, sull'AP-300, chiudi lo sportello; poi lancia la calibrazione PID del piano."),
    ("it", "supported", "paraphrase", ["it/E105"], "Reinserisci il connettore; se l'errore non sparisce, sostituisci il cavo del piano AP-BC-01."),
    ("it", "supported", "paraphrase", ["it/E106"], "Misura la resistenza della cartuccia, che dovrebbe essere di circa 14 Ω, e cambiala se è fuori tolleranza; in alternativa sostituisci il fusibile F2 da 5 A."),
    ("it", "supported", "paraphrase", ["it/E107"], "Pulisci il filtro della ventola della camera e, per PLA e PETG, apri la presa d'aria superiore; riprendi la stampa solo quando la camera è sotto i 50 °C."),
    ("it", "supported", "paraphrase", ["it/E108"], "Elimina i residui di filamento e ricollega il connettore della ventola; se resta ferma, monta una nuova AP-FAN-4010."),
    ("it", "supported", "paraphrase", ["it/E109"], "Pulisci il convogliatore e reinserisci il connettore; se serve, sostituisci la ventola AP-BLW-5015."),
    ("it", "supported", "paraphrase", ["it/E110"], "Collega la stampante a un'altra presa senza usare prolunghe; se la tensione rimane fuori intervallo, sostituisci l'alimentatore AP-PSU-240W senza aprirlo."),
    ("it", "supported", "paraphrase", ["it/E201"], "Elimina eventuali ostacoli, metti in tensione la cinghia dell'asse X e lancia l'autotest degli assi."),
    ("it", "supported", "paraphrase", ["it/E202"], "Libera il cavo del piano, tendi la cinghia Y e lubrifica le barre dell'asse Y."),
    ("it", "supported", "paraphrase", ["it/E205"], "Esegui l'allineamento dell'asse Z e controlla che entrambe le viti Z ruotino insieme; se il piano è deformato, sostituiscilo."),
    ("it", "supported", "paraphrase", ["it/E206"], "Lancia la calibrazione del primo strato e memorizza l'offset non appena la linea appare leggermente schiacciata."),
    ("it", "supported", "paraphrase", ["it/E207"], "Pulisci la ventola dell'elettronica e mantieni la temperatura del locale al di sotto dei 30 °C."),
    ("it", "supported", "paraphrase", ["it/E208"], "Gira il tenditore fino a quando il controllo della tensione torna nell'intervallo, poi esegui l'autotest."),
    ("it", "supported", "paraphrase", ["it/E301"], "Rimuovi lo spezzone di filamento rimasto, carica una bobina nuova e riprendi la stampa dal display."),
    ("it", "supported", "paraphrase", ["it/E303"], "Prova con una cold pull; se non risolve, cambia l'ugello AP-NZ-0.4 a caldo, a 250 °C, tenendo fermo il blocco con una chiave."),
    ("it", "supported", "paraphrase", ["it/E304"], "Taglia la punta del filamento a 45 gradi, raddrizza gli ultimi 10 cm e accompagnalo con una leggera spinta durante il caricamento."),
    ("it", "supported", "paraphrase", ["it/E305"], "Pulisci il pulitore, ricalibra il dock e abilita nello slicer la prevenzione del gocciolamento."),
    ("it", "supported", "paraphrase", ["it/E306"], "Soffia via la polvere dal sensore, ricollega il cavo e, dalle impostazioni, disattiva e riattiva il sensore."),
    ("it", "supported", "paraphrase", ["it/E401"], "Scarica di nuovo il firmware, controllane lo SHA-256 e copialo su una chiavetta FAT32; poi avvia il bootloader di ripristino tenendo premuta la manopola."),
    ("it", "supported", "paraphrase", ["it/E403"], "Inserisci di nuovo la password, attiva la banda dei 2,4 GHz sul router oppure collega la stampante con la porta Ethernet."),
    ("it", "supported", "paraphrase", ["it/E405"], "Rigenera il file con il profilo Aurora del tuo modello; ricorda che il G-code binario richiede il firmware 3.2 o successivo."),
    ("it", "supported", "paraphrase", ["it/E406"], "Con la stampante scollegata, sostituisci la batteria CR2032, oppure abilita l'ora di rete."),
    ("it", "supported", "paraphrase", ["it/E407"], "Controlla che il pezzo sia ancora attaccato al piano, poi seleziona Riprendi: hotend e piano si riscalderanno prima di proseguire."),
    ("it", "supported", "paraphrase", ["it/C101"], "Porta la profondità di passata a metà del diametro dell'utensile, riduci l'avanzamento del 20 % e cambia gli utensili consumati."),
    ("it", "supported", "paraphrase", ["it/C102"], "Azzera l'allarme dell'inverter, verifica il cavo del mandrino e, sull'AC-1, cambia le spazzole ogni 300 ore."),
    ("it", "supported", "paraphrase", ["it/C103"], "Sposta l'asse via dal finecorsa nella direzione opposta, rifai l'homing e controlla l'ingombro del lavoro."),
    ("it", "supported", "paraphrase", ["it/C104"], "Dalla pagina di diagnostica prova a mano ogni finecorsa, poi sostituisci quello difettoso o ripara il cavo."),
    ("it", "supported", "paraphrase", ["it/C105"], "Collega il presettatore, pulisci la sua piastra e fai in modo che l'utensile sporga di almeno 15 mm dalla pinza."),
    ("it", "supported", "paraphrase", ["it/C107"], "Accendi l'aspiratore e controlla tubo e sacco; l'interblocco non va mai disattivato."),
    ("it", "supported", "paraphrase", ["it/C108"], "Pulisci e ingrassa le guide lineari, verifica cremagliera e pignone e abbassa l'accelerazione."),
    ("it", "supported", "paraphrase", ["it/C109"], "Rigenera il programma con il post-processore Aurora AC oppure attiva nel CAM la linearizzazione degli archi."),
    ("it", "supported", "paraphrase", ["it/C110"], "Ferma il mandrino e lascialo raffreddare dopo aver controllato la pompa sull'AC-2 o pulito le prese d'aria sull'AC-1."),
    ("it", "supported", "paraphrase", ["it/C112"], "Esegui l'homing in modo che i due finecorsa Y rimettano in squadra il portale e controlla che nessun pignone sia slittato."),
    ("it", "supported", "paraphrase", ["it/C114"], "Disattiva il risparmio energetico USB e usa il cavo USB schermato con ferriti, oppure avvia il lavoro dalla memoria del controller."),
    ("it", "supported", "paraphrase", ["it/L102"], "Pulisci il radiatore del refrigeratore, mantieni il locale sotto i 28 °C e metti in pausa i lavori lunghi finché il liquido non torna sotto i 25 °C."),
    ("it", "supported", "paraphrase", ["it/L104"], "Prima individua il motivo per cui è stato premuto e metti in sicurezza la macchina, poi ruota il pulsante in senso orario e premi Reset."),
    ("it", "supported", "paraphrase", ["it/L107"], "Verifica che il tubo dell'aria non perda, pulisci il filtro d'aspirazione e, se la pressione resta bassa, sostituisci la pompa AL-AIR-60."),
    ("it", "supported", "paraphrase", ["it/L110"], "Pulisci le guide, togli gli scarti da sotto il portale, tendi le cinghie e rifai l'homing."),
    ("it", "supported", "paraphrase", ["it/L113"], "Spegni la macchina, collega l'asse rotativo alla presa Y, abilita Rotativo nelle impostazioni e riaccendi."),
    ("it", "supported", "paraphrase", ["it/L114"], "Sposta l'origine o ridimensiona il disegno finché l'anteprima del contorno rimane all'interno del piano."),
    ("it", "supported", "paraphrase", ["it/L117"], "Smonta il portalente, pulisci la lente con alcol isopropilico e rimontala con il lato curvo verso l'alto, controllando poi la guarnizione."),
    ("it", "supported", "paraphrase", ["it/3d-printer/sicurezza/Fumi"], "Stampa ABS e ASA sull'AP-300 con il filtro a carboni e in un locale ventilato, perché rilasciano stirene."),
    ("it", "supported", "paraphrase", ["it/laser-cutter/sicurezza/Radiazione laser"], "Non escludere mai l'interblocco del coperchio (L103) né quello dello sportello (L116): il raggio CO2 da 10,6 µm non si vede e ustiona pelle e occhi."),
    ("it", "supported", "paraphrase", ["it/E101", "it/3d-printer/sicurezza/Superfici calde"], "Aspetta che l'hotend scenda sotto i 50 °C, poi rimonta la calza in silicone e serra la vite del termistore."),
    ("it", "supported", "paraphrase", ["it/L107", "it/laser-cutter/sicurezza/Incendio"], "Mantieni sempre attiva l'aria assistita: se la pressione resta bassa anche dopo aver pulito il filtro d'aspirazione, sostituisci la pompa AL-AIR-60."),
    ("it", "supported", "paraphrase", ["it/C107", "it/cnc-router/sicurezza/Polveri"], "Tieni sempre acceso l'aspiratore, perché la polvere di legno e MDF è nociva e può incendiarsi, e non disattivarne mai l'interblocco."),
    ("it", "supported", "paraphrase", ["it/C106", "it/cnc-router/sicurezza/Arresto di emergenza"], "Prima di ripristinare capisci perché è scattata l'emergenza, poi sblocca tutti i pulsanti di emergenza e premi Reset."),
    ("it", "supported", "paraphrase", ["it/L115", "it/laser-cutter/sicurezza/Alta tensione"], "Spegni e scollega la macchina senza aprire il vano elettronico: l'alimentatore resta carico anche da spento e deve controllarlo un tecnico autorizzato."),

    # ------------------------------------------------------------------ Italian, unsupported
    ("it", "unsupported", "off_topic", ["it/E404"], "Formatta la chiavetta in FAT32 e copia di nuovo il G-code."),
    ("it", "unsupported", "off_topic", ["it/E203"], "Serra i grani delle pulegge e riduci l'accelerazione a 2000 mm/s²."),
    ("it", "unsupported", "off_topic", ["it/L101"], "Pulisci l'obiettivo della telecamera e posiziona la scheda di calibrazione al centro del piano."),
    ("it", "unsupported", "off_topic", ["it/C101"], "Allontana l'asse dal finecorsa nella direzione opposta ed esegui di nuovo l'homing."),
    ("it", "unsupported", "off_topic", ["it/E107"], "Reinserisci la password del Wi-Fi oppure collega la stampante tramite la porta Ethernet."),
    ("it", "unsupported", "off_topic", ["it/L110"], "Gira la chiave di abilitazione e chiama un tecnico autorizzato per il tubo."),
    ("it", "unsupported", "off_topic", ["it/C113"], "Collega la clip magnetica al gambo dell'utensile e prova il circuito toccando la piastrina."),
    ("it", "unsupported", "off_topic", ["it/E301"], "Pulisci il convogliatore, ricollega il connettore e sostituisci la ventola se necessario."),
    ("it", "unsupported", "off_topic", ["it/3d-printer/sicurezza/Fumi"], "Collega la stampante a un'altra presa senza prolunghe e controlla la tensione di alimentazione."),
    ("it", "unsupported", "off_topic", ["it/L117"], "Chiudi lo sportello frontale e premi Start per riprendere il lavoro."),
    ("it", "unsupported", "off_topic", ["it/C109"], "Usa il cavo USB schermato con ferriti e disattiva il risparmio energetico USB del computer."),

    ("it", "unsupported", "wrong_number", ["it/3d-printer/sicurezza/Superfici calde"], "Prima di toccare il blocco riscaldante o sostituire il termistore, aspetta che l'hotend scenda sotto gli 80 °C."),
    ("it", "unsupported", "wrong_number", ["it/E303"], "Se la cold pull non basta, sostituisci l'ugello AP-NZ-0.4 a caldo a 215 °C tenendo fermo il blocco con una chiave."),
    ("it", "unsupported", "wrong_number", ["it/E204"], "Serra i grani delle pulegge, regola le cinghie e riduci l'accelerazione a 1000 mm/s²."),
    ("it", "unsupported", "wrong_number", ["it/C101"], "Riduci la profondità di passata a metà del diametro dell'utensile e abbassa l'avanzamento del 50 %."),
    ("it", "unsupported", "wrong_number", ["it/C105"], "Collega il presettatore, pulisci la piastra e fai sporgere l'utensile almeno 5 mm dalla pinza."),
    ("it", "unsupported", "wrong_number", ["it/L102"], "Pulisci il radiatore, tieni l'ambiente sotto i 35 °C e sospendi i lavori lunghi finché il liquido non scende sotto i 25 °C."),
    ("it", "unsupported", "wrong_number", ["it/E402"], "Formatta la chiavetta in FAT32 (meglio 128 GB o meno) e copia di nuovo il G-code."),
    ("it", "unsupported", "wrong_number", ["it/L111"], "Libera la punta della sonda oppure regola il fuoco a mano con lo spessore da 3 mm."),
    ("it", "unsupported", "wrong_number", ["it/C102"], "Azzera l'allarme dell'inverter e sostituisci le spazzole dell'AC-1 ogni 500 ore."),
    ("it", "unsupported", "wrong_number", ["it/E207"], "Pulisci la ventola dell'elettronica e tieni l'ambiente sotto i 40 °C."),
    ("it", "unsupported", "wrong_number", ["it/cnc-router/sicurezza/Arresto di emergenza"], "Prova i pulsanti di emergenza (C106) una volta al mese e capisci la causa prima di ripristinare."),
    ("it", "unsupported", "wrong_number", ["it/E106"], "Misura la cartuccia (circa 40 Ω) e sostituiscila se fuori tolleranza, oppure cambia il fusibile F2 da 5 A."),
    ("it", "unsupported", "wrong_number", ["it/E304"], "Taglia la punta a 45 gradi, raddrizza gli ultimi 20 cm e spingila delicatamente durante il caricamento."),

    ("it", "unsupported", "wrong_code", ["it/E102"], "Per l'errore E103, ricollega il connettore e, se il multimetro indica resistenza infinita, sostituisci il termistore AP-TH-100K."),
    ("it", "unsupported", "wrong_code", ["it/E108"], "In caso di E109, rimuovi i residui di filamento, ricollega il connettore e sostituisci la ventola AP-FAN-4010 se resta ferma."),
    ("it", "unsupported", "wrong_code", ["it/C111"], "Con l'errore C105, collega la clip al gambo dell'utensile e prova il circuito toccando la piastrina con la clip."),
    ("it", "unsupported", "wrong_code", ["it/L103"], "Per risolvere l'errore L116, pulisci i contatti magnetici e regola il riscontro del coperchio."),
    ("it", "unsupported", "wrong_code", ["it/E201"], "L'errore E202 si risolve rimuovendo gli ostacoli, tendendo la cinghia X ed eseguendo l'autotest degli assi."),
    ("it", "unsupported", "wrong_code", ["it/C110"], "Il codice C101 indica che il corpo del mandrino supera i 60 °C: ferma il mandrino e lascialo raffreddare."),
    ("it", "unsupported", "wrong_code", ["it/L105"], "Se compare L115, gira la chiave di abilitazione e chiama un tecnico autorizzato per il cavo di alta tensione o il tubo."),
    ("it", "unsupported", "wrong_code", ["it/E401"], "Per l'errore E405, scarica di nuovo il firmware, verificane lo SHA-256 e copialo su una chiavetta FAT32."),
    ("it", "unsupported", "wrong_code", ["it/laser-cutter/sicurezza/Fumi e materiali vietati"], "Tieni sempre acceso l'aspiratore (L107) e non tagliare mai PVC o vinile."),
    ("it", "unsupported", "wrong_code", ["it/3d-printer/sicurezza/Incendio"], "Non disattivare mai la protezione dalla fuga termica (E102, E105) e installa un rilevatore di fumo sopra la stampante."),

    ("it", "unsupported", "fabricated", ["it/E404"], "Ricollega il cavo piatto su entrambi i lati e, se l'errore ritorna, sostituisci insieme la scheda del display e la scheda madre."),
    ("it", "unsupported", "fabricated", ["it/L117"], "Smonta il portalente, sostituisci la lente con una nuova e ingrassa la guarnizione con grasso al silicone prima di rimontarla."),
    ("it", "unsupported", "fabricated", ["it/E106"], "Se la cartuccia è fuori tolleranza, pulisci i contatti con alcol isopropilico e ricrimpa il connettore prima di sostituire qualcosa."),
    ("it", "unsupported", "fabricated", ["it/C102"], "Azzera l'allarme dell'inverter e abbassa la velocità del mandrino impostata nel programma, così la raggiunge in tempo."),
    ("it", "unsupported", "fabricated", ["it/L101"], "Raddrizza i tubi in silicone e aggiungi un po' di antigelo al glicole nel refrigeratore, così il flussostato legge correttamente."),
    ("it", "unsupported", "fabricated", ["it/E205"], "Esegui l'allineamento Z e, se il piano è deformato, spessora gli angoli con fogli di carta finché la deviazione rientra."),
    ("it", "unsupported", "fabricated", ["it/C109"], "Rigenera il programma e converti a mano tutti gli archi G2/G3 in movimenti G1 modificando il G-code con un editor di testo."),
    ("it", "unsupported", "fabricated", ["it/E403"], "Reinserisci la password e ripristina il router alle impostazioni di fabbrica prima di collegare di nuovo la stampante."),
    ("it", "unsupported", "fabricated", ["it/L109"], "Tieni chiuso il coperchio e, prima di ripartire, bagna il piano a nido d'ape con acqua per spegnere eventuali braci."),
    ("it", "unsupported", "fabricated", ["it/E305"], "Pulisci il pulitore, ricalibra il dock e lubrifica i perni del dock con una goccia di olio per macchine."),
    ("it", "unsupported", "fabricated", ["it/L112"], "Pulisci l'obiettivo e aggiorna il firmware della telecamera del coperchio prima di ripetere la calibrazione."),
    ("it", "unsupported", "fabricated", ["it/C113"], "Copri le zone inutilizzate e sigilla i bordi del piano di sacrificio con colla vinilica per eliminare le perdite."),

    ("it", "unsupported", "contradiction", ["it/E404"], "Senza spegnere la stampante, ricollega il cavo piatto su entrambi i lati per vedere subito se l'errore scompare."),
    ("it", "unsupported", "contradiction", ["it/L103"], "Se i contatti sono puliti ma l'errore resta, ponticella temporaneamente l'interblocco per finire il lavoro."),
    ("it", "unsupported", "contradiction", ["it/C107"], "Se per questo lavoro l'aspiratore non serve, disattiva l'interblocco e prosegui."),
    ("it", "unsupported", "contradiction", ["it/L101"], "Spara un breve impulso di prova con l'allarme attivo per capire se il tubo funziona ancora."),
    ("it", "unsupported", "contradiction", ["it/L108"], "Lascia terminare il lavoro in corso, poi controlla l'alimentazione e il condotto del ventilatore."),
    ("it", "unsupported", "contradiction", ["it/E110"], "Se la tensione resta fuori intervallo, apri l'alimentatore AP-PSU-240W e controlla il fusibile interno prima di sostituirlo."),
    ("it", "unsupported", "contradiction", ["it/cnc-router/sicurezza/Utensili in rotazione"], "Durante il taglio togli a mano i trucioli vicino al mandrino, facendo attenzione a non toccare la fresa."),
    ("it", "unsupported", "contradiction", ["it/3d-printer/sicurezza/Incendio"], "Se la protezione dalla fuga termica scatta di continuo, disattivala temporaneamente dal firmware per finire la stampa."),
    ("it", "unsupported", "contradiction", ["it/L113"], "Lascia la macchina accesa, collega il rotativo alla presa Y e abilita Rotativo nelle impostazioni."),
    ("it", "unsupported", "contradiction", ["it/E406"], "Sostituisci subito la batteria dell'orologio: con la batteria scarica la stampante non può avviare le stampe."),
    ("it", "unsupported", "contradiction", ["it/laser-cutter/sicurezza/Fumi e materiali vietati"], "PVC e vinile si possono tagliare in sicurezza purché l'aspiratore (L108) sia acceso."),
    ("it", "unsupported", "contradiction", ["it/L109"], "Apri subito il coperchio per far uscire i fumi della fiamma e riparti con la stessa velocità e potenza."),

    # ------------------------------------------------------------------ Italian, partial
    ("it", "partial", "partial", ["it/E404"], "Spegni e ricollega il cavo piatto su entrambi i lati, poi aggiorna il firmware del display da una chiavetta FAT32."),
    ("it", "partial", "partial", ["it/E101"], "Esegui la calibrazione PID e abbassa al 50 % la velocità della ventola del pezzo nello slicer."),
    ("it", "partial", "partial", ["it/E302"], "Districa la bobina e aumenta di 10 °C la temperatura; inoltre essicca il filamento a 50 °C per quattro ore."),
    ("it", "partial", "partial", ["it/L117"], "Pulisci la lente con alcol isopropilico e poi riallinea il raggio dallo specchio 1 al 3."),
    ("it", "partial", "partial", ["it/C101"], "Riduci la profondità di passata a metà del diametro dell'utensile e passa a una strategia di fresatura concorde nel CAM."),
    ("it", "partial", "partial", ["it/C104"], "Sostituisci il finecorsa guasto o ripara il cavo, poi aggiorna il firmware del controller."),
    ("it", "partial", "partial", ["it/L102"], "Pulisci il radiatore del refrigeratore e, per i lavori lunghi d'estate, aggiungi un secondo refrigeratore in serie."),
    ("it", "partial", "partial", ["it/E110"], "Prova un'altra presa senza prolunghe e installa un gruppo di continuità tra la rete e la stampante."),
    ("it", "partial", "partial", ["it/C114"], "Usa il cavo USB schermato con ferriti e collega a terra il corpo del mandrino al telaio del controller."),
    ("it", "partial", "partial", ["it/E208"], "Ruota il tenditore finché il controllo rientra nell'intervallo e sostituisci entrambe le cinghie se hanno più di un anno."),
    ("it", "partial", "partial", ["it/L106"], "Pulisci specchi e lente con alcol isopropilico e aumenta la potenza del 10 % finché i tagli non passano di nuovo."),
    ("it", "partial", "partial", ["it/E203"], "Pulisci la sonda e regolane l'altezza con lo spessore da 0,5 mm, poi ripeti la mesh del piano con 7 × 7 punti."),
    ("it", "partial", "partial", ["it/C110"], "Ferma il mandrino e lascialo raffreddare, poi riempi il circuito dell'AC-2 con una miscela di glicole al 50 %."),
    ("it", "partial", "partial", ["it/E402"], "Formatta la chiavetta in FAT32 e copia di nuovo il G-code, usando nomi di file di al massimo otto caratteri."),
    ("it", "partial", "partial", ["it/laser-cutter/sicurezza/Incendio"], "Non lasciare mai la macchina incustodita durante il taglio e tieni vicino un secchio d'acqua."),
    ("it", "partial", "partial", ["it/L104"], "Ruota il pulsante in senso orario per sbloccarlo e premi Reset, poi esegui l'homing prima di ripartire."),
    ("it", "partial", "partial", ["it/cnc-router/sicurezza/Bloccaggio del pezzo"], "Blocca ogni pezzo con morsetti o con il piano aspirato (C113) e dimezza l'avanzamento nelle prime passate."),
    ("it", "partial", "partial", ["it/C112"], "Esegui l'homing per squadrare il portale con i finecorsa Y, poi allenta i bulloni del portale e squadralo con una squadra da falegname."),
    ("it", "partial", "partial", ["it/E405"], "Rigenera il file con il profilo Aurora del modello corretto e disattiva il G-code binario nello slicer."),
    ("it", "partial", "partial", ["it/E105"], "Ricollega il connettore del termistore del piano e applica un po' di pasta termica sotto il termistore prima di rimontarlo."),
    ("it", "partial", "partial", ["it/E107"], "Pulisci il filtro della ventola della camera e sostituisci la ventola se il filtro non è stato pulito da più di sei mesi."),
    ("it", "partial", "partial", ["it/C105"], "Collega il presettatore e pulisci la piastra, poi riduci la velocità di sondaggio a 50 mm/min."),
]


def main():
    # dev/test: every third case of each (language, label, kind) group goes to dev.
    seen = collections.Counter()
    per_lang = collections.Counter()
    rows = []
    for lang, label, kind, refs, step in CASES:
        group = (lang, label, kind)
        split = "dev" if seen[group] % 3 == 1 else "test"
        seen[group] += 1
        per_lang[lang] += 1
        chunks = []
        for ref in refs:
            cid, text = resolve(ref)
            assert cid.startswith(lang + "/"), (ref, lang)
            chunks.append({"chunk_id": cid, "text": text})
        rows.append({
            "id": "g-%s-%03d" % (lang, per_lang[lang]),
            "language": lang,
            "split": split,
            "label": label,
            "kind": kind,
            "step": step,
            "citations": [c["chunk_id"] for c in chunks],
            "chunks": chunks,
        })
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("wrote %d cases to %s" % (len(rows), OUT))


if __name__ == "__main__":
    main()
