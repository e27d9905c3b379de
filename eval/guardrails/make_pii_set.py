#!/usr/bin/env python3
"""Deterministic generator of the labelled PII detection test set (Italian + English
support tickets and technician notes).

    python3 eval/guardrails/make_pii_set.py

Writes pii.jsonl next to this script, re-reads it and validates every record
(substrings, check digits of every PII value, wrong check digits of the
check-digit near misses, no overlap, no unlabelled PII-looking strings), then prints
counts.  Python 3 standard library only; the random seed is fixed, so the output is
byte-for-byte reproducible.

Record format (one JSON object per line):
  {"id": "pii-0001", "language": "it"|"en", "text": "...",
   "pii": [{"type": "EMAIL", "value": "<exact substring of text>"}, ...],
   "near_misses": ["<substring that looks like PII but is not>", ...]}
"""
import ipaddress
import json
import os
import random
import re
import sys
import unicodedata
from collections import Counter

SEED = 20240617
N_RECORDS = 480
IT_SHARE = 0.55
PII_SHARE = 0.70
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pii.jsonl")

TYPES = ["EMAIL", "PHONE", "IBAN", "CARD", "CODICE_FISCALE", "PARTITA_IVA", "IP"]

rng = random.Random(SEED)


def pick(seq):
    return seq[rng.randrange(len(seq))]


def wpick(pairs):
    """pairs: list of (item, weight)"""
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights)[0]


def digits(n, first_nonzero=False):
    s = "".join(str(rng.randrange(10)) for _ in range(n))
    if first_nonzero and n:
        s = str(rng.randrange(1, 10)) + s[1:]
    return s


def hexs(n):
    return "".join(pick("0123456789abcdef") for _ in range(n))


def fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


# --------------------------------------------------------------------------------------
# Check-digit algorithms
# --------------------------------------------------------------------------------------
# Codice fiscale: official odd/even conversion tables (also used for the Italian CIN).
_CF_ODD_LETTERS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
                   16, 10, 22, 25, 24, 23]
CF_ODD = {}
CF_EVEN = {}
for _i in range(26):
    CF_ODD[chr(65 + _i)] = _CF_ODD_LETTERS[_i]
    CF_EVEN[chr(65 + _i)] = _i
for _i in range(10):
    CF_ODD[str(_i)] = _CF_ODD_LETTERS[_i]  # '0' == 'A', '1' == 'B', ...
    CF_EVEN[str(_i)] = _i
CF_MONTHS = "ABCDEHLMPRST"
CF_RE = re.compile(r"^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$")


def cf_check_char(first15):
    s = 0
    for i, ch in enumerate(first15.upper()):
        s += CF_ODD[ch] if i % 2 == 0 else CF_EVEN[ch]  # positions 1,3,5.. are "odd"
    return chr(65 + s % 26)


def cf_valid(v):
    u = v.upper()
    if not CF_RE.match(u) or u[8] not in CF_MONTHS:
        return False
    day = int(u[9:11])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return False
    return cf_check_char(u[:15]) == u[15]


def it_cin(abi, cab, conto):
    """Italian BBAN CIN: same odd/even tables as the codice fiscale, over ABI+CAB+conto."""
    return cf_check_char(abi + cab + conto)


def _iban_int(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_check_digits(cc, bban):
    return "%02d" % (98 - _iban_int(bban + cc + "00") % 97)


IBAN_LEN = {"IT": 27, "DE": 22, "FR": 27, "ES": 24}


def iban_valid(v):
    s = v.replace(" ", "").upper()
    if not re.match(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$", s):
        return False
    if s[:2] in IBAN_LEN and len(s) != IBAN_LEN[s[:2]]:
        return False
    return _iban_int(s[4:] + s[:4]) % 97 == 1


def fr_rib_key(bank, branch, account):
    tr = {}
    for d, letters in enumerate(["", "AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX", "HQY", "IRZ"]):
        for L in letters:
            tr[L] = str(d)
    acc = "".join(tr.get(c, c) for c in account)
    return "%02d" % (97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97)


def es_dc(ten):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(c) * k for c, k in zip(ten, w)) % 11
    return {11: 0, 10: 1}.get(r, r)


def luhn_valid(num):
    ds = [int(c) for c in num if c.isdigit()]
    s = 0
    for i, d in enumerate(reversed(ds)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def luhn_complete(partial):
    for d in "0123456789":
        if luhn_valid(partial + d):
            return partial + d
    raise AssertionError


def piva_check(first10):
    x = sum(int(first10[i]) for i in range(0, 10, 2))
    y = 0
    for i in range(1, 10, 2):
        d = int(first10[i]) * 2
        y += d - 9 if d > 9 else d
    return str((10 - (x + y) % 10) % 10)


def piva_valid(v):
    s = v[2:] if v.startswith("IT") else v
    return bool(re.match(r"^\d{11}$", s)) and piva_check(s[:10]) == s[10]


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def email_valid(v):
    return bool(re.fullmatch(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}", v)) \
        and ".." not in v and not v.split("@")[0].startswith(".")


def phone_valid(v):
    if not re.fullmatch(r"[+\d][\d ()./-]*\d", v):
        return False
    d = re.sub(r"\D", "", v)
    if v.startswith("+39") or v.startswith("0039"):
        nat = d[2:] if v.startswith("+") else d[4:]
    elif v.startswith("+"):
        return 8 <= len(d) <= 15
    else:
        nat = d
    return bool(re.fullmatch(r"3\d{8,9}", nat) or re.fullmatch(r"0\d{5,10}", nat))


def ip_valid(v):
    try:
        ipaddress.ip_address(v)
    except ValueError:
        return False
    if ":" not in v:
        return bool(re.fullmatch(r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}", v))
    return True


def card_valid(v):
    if not re.fullmatch(r"\d[\d -]*\d", v):
        return False
    d = re.sub(r"\D", "", v)
    if not luhn_valid(d):
        return False
    if len(d) == 15:
        return d[:2] in ("34", "37")
    if len(d) == 16:
        return d[0] == "4" or 51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720
    return False


VALIDATORS = {
    "EMAIL": email_valid, "PHONE": phone_valid, "IBAN": iban_valid, "CARD": card_valid,
    "CODICE_FISCALE": cf_valid, "PARTITA_IVA": piva_valid, "IP": ip_valid,
}


def self_test():
    assert cf_check_char("RSSMRA80A01H501") == "U"
    assert it_cin("05428", "11101", "000000123456") == "X"
    assert iban_valid("IT60X0542811101000000123456")
    assert iban_valid("IT60 X054 2811 1010 0000 0123 456")
    assert iban_valid("DE89370400440532013000")
    assert iban_valid("FR1420041010050500013M02606")
    assert fr_rib_key("20041", "01005", "0500013M026") == "06"
    assert iban_valid("ES9121000418450200051332")
    assert (es_dc("00" + "2100" + "0418"), es_dc("0200051332")) == (4, 5)
    assert not iban_valid("IT61X0542811101000000123456")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert card_valid("3782 822463 10005")
    assert piva_valid("12345678903") and not piva_valid("12345678904")
    assert ip_valid("2001:db8::1") and not ip_valid("256.1.1.1") and not ip_valid("1.2.3")
    assert phone_valid("+1 (415) 555-0132") and phone_valid("347 123 4567")
    assert phone_valid("0039 347 1234567") and phone_valid("06-12345678")
    # the record validator must catch unlabelled or mislabelled strings
    bad = {"language": "it", "text": "scrivere a a.b@c.it, carta 4111 1111 1111 1111, ip 10.0.0.1, "
           "CF RSSMRA80A01H501U, v 1.2.3", "pii": [], "near_misses": ["1.2.3", "RSSMRA80A01H501U"]}
    errs = " ".join(validate_record(bad))
    for needle in ("unlabelled email", "unlabelled long number", "unlabelled IPv4", "valid codice fiscale"):
        assert needle in errs, needle
    ok = {"language": "en", "text": "card 4111 1111 1111 1111, tracking 4111111111111112",
          "pii": [{"type": "CARD", "value": "4111 1111 1111 1111"}],
          "near_misses": ["tracking 4111111111111112"]}
    assert validate_record(ok) == [], validate_record(ok)
    assert validate_record(dict(ok, near_misses=["tracking 4111111111111111"])) != []
    assert validate_record(dict(ok, near_misses=["1111 1111"])) != []  # overlaps the card


# --------------------------------------------------------------------------------------
# Building blocks: people, companies
# --------------------------------------------------------------------------------------
IT_FIRST_M = ["Marco", "Luca", "Giuseppe", "Andrea", "Francesco", "Alessandro", "Matteo",
              "Lorenzo", "Davide", "Stefano", "Paolo", "Roberto", "Simone", "Federico",
              "Giovanni", "Antonio", "Nicola", "Riccardo", "Emanuele", "Fabio", "Niccolò"]
IT_FIRST_F = ["Giulia", "Francesca", "Chiara", "Sara", "Martina", "Elena", "Valentina",
              "Alessia", "Federica", "Silvia", "Laura", "Anna", "Paola", "Elisa", "Roberta",
              "Ilaria", "Beatrice", "Giorgia", "Serena", "Marta", "Lucrezia"]
IT_LAST = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
           "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
           "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro",
           "Mariani", "Rinaldi", "Caruso", "Ferri", "Galli", "Martini", "Leone", "Longo",
           "Gentile", "Martinelli", "Vitale", "Serra", "Coppola", "De Santis", "D'Angelo",
           "Marchetti", "Parisi", "Villa", "Conte", "Fabbri", "Marini", "Grasso",
           "Valentini", "Messina", "Sala", "Gatti", "Pellegrini", "Palumbo", "Sanna",
           "Farina", "Monti", "Cattaneo", "Zanetti", "Bellini", "Orlando", "Testa", "Basile"]
EN_FIRST_M = ["James", "John", "Michael", "David", "Daniel", "Thomas", "Oliver", "George",
              "Harry", "Jack", "Peter", "Mark", "Paul", "Andrew", "Chris", "Lukas", "Pierre"]
EN_FIRST_F = ["Emma", "Olivia", "Sophie", "Emily", "Charlotte", "Hannah", "Laura", "Sarah",
              "Rachel", "Lucy", "Kate", "Anna", "Jessica", "Amy", "Grace", "Claire", "Lena"]
EN_LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
           "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
           "Hall", "Wood", "Jackson", "Clarke", "O'Brien", "Müller", "Schmidt", "Fischer",
           "Weber", "Martin", "Dubois", "Lefèvre", "García", "Fernández", "Murphy", "Kelly"]
IT_PLACES = ["H501", "F205", "L219", "F839", "G273", "D969", "A944", "D612", "L736", "L781",
             "G224", "B157", "A794", "A662", "C351", "E506", "L424", "L483", "G337", "H223",
             "F257", "A271", "H294", "E463", "B354", "L049", "I452", "C933"]
FOREIGN_PLACES = ["Z114", "Z112", "Z110", "Z404", "Z131", "Z133", "Z129", "Z116", "Z100"]

COMPANIES = [("Officine Ferri Srl", "officine-ferri"), ("Tecnoplast S.r.l.", "tecnoplast"),
             ("Studio Moretti", "studiomoretti"), ("Gallo Design Snc", "gallodesign"),
             ("Proto Lab S.p.A.", "protolab"), ("FabLab Padova", "fablab-padova"),
             ("Meccanica Bellini", "meccanicabellini"), ("Stampa3D Lab", "stampa3d-lab"),
             ("Orlando Prototipi", "orlandoprototipi"), ("Brightmodels Ltd", "brightmodels"),
             ("Printworks GmbH", "printworks"), ("Maker Hub Torino", "makerhub-torino"),
             ("Conti Arredi", "contiarredi"), ("Elettronica Sanna", "elettronicasanna")]
COMPANY_TLDS = ["it", "it", "it", "com", "eu", "co.uk", "de", "net"]
IT_MAIL = ["gmail.com", "libero.it", "hotmail.it", "outlook.it", "yahoo.it", "tiscali.it",
           "alice.it", "virgilio.it", "fastwebnet.it", "icloud.com", "tim.it", "email.it"]
EN_MAIL = ["gmail.com", "outlook.com", "hotmail.co.uk", "yahoo.co.uk", "icloud.com",
           "btinternet.com", "protonmail.com", "gmx.de", "web.de", "orange.fr", "live.com"]
GENERIC_LOCAL_IT = ["info", "assistenza", "ufficio.tecnico", "acquisti", "amministrazione",
                    "laboratorio", "produzione", "ordini"]
GENERIC_LOCAL_EN = ["info", "support", "orders", "workshop", "accounts", "lab", "office"]
PLUS_TAGS = ["stampa", "3d", "ticket", "assistenza", "support", "amazon", "printer", "ap300"]
# Products of the project's knowledge base (kb/): model names and error-code families.
PRODUCTS = [("3d", 60), ("cnc", 20), ("laser", 20)]
MODELS = {"3d": ["AP-200", "AP-300"], "cnc": ["AC-1", "AC-2"], "laser": ["AL-40", "AL-60"]}
ERROR_CODES = {
    "3d": ["E%d" % n for n in list(range(101, 111)) + list(range(201, 209)) + list(range(301, 307))
           + list(range(401, 408))],
    "cnc": ["C%d" % n for n in range(101, 115)],
    "laser": ["L%d" % n for n in range(101, 118)],
}


class Person:
    def __init__(self, lang):
        italian = lang == "it" and rng.random() < 0.92 or lang == "en" and rng.random() < 0.35
        self.gender = pick("MF")
        if italian:
            self.first = pick(IT_FIRST_M if self.gender == "M" else IT_FIRST_F)
            self.last = pick(IT_LAST)
            self.place = pick(IT_PLACES)
        else:
            self.first = pick(EN_FIRST_M if self.gender == "M" else EN_FIRST_F)
            self.last = pick(EN_LAST)
            self.place = pick(FOREIGN_PLACES) if rng.random() < 0.8 else pick(IT_PLACES)
        self.year = rng.randrange(1948, 2005)
        self.month = rng.randrange(1, 13)
        self.day = rng.randrange(1, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][self.month - 1] + 1)

    @property
    def full(self):
        return "%s %s" % (self.first, self.last)


def cf_part(name, is_first):
    letters = [c for c in fold(name).upper() if "A" <= c <= "Z"]
    cons = [c for c in letters if c not in "AEIOU"]
    vow = [c for c in letters if c in "AEIOU"]
    if is_first and len(cons) >= 4:
        return cons[0] + cons[2] + cons[3]
    return ("".join(cons) + "".join(vow) + "XXX")[:3]


def cf_for(p):
    day = p.day + (40 if p.gender == "F" else 0)
    body = "%s%s%02d%s%02d%s" % (cf_part(p.last, False), cf_part(p.first, True), p.year % 100,
                                 CF_MONTHS[p.month - 1], day, p.place)
    return body + cf_check_char(body)


# --------------------------------------------------------------------------------------
# PII value generators: each returns (TYPE, value, subtype)
# --------------------------------------------------------------------------------------
class Ctx:
    def __init__(self, lang):
        self.lang = lang
        self.person = Person(lang)
        self.company = pick(COMPANIES)
        self.product = wpick(PRODUCTS)
        self.model = pick(MODELS[self.product])
        self.used = set()
        self.email_from_person_done = False


def gen_email(ctx, pec=False):
    p = ctx.person
    f = re.sub(r"[^a-z]", "", fold(p.first).lower())
    l = re.sub(r"[^a-z]", "", fold(p.last).lower())
    comp_name, comp_slug = ctx.company
    if pec:
        local, dom = wpick([((pick(["amministrazione", "fatture", comp_slug.replace("-", "")]),
                               "pec." + comp_slug + ".it"), 2),
                             ((comp_slug, pick(["pec.it", "legalmail.it", "arubapec.it"])), 2)])
        return "EMAIL", local + "@" + dom, "pec"
    kind = wpick([("person", 6), ("company_person", 2), ("generic", 2)])
    if ctx.email_from_person_done and kind == "person":
        kind = "generic"
    if kind in ("person", "company_person"):
        local = wpick([(f + "." + l, 5), (f[0] + "." + l, 2), (f + l + str(p.year % 100), 2),
                       (l + "." + f, 1), (f + "_" + l, 1), (f[0] + l, 1),
                       (f + "." + l + str(rng.randrange(1, 99)), 1)])
        if kind == "person" and rng.random() < 0.18:
            local += "+" + pick(PLUS_TAGS)
        if kind == "person":
            dom = pick(IT_MAIL if ctx.lang == "it" and rng.random() < 0.85 else EN_MAIL)
        else:
            tld = pick(COMPANY_TLDS)
            dom = wpick([(comp_slug + "." + tld, 3), ("mail." + comp_slug + "." + tld, 1),
                         (pick(["tecnico", "uk", "lab", "eu"]) + "." + comp_slug + "." + tld, 1)])
        ctx.email_from_person_done = True
    else:
        local = pick(GENERIC_LOCAL_IT if ctx.lang == "it" else GENERIC_LOCAL_EN)
        if rng.random() < 0.15:
            local += "+" + pick(PLUS_TAGS)
        tld = pick(COMPANY_TLDS)
        dom = wpick([(comp_slug + "." + tld, 3), ("mail." + comp_slug + "." + tld, 1),
                     ("amministrazione." + comp_slug + "." + tld, 1)])
    addr = local + "@" + dom
    if rng.random() < 0.06:  # some people type capitals
        addr = addr[0].upper() + addr[1:]
    return "EMAIL", addr, kind


IT_MOBILE_PREFIXES = ["320", "324", "327", "328", "329", "330", "331", "333", "334", "335",
                      "336", "337", "338", "339", "340", "342", "343", "345", "346", "347",
                      "348", "349", "350", "351", "360", "366", "368", "370", "371", "373",
                      "377", "380", "388", "389", "391", "392", "393"]
IT_AREAS = [("02", 8), ("06", 8), ("011", 7), ("010", 7), ("051", 7), ("055", 7), ("081", 7),
            ("091", 7), ("041", 7), ("045", 7), ("049", 7), ("030", 7), ("035", 7), ("080", 7),
            ("095", 7), ("071", 6), ("0432", 6), ("0521", 6), ("0522", 6), ("0461", 6),
            ("0471", 6), ("0444", 6), ("0585", 6), ("0721", 6)]


def gen_mobile():
    p = pick(IT_MOBILE_PREFIXES)
    sub = digits(7 if rng.random() < 0.9 else 6, first_nonzero=True)
    a, b = sub[:3], sub[3:]
    return wpick([
        ("%s %s %s" % (p, a, b), 4), (p + sub, 3), ("%s %s" % (p, sub), 3), ("%s-%s" % (p, sub), 1),
        ("%s.%s.%s" % (p, a, b), 1), ("+39 %s %s" % (p, sub), 3), ("+39 %s %s %s" % (p, a, b), 2),
        ("+39" + p + sub, 1), ("0039 %s %s" % (p, sub), 1), ("+39 " + p + sub, 1),
        ("0039 %s %s %s" % (p, a, b), 1)])


def gen_landline():
    area, n = pick(IT_AREAS)
    if rng.random() < 0.2:
        n -= 1
    sub = digits(n, first_nonzero=True)
    if n == 8:
        grouped = "%s %s" % (sub[:4], sub[4:])
    elif n == 7:
        grouped = "%s %s" % (sub[:3], sub[3:])
    else:
        grouped = "%s %s" % (sub[:3], sub[3:]) if rng.random() < 0.5 else sub
    return wpick([
        ("%s %s" % (area, grouped), 4), ("%s-%s" % (area, sub), 2), ("%s %s" % (area, sub), 3),
        ("%s/%s" % (area, sub), 1), ("+39 %s %s" % (area, grouped), 3), ("+39 %s %s" % (area, sub), 1),
        ("0039 %s %s" % (area, sub), 1)])


def gen_intl():
    c = rng.randrange(16)
    if c == 0:
        x = "0" + digits(3)
        return wpick([("+44 20 7946 " + x, 3), ("+44 (0)20 7946 " + x, 1), ("+44207946" + x, 1)])
    if c == 1:
        return "+44 7700 900" + digits(3)
    if c == 2:
        return "+44 161 496 0" + digits(3)
    if c == 3:
        return wpick([("+49 30 " + digits(7, True), 2), ("+49 (0)30 " + digits(7, True), 1)])
    if c == 4:
        s = digits(8, True)
        return "+49 89 %s %s" % (s[:4], s[4:])
    if c == 5:
        return "+49 %s %s" % (pick(["151", "160", "170", "176"]), digits(8, True))
    if c in (6, 7):
        area = pick(["415", "212", "646", "312", "617", "206"])
        x = "01" + digits(2)
        return wpick([("+1 (%s) 555-%s" % (area, x), 3), ("+1 %s-555-%s" % (area, x), 2),
                      ("+1 %s 555 %s" % (area, x), 1)])
    if c == 8:
        s = digits(8, True)
        return "+33 1 %s %s %s %s" % (s[0:2], s[2:4], s[4:6], s[6:8])
    if c == 9:
        s = digits(8, True)
        return "+33 6 %s %s %s %s" % (s[0:2], s[2:4], s[4:6], s[6:8])
    if c == 10:
        s = digits(7, True)
        return "+41 %s %s %s %s" % (pick(["44", "22", "91", "79", "78"]), s[:3], s[3:5], s[5:])
    if c == 11:
        s = digits(7, True)
        return "+34 91 %s %s %s" % (s[:3], s[3:5], s[5:])
    if c == 12:
        s = digits(8)
        return "+34 6%s %s %s" % (s[:2], s[2:5], s[5:])
    if c == 13:
        s = digits(7, True)
        return "+31 20 %s %s" % (s[:3], s[3:])
    if c == 14:
        return "+43 %s %s" % (pick(["1", "664", "660"]), digits(7, True))
    s = digits(7, True)
    return "+353 1 %s %s" % (s[:3], s[3:])


def gen_phone(ctx, kind=None):
    if kind is None:
        kind = wpick([("mobile", 55), ("landline", 30), ("intl", 15)] if ctx.lang == "it" else
                     [("mobile", 40), ("landline", 22), ("intl", 38)])
    v = {"mobile": gen_mobile, "landline": gen_landline, "intl": gen_intl}[kind]()
    return "PHONE", v, kind


IT_ABI = ["03069", "02008", "05034", "01030", "05696", "03111", "05387", "06230", "03015",
          "03032", "08327", "05584", "03104", "07601", "01005", "06270"]


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def make_iban(country):
    if country == "IT":
        abi, cab = pick(IT_ABI), digits(5, True)
        conto = "0000" + digits(8) if rng.random() < 0.7 else (
            digits(12) if rng.random() < 0.7 else pick(["CC", "VC"]) + digits(10))
        bban = it_cin(abi, cab, conto) + abi + cab + conto
    elif country == "DE":
        bban = digits(8, True) + digits(10)
    elif country == "FR":
        bank, branch = digits(5, True), digits(5)
        acc = digits(11) if rng.random() < 0.8 else digits(8) + pick("ABCDEFGHJKLMNPRSTUVWXYZ") + digits(2)
        bban = bank + branch + acc + fr_rib_key(bank, branch, acc)
    else:  # ES
        bank, branch, acc = digits(4, True), digits(4), digits(10)
        bban = bank + branch + str(es_dc("00" + bank + branch)) + str(es_dc(acc)) + acc
    return country + iban_check_digits(country, bban) + bban


def gen_iban(ctx):
    country = wpick([("IT", 76), ("DE", 8), ("FR", 8), ("ES", 8)])
    v = make_iban(country)
    grouped = rng.random() < 0.5
    return "IBAN", group4(v) if grouped else v, country + ("-grouped" if grouped else "-compact")


def gen_card(ctx):
    brand = wpick([("visa", 45), ("mastercard", 35), ("amex", 20)])
    if brand == "visa":
        num = luhn_complete("4" + digits(14))
    elif brand == "mastercard":
        pre = str(rng.randrange(51, 56)) + digits(2) if rng.random() < 0.75 else str(rng.randrange(2221, 2721))
        num = luhn_complete(pre + digits(15 - len(pre)))
    else:
        num = luhn_complete(pick(["34", "37"]) + digits(12))
    style = wpick([("compact", 3), ("spaces", 5), ("dashes", 2)])
    if style != "compact":
        sep = " " if style == "spaces" else "-"
        if brand == "amex":
            num = sep.join([num[:4], num[4:10], num[10:]])
        else:
            num = sep.join(num[i:i + 4] for i in range(0, 16, 4))
    return "CARD", num, brand + "-" + style


def gen_cf(ctx, lower=None):
    v = cf_for(ctx.person)
    if lower is None:
        lower = rng.random() < 0.15
    return "CODICE_FISCALE", v.lower() if lower else v, "lower" if lower else "upper"


PIVA_OFFICES = ["%03d" % i for i in range(1, 101)] + ["120", "121", "888", "999"]


def make_piva():
    first = "0" + digits(6) if rng.random() < 0.6 else digits(7, True)
    body = first + pick(PIVA_OFFICES)
    return body + piva_check(body)


def gen_piva(ctx, it_prefix=None):
    if it_prefix is None:
        it_prefix = rng.random() < 0.3
    v = make_piva()
    return "PARTITA_IVA", ("IT" + v) if it_prefix else v, "IT-prefix" if it_prefix else "plain"


def gen_ipv4():
    c = wpick([("home", 5), ("ten", 3), ("172", 2), ("doc", 3), ("public", 3)])
    if c == "home":
        return "192.168.%d.%d" % (pick([0, 1, 1, 1, 2, 10, 50, 100, 178]), rng.randrange(2, 255))
    if c == "ten":
        return "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
    if c == "172":
        return "172.%d.%d.%d" % (rng.randrange(16, 32), rng.randrange(256), rng.randrange(1, 255))
    if c == "doc":
        return "%s.%d" % (pick(["203.0.113", "198.51.100", "192.0.2"]), rng.randrange(1, 255))
    return "%d.%d.%d.%d" % (pick([2, 5, 31, 37, 46, 62, 77, 79, 80, 82, 85, 87, 88, 93, 94, 95,
                                  151, 176, 185, 188, 212, 213, 217]),
                            rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))


def gen_ipv6():
    c = wpick([("doc", 5), ("ll", 2), ("global", 3)])
    if c == "doc":
        groups = ["2001", "db8"] + [pick(["0", "0", hexs(rng.randrange(1, 5))]) for _ in range(6)]
    elif c == "ll":
        groups = ["fe80", "0", "0", "0"] + [hexs(4) for _ in range(4)]
    else:
        groups = [pick(["2a01", "2a02", "2001", "2a00"]), hexs(3), hexs(4), hexs(4)] + \
                 [pick(["0", hexs(4)]) for _ in range(3)] + [hexs(rng.randrange(1, 5))]
    a = ipaddress.IPv6Address(":".join(groups))
    full = rng.random() < 0.45
    return (a.exploded if full else a.compressed), ("v6-full" if full else "v6-compressed")


def gen_ip(ctx, kind=None):
    if kind is None:
        kind = "v6" if rng.random() < 0.3 else "v4"
    if kind == "v4":
        return "IP", gen_ipv4(), "v4"
    v, sub = gen_ipv6()
    return "IP", v, sub


PII_GEN = {
    "EMAIL": lambda c: gen_email(c),
    "EMAIL_PEC": lambda c: gen_email(c, pec=True),
    "PHONE": lambda c: gen_phone(c),
    "PHONE_MOB": lambda c: gen_phone(c, "mobile"),
    "PHONE_LAND": lambda c: gen_phone(c, "landline"),
    "PHONE_INTL": lambda c: gen_phone(c, "intl"),
    "IBAN": gen_iban,
    "CARD": gen_card,
    "CF": lambda c: gen_cf(c),
    "CF_LOWER": lambda c: gen_cf(c, lower=True),
    "PIVA": lambda c: gen_piva(c),
    "PIVA_IT": lambda c: gen_piva(c, it_prefix=True),
    "IP": lambda c: gen_ip(c),
    "IPV4": lambda c: gen_ip(c, "v4"),
    "IPV6": lambda c: gen_ip(c, "v6"),
}

# --------------------------------------------------------------------------------------
# Near-miss generators: each returns (category, string)
# --------------------------------------------------------------------------------------
MONTHS_IT = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
             "settembre", "ottobre", "novembre", "dicembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def nm_err(ctx):
    if ctx.product == "3d" and rng.random() < 0.3:
        return "error_code", "#" + pick(["10101", "17255", "13309", "12201", "10701", "13505",
                                         str(rng.randrange(10000, 20000))])
    return "error_code", pick(ERROR_CODES[ctx.product])


def nm_errkw(ctx):
    n = str(rng.randrange(10000, 50000))
    if ctx.lang == "it":
        return "error_code", pick(["errore ", "codice errore ", "errore n. "]) + n
    return "error_code", pick(["error ", "error code ", "error no. "]) + n


def nm_order(ctx):
    y = str(rng.randrange(2022, 2026))
    it = ctx.lang == "it"
    return "order", wpick([
        (("ordine n. " if it else "order no. ") + y + "-" + digits(6, True), 3),
        (("ordine #" if it else "order #") + "45" + digits(8), 3),
        ("ORD-" + digits(8, True), 2),
        (("fattura " if it else "invoice ") + y + "/" + "%04d" % rng.randrange(1, 3000), 2),
        (("fattura n. " if it else "invoice no. ") + y + "/" + "%04d" % rng.randrange(1, 3000), 1),
        (("DDT " if it else "RMA-") + y + ("/" if it else "-") + "%04d" % rng.randrange(1, 2000), 1)])


def nm_serial(ctx):
    pre = [ctx.model.replace("-", "")[:4 if ctx.product == "laser" else 3]]
    return "serial", wpick([
        ("SN %s-%02d%02d%02d-%04d" % (pick(pre), rng.randrange(20, 25), rng.randrange(1, 13),
                                      rng.randrange(1, 29), rng.randrange(1, 9999)), 3),
        ("S/N " + pick(["CX", "ZB", "AD"]) + digits(8), 2),
        ("SN: %s-%02d%02d-%05d" % (pick(pre), rng.randrange(20, 25), rng.randrange(1, 13),
                                   rng.randrange(1, 99999)), 2),
        (("matricola " if ctx.lang == "it" else "serial ") + pick(pre) + "-" + digits(7), 1)])


def nm_rpm(ctx):
    n = pick([8000, 12000, 18000, 20000, 24000])
    if ctx.lang == "it":
        return "measure", pick(["%d giri/min" % n, "%d.%03d giri/min" % (n // 1000, n % 1000), "%d rpm" % n])
    return "measure", pick(["%d rpm" % n, "%d,%03d rpm" % (n // 1000, n % 1000), "%d RPM" % n])


def nm_tool(ctx):
    return "measure", _dec(pick(["6 mm", "3.175 mm", "4 mm", "8 mm", "2 mm"]), ctx.lang)


def nm_thick(ctx):
    return "measure", _dec(pick(["3 mm", "4 mm", "5 mm", "6 mm", "1.5 mm"]), ctx.lang)


def nm_pct(ctx):
    return "measure", pick(["%d%%" % pick([40, 60, 75, 80, 90, 100]), "%d %%" % pick([50, 70, 85])])


def nm_cooltemp(ctx):
    return "measure", pick(["%d °C" % n for n in (22, 25, 28, 30, 32)] + ["%d°C" % n for n in (25, 30)])


def nm_bar(ctx):
    return "measure", _dec(pick(["0.6 bar", "1.5 bar", "2 bar", "-0.8 bar", "0.3 bar"]), ctx.lang)


def _ver(n):
    parts = [str(rng.randrange(1, 8))] + [str(rng.randrange(0, 13)) for _ in range(n - 2)] + \
            [str(rng.randrange(0, 40))]
    return ".".join(parts)


def nm_fw(ctx):
    kw = "versione " if ctx.lang == "it" else "version "
    shape = wpick([("bare3", 15), ("fw3", 18), ("fw4", 20), ("v4", 22), ("v3", 8), ("ver4", 17)])
    cat = "version4" if shape.endswith("4") else "version3"
    s = {"bare3": lambda: _ver(3), "fw3": lambda: pick(["firmware ", "firmware ", "fw "]) + _ver(3),
         "fw4": lambda: "firmware " + _ver(4), "v4": lambda: "v" + _ver(4), "v3": lambda: "v" + _ver(3),
         "ver4": lambda: kw + _ver(4)}[shape]()
    return cat, s


def nm_date(ctx):
    y, m, d = rng.randrange(2023, 2026), rng.randrange(1, 13), rng.randrange(1, 29)
    if ctx.lang == "it":
        return "date_time", pick(["%02d/%02d/%d" % (d, m, y), "%02d.%02d.%d" % (d, m, y),
                                  "%d %s" % (d, MONTHS_IT[m - 1]), "%d %s %d" % (d, MONTHS_IT[m - 1], y),
                                  "%d-%02d-%02d" % (y, m, d)])
    return "date_time", pick(["%02d/%02d/%d" % (m, d, y), "%d %s %d" % (d, MONTHS_EN[m - 1], y),
                              "%s %d" % (MONTHS_EN[m - 1], d), "%d-%02d-%02d" % (y, m, d)])


def nm_time(ctx):
    h, mi = rng.randrange(8, 19), pick([0, 5, 10, 15, 20, 30, 40, 45, 50])
    if ctx.lang == "it":
        return "date_time", pick(["%d:%02d" % (h, mi), "%d.%02d" % (h, mi)])
    return "date_time", pick(["%d:%02d" % (h, mi), "%d:%02d %s" % ((h - 1) % 12 + 1, mi, "am" if h < 12 else "pm")])


def nm_logts(ctx):
    y, m, d = rng.randrange(2023, 2026), rng.randrange(1, 13), rng.randrange(1, 29)
    t = "%02d:%02d:%02d" % (rng.randrange(24), rng.randrange(60), rng.randrange(60))
    return "date_time", pick(["%d-%02d-%02d %s" % (y, m, d, t), "%d-%02d-%02dT%s" % (y, m, d, t),
                              "%02d/%02d/%d %s" % (d, m, y, t[:5])])


def nm_temp(ctx, bed=False):
    t = rng.randrange(10, 23) * 5 if bed else rng.randrange(36, 57) * 5
    return "measure", pick(["%d °C" % t, "%d°C" % t, "%d °C" % t])


def _dec(x, lang):
    return x.replace(".", ",") if lang == "it" and rng.random() < 0.6 else x


def nm_layer(ctx):
    return "measure", _dec(pick(["0.2", "0.15", "0.1", "0.28", "0.05", "0.12", "0.3"]), ctx.lang) + " mm"


def nm_filament(ctx):
    return "measure", _dec(pick(["1.75", "1.75", "2.85"]), ctx.lang) + " mm"


def nm_volt(ctx):
    return "measure", pick(["24 V", "12 V", "24V", "23.8 V" if ctx.lang == "en" else "23,8 V", "5 V", "11.6 V"])


def nm_psu(ctx):
    return "measure", pick(["24 V", "12 V", "350 W", "240 W", "24 V 15 A", "150 W"])


def nm_speed(ctx):
    return "measure", pick(["%d mm/min" % pick([1200, 1500, 3000, 6000, 9000]),
                            "%d mm/s" % pick([40, 60, 80, 120, 200, 250])])


def nm_price(ctx):
    e, c = rng.randrange(9, 400), pick(["00", "90", "99", "50", "49"])
    if ctx.lang == "it":
        return "price_qty", pick(["€ %d,%s" % (e, c), "%d,%s €" % (e, c), "%d euro" % e,
                                  "1.%03d,%s €" % (rng.randrange(0, 999), c)])
    return "price_qty", pick(["€%d.%s" % (e, c), "EUR %d.%s" % (e, c), "$%d.%s" % (e, c),
                              "£%d.%s" % (e, c), "€1,%03d.%s" % (rng.randrange(0, 999), c)])


def nm_qty(ctx):
    n = rng.randrange(2, 9)
    if ctx.lang == "it":
        return "price_qty", pick(["%d rotoli" % n, "%d pezzi" % n, "%d pz" % n, "%d kg" % n])
    return "price_qty", pick(["%d spools" % n, "%d pcs" % n, "%d units" % n, "%d kg" % n])


def nm_ticket(ctx):
    return "ticket_id", "tkt_" + hexs(pick([8, 10, 12]))


def nm_uuid(ctx):
    h = hexs(32)
    h = h[:12] + "4" + h[13:16] + pick("89ab") + h[17:]
    return "uuid", "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def nm_bad_iban(ctx):
    country = wpick([("IT", 70), ("DE", 10), ("FR", 10), ("ES", 10)])
    v = make_iban(country)
    while True:
        if rng.random() < 0.6:  # wrong check digits
            bad = v[:2] + "%02d" % rng.randrange(2, 99) + v[4:]
        else:  # one typo in the BBAN, check digits untouched
            i = rng.randrange(5, len(v))
            if not v[i].isdigit():
                continue
            bad = v[:i] + str((int(v[i]) + rng.randrange(1, 10)) % 10) + v[i + 1:]
        if not iban_valid(bad):
            break
    return "iban_bad_check", group4(bad) if rng.random() < 0.5 else bad


def nm_track16(ctx):
    while True:
        d = (pick(["4", "5", "1", "8", "9", "6"]) + digits(15))
        if not luhn_valid(d):
            break
    kw = pick(["tracking ", "n. tracking ", "codice spedizione ", "ordine n. "] if ctx.lang == "it"
              else ["tracking ", "tracking no. ", "shipment ", "order no. "])
    return "luhn_fail_16", kw + d


def _bad_piva_digits():
    v = make_piva()
    while v[0] in "03":  # avoid phone-like leading digits
        v = make_piva()
    return v[:10] + str((int(v[10]) + rng.randrange(1, 10)) % 10)


def nm11(keyword_it, keyword_en):
    def g(ctx):
        kw = pick(keyword_it if ctx.lang == "it" else keyword_en)
        return "piva_bad_check", kw + _bad_piva_digits()
    return g


def nm_bad_cf(ctx):
    v = cf_for(Person(ctx.lang))
    bad = v[:15] + pick([c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c != v[15]])
    return "cf_bad_check", bad.lower() if rng.random() < 0.15 else bad


NM_GEN = {
    "ERR": nm_err, "ERRKW": nm_errkw, "ORDER": nm_order, "SERIAL": nm_serial, "FW": nm_fw,
    "DATE": nm_date, "TIME": nm_time, "LOGTS": nm_logts, "TEMP": nm_temp, "BEDTEMP": lambda c: nm_temp(c, bed=True), "LAYER": nm_layer,
    "FILAMENT": nm_filament, "VOLT": nm_volt, "PSU": nm_psu, "RPM": nm_rpm, "TOOL": nm_tool,
    "THICK": nm_thick, "PCT": nm_pct, "COOLTEMP": nm_cooltemp, "BAR": nm_bar, "SPEED": nm_speed, "PRICE": nm_price,
    "QTY": nm_qty, "TICKET": nm_ticket, "UUID": nm_uuid, "BADIBAN": nm_bad_iban,
    "TRACK16": nm_track16, "BADCF": nm_bad_cf,
    "NM11_PRATICA": nm11(["pratica ", "pratica n. "], ["case ", "case no. ", "claim "]),
    "NM11_ORDINE": nm11(["ordine ", "ordine n. "], ["order ", "order no. "]),
    "NM11_TRACKING": nm11(["tracking ", "codice tracking "], ["tracking ", "tracking no. "]),
}

# --------------------------------------------------------------------------------------
# Templates.  "^" at the start = header line, placed first in the record.
# --------------------------------------------------------------------------------------
OPENERS = {
    "it": [
        "La stampante {MODEL} si ferma a metà stampa con errore {ERR}.",
        "Dal {DATE} la {MODEL} segnala {ERR_E104} all'accensione e il piano non scalda.",
        "Il cliente segnala che l'ugello non arriva a {TEMP} e dopo circa due minuti compare {ERRKW}.",
        "[Nota tecnico {DATE}] Sostituito il termistore dell'hotend, test di riscaldamento a {TEMP} superato.",
        "Stampante {MODEL}, {SERIAL}, aggiornata a {FW}: lo spostamento degli strati si ripresenta.",
        "Buongiorno, ho ricevuto la {MODEL} ({ORDER}) ma il piatto è graffiato.",
        "Richiesta di reso per {QTY} di PLA difettoso, {ORDER}, importo {PRICE}.",
        "L'estrusore fa tic tic e il filamento da {FILAMENT} non esce dall'ugello.",
        "Intervento del {DATE} alle {TIME}: pulizia ugello e ricalibrazione dell'offset Z a {LAYER}.",
        "Il cliente scrive che dopo l'aggiornamento a {FW} il display resta nero.",
        "Sostituito l'alimentatore da {PSU}, ora la scheda si accende regolarmente.",
        "Il piano non supera i {BEDTEMP}; misurata la resistenza del riscaldatore, codice {ERR_E105}.",
        "Buonasera, la mia stampante mostra {ERR} e poi si riavvia da sola.",
        "Ticket riaperto ({TICKET}): le stampe in ABS si staccano dal piano a {BEDTEMP}.",
        "Log allegato, id richiesta {UUID}, l'errore {ERR} si ripete tre volte in un'ora.",
        "Il cliente ha già pagato {PRICE} per il kit ugelli ({ORDER}) ma non l'ha ancora ricevuto.",
        "Velocità impostata a {SPEED}: compaiono fili e grumi sul pezzo.",
        "La ventola del dissipatore è ferma, sul display compare {ERR_E108}.",
        "Il cliente lamenta un rumore dall'asse Y a partire dal {DATE}.",
        "La consegna era prevista per il {DATE} ma il corriere non ha lasciato avviso.",
        "Estratto dal log: [{LOGTS}] {ERR_E106} timeout riscaldamento.",
        "Nota interna: la {MODEL} {SERIAL} è già rientrata in assistenza il {DATE}.",
        "Stampa interrotta dopo 6 ore, altezza layer {LAYER}, ugello a {TEMP}.",
        "Il cliente chiede se la {MODEL} supporta il PETG da {FILAMENT}.",
        "Buongiorno, da ieri la stampante non si collega più al Wi-Fi.",
        "Il cliente segnala che il sensore del filamento dà falsi allarmi.",
        "Chiamata ricevuta alle {TIME}: la {MODEL} non completa la calibrazione automatica.",
        "Dopo la sostituzione dell'hotend la temperatura oscilla tra {TEMP} e {TEMP}.",
        "Salve, dopo il passaggio a {FW} la {MODEL} non legge più la chiavetta USB.",
        "[Nota tecnico] Cinghia dell'asse X allentata, tensionata e provata a {SPEED}.",
    ],
    "en": [
        "My {MODEL} stops halfway through the print with error {ERR}.",
        "Since {DATE} the {MODEL} shows {ERR_E104} at power-on and the bed does not heat.",
        "Customer reports the nozzle never reaches {TEMP}; {ERRKW} appears after about two minutes.",
        "[Tech note {DATE}] Replaced the hotend thermistor, heat-up test to {TEMP} passed.",
        "Printer {MODEL}, {SERIAL}, updated to {FW}: the layer shift is back.",
        "Hi, I received my {MODEL} ({ORDER}) but the build plate is scratched.",
        "Return request for {QTY} of faulty PLA, {ORDER}, amount {PRICE}.",
        "The extruder keeps clicking and the {FILAMENT} filament does not come out of the nozzle.",
        "On-site visit on {DATE} at {TIME}: nozzle cleaned, Z offset recalibrated to {LAYER}.",
        "Customer writes that after updating to {FW} the display stays black.",
        "Replaced the {PSU} power supply, the board now powers on normally.",
        "The bed won't go above {BEDTEMP}; heater resistance measured, code {ERR_E105}.",
        "Hello, my printer shows {ERR} and then reboots by itself.",
        "Reopened ({TICKET}): ABS prints lift off the bed at {BEDTEMP}.",
        "Log attached, request id {UUID}, error {ERR} repeats three times an hour.",
        "Customer already paid {PRICE} for the nozzle kit ({ORDER}) but has not received it.",
        "Print speed set to {SPEED}: stringing and blobs on the part.",
        "The heatsink fan is not spinning, the display shows {ERR_E108}.",
        "Customer complains about a noise from the Y axis since {DATE}.",
        "Delivery was due on {DATE} but the courier left no notice.",
        "Log excerpt: [{LOGTS}] {ERR_E106} heating timeout.",
        "Internal note: {MODEL} {SERIAL} was already in for repair on {DATE}.",
        "Print stopped after 6 hours, layer height {LAYER}, nozzle at {TEMP}.",
        "Customer asks whether the {MODEL} supports {FILAMENT} PETG.",
        "Hi, since yesterday the printer no longer connects to Wi-Fi.",
        "Customer says the filament sensor keeps raising false alarms.",
        "Call received at {TIME}: the {MODEL} does not finish auto-calibration.",
        "After the hotend swap the temperature swings between {TEMP} and {TEMP}.",
        "Hello, since moving to {FW} the {MODEL} no longer reads the USB stick.",
        "[Tech note] X belt was loose, tensioned and tested at {SPEED}.",
    ],
}

OPENERS_OTHER = {
    "cnc": {
        "it": [
            "La fresatrice {MODEL} va in allarme {ERR_C101} appena il mandrino arriva a {RPM}.",
            "Il mandrino della {MODEL} non raggiunge i giri impostati, compare {ERR_C102}.",
            "[Nota tecnico {DATE}] Fresatrice {MODEL}, {SERIAL}: sostituito il finecorsa dell'asse X, {ERR_C103} risolto.",
            "Lavorando alluminio con una fresa da {TOOL} compare {ERR_C108} e l'asse Z si blocca.",
            "Il piano aspirato della {MODEL} perde depressione ({BAR}), dopo pochi minuti compare {ERR_C113}.",
            "La {MODEL} perde la connessione USB a metà lavoro ({ERR_C114}), avanzamento impostato a {SPEED}.",
            "Buongiorno, la nostra fresatrice fa l'azzeramento ma poi segnala {ERR_C104}.",
            "Il cliente scrive che dopo l'aggiornamento a {FW} l'homing della {MODEL} fallisce.",
            "Il portale della {MODEL} risulta storto, il controllo segnala {ERRKW}.",
            "Intervento del {DATE} alle {TIME}: pulizia delle guide e ingrassaggio, mandrino provato a {RPM}.",
        ],
        "en": [
            "The {MODEL} router goes into alarm {ERR_C101} as soon as the spindle reaches {RPM}.",
            "The {MODEL} spindle never reaches the set speed, {ERR_C102} appears.",
            "[Tech note {DATE}] Router {MODEL}, {SERIAL}: X limit switch replaced, {ERR_C103} cleared.",
            "Cutting aluminium with a {TOOL} end mill, {ERR_C108} appears and the Z axis locks.",
            "The vacuum table of the {MODEL} loses pressure ({BAR}), {ERR_C113} after a few minutes.",
            "The {MODEL} drops the USB connection mid-job ({ERR_C114}), feed set to {SPEED}.",
            "Hi, our router homes fine but then shows {ERR_C104}.",
            "Customer writes that after updating to {FW} homing on the {MODEL} fails.",
            "The {MODEL} gantry is racked, the controller shows {ERRKW}.",
            "Visit on {DATE} at {TIME}: rails cleaned and greased, spindle tested at {RPM}.",
        ],
    },
    "laser": {
        "it": [
            "L'incisore {MODEL} si ferma con {ERR_L101}: il flusso dell'acqua sembra basso.",
            "La temperatura del refrigerante supera i {COOLTEMP} e la {MODEL} segnala {ERR_L102}.",
            "Potenza più bassa del solito: al {PCT} il compensato da {THICK} non viene tagliato.",
            "[Nota tecnico {DATE}] {MODEL}, {SERIAL}: pulita la lente di focalizzazione, {ERR_L117} non più presente.",
            "La {MODEL} segnala {ERR_L103} anche con il coperchio chiuso.",
            "Dopo l'aggiornamento a {FW} la calibrazione della camera fallisce con {ERR_L112}.",
            "L'aria assistita scende sotto {BAR} e il lavoro si interrompe con {ERR_L107}.",
            "Buonasera, il mio laser {MODEL} dà {ERRKW} a ogni accensione.",
            "Il cliente lamenta bruciature sui bordi con velocità {SPEED} e potenza {PCT}.",
            "Chiamata ricevuta alle {TIME}: la {MODEL} non trova il fuoco automatico ({ERR_L111}).",
        ],
        "en": [
            "The {MODEL} laser stops with {ERR_L101}: water flow looks low.",
            "Coolant temperature goes above {COOLTEMP} and the {MODEL} reports {ERR_L102}.",
            "Power lower than usual: at {PCT} the {THICK} plywood does not cut through.",
            "[Tech note {DATE}] {MODEL}, {SERIAL}: focus lens cleaned, {ERR_L117} no longer shows.",
            "The {MODEL} reports {ERR_L103} even with the lid closed.",
            "After updating to {FW} the camera calibration fails with {ERR_L112}.",
            "Air assist drops below {BAR} and the job aborts with {ERR_L107}.",
            "Good evening, my {MODEL} laser shows {ERRKW} at every power-on.",
            "Customer complains about burnt edges at {SPEED} and {PCT} power.",
            "Call received at {TIME}: the {MODEL} cannot find autofocus ({ERR_L111}).",
        ],
    },
}

PII_CLAUSES = {
    "it": {
        "EMAIL": [
            "Potete rispondermi a {EMAIL}?",
            "Il cliente chiede di ricevere il preventivo via email all'indirizzo {EMAIL}.",
            "Indirizzo per le comunicazioni: {EMAIL}.",
            "Scrivetemi pure a {EMAIL:a}, ripeto: {EMAIL:a}, perché l'altra casella è piena.",
            "Mail del referente tecnico {EMAIL}, in copia {EMAIL}.",
            "Il cliente ha cambiato indirizzo e ora usa {EMAIL}.",
            "Inviare l'etichetta di reso a {EMAIL} entro venerdì.",
            "La conferma d'ordine è arrivata a {EMAIL} ma il cliente non la trova.",
            "^Da: {NAME} <{EMAIL}>",
            "L'account risulta registrato con {EMAIL}, da unire a quello nuovo.",
            "Per le foto del difetto usare {EMAIL}.",
        ],
        "PHONE": [
            "Il cliente chiede di essere richiamato al {PHONE} dopo le 15.",
            "Cellulare: {PHONE_MOB}.",
            "Richiamare al {PHONE_LAND} (ufficio) oppure al {PHONE_MOB}.",
            "Per il ritiro il corriere può chiamare il {PHONE}.",
            "Tel. {PHONE}",
            "Il tecnico ha provato a chiamare il {PHONE} ma risulta irraggiungibile.",
            "Il cliente è all'estero fino a fine mese, contattarlo al {PHONE_INTL}.",
            "Mi trovate al {PHONE} dalle 9 alle 18.",
            "Referente in sede: tel. {PHONE_LAND}.",
            "Mandare le foto su WhatsApp al {PHONE_MOB}.",
            "Numero fornito dal cliente: {PHONE:a} (confermato due volte, {PHONE:a}).",
            "Il centralino {PHONE_LAND} non risponde, provare il {PHONE_MOB}.",
        ],
        "IBAN": [
            "Per il rimborso il cliente indica l'IBAN {IBAN}.",
            "Accredito sull'IBAN {IBAN} intestato alla ditta.",
            "Rimborso di {PRICE} da effettuare sul conto {IBAN}.",
            "Coordinate bancarie: {IBAN}",
            "Il cliente ha inviato il nuovo IBAN {IBAN}, il precedente è stato chiuso.",
            "Amministrazione: bonifico di storno su {IBAN}.",
            "Intestatario {NAME}, IBAN {IBAN}.",
            "Il cliente preferisce il bonifico: IBAN {IBAN}, causale reso {ORDER}.",
        ],
        "CARD": [
            "Il cliente ha pagato con la carta {CARD} e vede un doppio addebito.",
            "Addebito contestato sulla carta {CARD}, importo {PRICE}.",
            "Numero di carta comunicato al telefono: {CARD}.",
            "La carta {CARD} è stata rifiutata al checkout.",
            "Il cliente chiede di eliminare la carta salvata {CARD} dal suo profilo.",
            "Pagamento ({ORDER}) con carta {CARD} non andato a buon fine.",
            "Rimborso da riaccreditare sulla stessa carta {CARD}.",
        ],
        "CODICE_FISCALE": [
            "Codice fiscale per la fattura: {CF}.",
            "Il cliente è un privato, CF {CF}.",
            "Intestatario della garanzia: {NAME}, cod. fiscale {CF}.",
            "Fattura da intestare a {NAME}, C.F. {CF}.",
            "Il cliente ha scritto il codice fiscale in minuscolo: {CF_LOWER}.",
            "Per registrare la garanzia serve il codice fiscale, il cliente indica {CF}.",
            "Dati anagrafici aggiornati, codice fiscale {CF}.",
        ],
        "PARTITA_IVA": [
            "Fattura da intestare alla ditta, P.IVA {PIVA}.",
            "Partita IVA {PIVA}, sede legale a Bologna.",
            "Il cliente aziendale (partita IVA {PIVA}) chiede la fattura elettronica.",
            "Dati fiscali: P. IVA {PIVA}.",
            "Fatturare a {COMPANY}, {PIVA_IT}.",
            "P.IVA: {PIVA}",
            "La ditta con P.IVA {PIVA} ha già un contratto di assistenza.",
            "Partita IVA del rivenditore: {PIVA}.",
            "Il cliente comunica la VAT {PIVA_IT} per la fattura intracomunitaria.",
        ],
        "IP": [
            "La macchina ha indirizzo IP {IPV4} sulla rete del cliente.",
            "L'interfaccia web risponde su http://{IPV4}/ ma la pagina non si carica.",
            "Dal PC il cliente non riesce a fare ping a {IP}.",
            "Il modulo Wi-Fi ha ottenuto l'indirizzo IPv6 {IPV6} ma nessun indirizzo IPv4.",
            "Accesso remoto dall'IP pubblico {IP}, sessione chiusa dopo 10 minuti.",
            "Nei log il modulo Wi-Fi compare con l'indirizzo {IPV6}.",
            "Configurato IP statico {IPV4}, gateway {IPV4}.",
            "Connessione rifiutata da {IP}.",
            "L'interfaccia di rete risponde su {IPV4}:8080, la webcam invece no.",
            "Il router assegna alla macchina l'indirizzo {IPV4} tramite DHCP.",
            "Il server di aggiornamento vede la richiesta arrivare da {IPV6}.",
        ],
    },
    "en": {
        "EMAIL": [
            "Please reply to {EMAIL}.",
            "Customer wants the quote sent to {EMAIL}.",
            "Contact email: {EMAIL}",
            "Write to me at {EMAIL:a} (again: {EMAIL:a}), my other mailbox is full.",
            "Technical contact {EMAIL}, cc {EMAIL}.",
            "Customer changed address and now uses {EMAIL}.",
            "Send the return label to {EMAIL} by Friday.",
            "The order confirmation went to {EMAIL} but the customer cannot find it.",
            "^From: {NAME} <{EMAIL}>",
            "The account is registered under {EMAIL}, please merge it with the new one.",
            "Photos of the defect can go to {EMAIL}.",
        ],
        "PHONE": [
            "Customer asks to be called back on {PHONE} after 3 pm.",
            "Mobile: {PHONE_MOB}",
            "Call {PHONE_LAND} (office) or {PHONE_MOB}.",
            "The courier can call {PHONE} for the pickup.",
            "Tel. {PHONE}",
            "Tried calling {PHONE}, no answer, left a voicemail.",
            "Customer is abroad until the end of the month, reach them on {PHONE_INTL}.",
            "I'm available on {PHONE} from 9 to 6.",
            "On-site contact: {PHONE}.",
            "Send photos via WhatsApp to {PHONE_MOB}.",
            "Number given by the customer: {PHONE:a} (read back twice, {PHONE:a}).",
            "Our office line is {PHONE_INTL}, my mobile {PHONE_MOB}.",
        ],
        "IBAN": [
            "For the refund the customer provided IBAN {IBAN}.",
            "Refund of {PRICE} to be wired to {IBAN}.",
            "Bank details: {IBAN}",
            "Customer sent a new IBAN, {IBAN}; the old account is closed.",
            "Accounting: reverse the transfer to {IBAN}.",
            "Please send the money back to my account {IBAN}, holder {NAME}.",
            "Refund by bank transfer to IBAN {IBAN}, reference {ORDER}.",
        ],
        "CARD": [
            "Customer paid with card {CARD} and sees a double charge.",
            "Disputed charge on card {CARD}, amount {PRICE}.",
            "Card number read over the phone: {CARD}.",
            "Card {CARD} was declined at checkout.",
            "Please remove the saved card {CARD} from my profile.",
            "Payment for {ORDER} with card {CARD} failed.",
            "Refund to the same card, {CARD}.",
        ],
        "CODICE_FISCALE": [
            "Codice fiscale for the invoice: {CF}.",
            "Private customer, tax code {CF}.",
            "Warranty holder {NAME}, fiscal code {CF}.",
            "Italian tax code (CF) {CF} is needed for the e-invoice.",
            "The customer typed the fiscal code in lower case: {CF_LOWER}.",
            "Invoice to {NAME}, codice fiscale {CF}.",
        ],
        "PARTITA_IVA": [
            "Invoice to the company, VAT {PIVA}.",
            "Italian VAT number {PIVA}, registered office in Milan.",
            "Business customer (partita IVA {PIVA}) needs an e-invoice.",
            "VAT no. {PIVA}",
            "Billing details: {COMPANY}, P.IVA {PIVA}.",
            "Bill to {COMPANY}, {PIVA_IT}.",
            "The reseller's VAT number is {PIVA_IT}.",
        ],
        "IP": [
            "The machine has IP address {IPV4} on the customer's LAN.",
            "The web UI answers at http://{IPV4}/ but the page never loads.",
            "Customer cannot ping {IP} from the PC.",
            "The Wi-Fi module got the IPv6 address {IPV6} but no IPv4 lease.",
            "Remote session from public IP {IP}, dropped after 10 minutes.",
            "Logs show the Wi-Fi module at {IPV6}.",
            "Static IP set to {IPV4}, gateway {IPV4}.",
            "Connection refused from {IP}.",
            "The network interface answers on {IPV4}:8080, the webcam does not.",
            "The router hands out {IPV4} to the machine via DHCP.",
            "The update server sees the request coming from {IPV6}.",
        ],
    },
}

COMBOS = {
    "it": {
        ("EMAIL", "PHONE"): ["Richiamare al {PHONE} oppure scrivere a {EMAIL}.",
                             "Contatti del cliente: tel. {PHONE}, email {EMAIL}.",
                             "Per qualsiasi cosa: {EMAIL} o {PHONE_MOB}."],
        ("CODICE_FISCALE", "IBAN"): ["Per il rimborso: intestatario {NAME}, CF {CF}, IBAN {IBAN}."],
        ("EMAIL", "PARTITA_IVA"): ["Fattura elettronica a P.IVA {PIVA}, PEC {EMAIL_PEC}."],
        ("CARD", "EMAIL"): ["Ricevuta del pagamento con carta {CARD} da inviare a {EMAIL}."],
        ("CODICE_FISCALE", "PHONE"): ["Cliente privato, CF {CF}, cellulare {PHONE_MOB}."],
    },
    "en": {
        ("EMAIL", "PHONE"): ["Call back on {PHONE} or email {EMAIL}.",
                             "Customer contact: phone {PHONE}, email {EMAIL}.",
                             "Reach me at {EMAIL} or {PHONE_MOB}."],
        ("CODICE_FISCALE", "IBAN"): ["For the refund: account holder {NAME}, tax code {CF}, IBAN {IBAN}."],
        ("EMAIL", "PARTITA_IVA"): ["E-invoice to VAT {PIVA}, certified email (PEC) {EMAIL_PEC}."],
        ("CARD", "EMAIL"): ["Send the receipt for the payment with card {CARD} to {EMAIL}."],
        ("CODICE_FISCALE", "PHONE"): ["Private customer, tax code {CF}, mobile {PHONE_MOB}."],
    },
}

# (template, weight); weight 3 = hard (check-digit / IP-like) near misses
NM_CLAUSES = {
    "it": [
        ("Riferimento {ORDER}.", 1.5), ("Aggiornata a {FW} il {DATE}.", 2),
        ("Sulla macchina è installato il {FW}.", 1), ("Dati di targa: {MODEL}, {SERIAL}.", 1.5),
        ("Ticket collegato: {TICKET}.", 1), ("ID sessione diagnostica {UUID}.", 1),
        ("Il pacco è fermo in deposito, {TRACK16}.", 2), ("Spedito il {DATE}, {TRACK16}.", 2),
        ("Già aperta la {NM11_PRATICA} per lo stesso difetto.", 2),
        ("Il cliente cita l'{NM11_ORDINE} del mese scorso.", 1.5),
        ("Il reso viaggia con {NM11_TRACKING}.", 1.5),
        ("Il modulo di reso riporta l'IBAN di esempio {BADIBAN}, da non usare.", 2),
        ("Il cliente ha dettato {BADIBAN} ma il controllo dell'IBAN fallisce: richiedere di nuovo le coordinate.", 2),
        ("Nel gestionale compare la stringa di test {BADIBAN}.", 1),
        ("Codice di attivazione dello slicer: {BADCF}.", 2),
        ("Il campo CF contiene {BADCF}, che non supera il controllo del carattere finale.", 2),
        ("Codice lotto del filamento {BADCF}.", 1, ("3d",)),
        ("Codice lotto del materiale {BADCF}.", 1, ("cnc", "laser")),
        ("Preventivo: {QTY} a {PRICE} cadauno.", 1, ("3d",)),
        ("Preventivo ricambi: {PRICE} più spedizione.", 1, ("cnc", "laser")),
        ("Temperature impostate: ugello {TEMP}, piano {BEDTEMP}.", 1, ("3d",)),
        ("Velocità mandrino {RPM}, avanzamento {SPEED}.", 1, ("cnc",)),
        ("Depressione del piano aspirato {BAR}, utensile da {TOOL}.", 1, ("cnc",)),
        ("Parametri di taglio: potenza {PCT}, velocità {SPEED}, spessore {THICK}.", 1, ("laser",)),
        ("Acqua del chiller a {COOLTEMP}, aria assistita {BAR}.", 1, ("laser",)),
        ("Altezza layer {LAYER}, velocità {SPEED}.", 1, ("3d",)), ("Log: [{LOGTS}] {ERR}.", 1),
        ("In precedenza era comparso {ERRKW}.", 1), ("Tensione misurata sull'alimentatore: {VOLT}.", 0.7),
        ("Il problema è comparso dopo l'aggiornamento a {FW}.", 1),
        ("Il cliente non ha lasciato recapiti, rispondere dal portale.", 0.6),
    ],
    "en": [
        ("Reference: {ORDER}.", 1.5), ("Updated to {FW} on {DATE}.", 2),
        ("The unit is currently running {FW}.", 1), ("Rating plate: {MODEL}, {SERIAL}.", 1.5),
        ("Linked ticket: {TICKET}.", 1), ("Diagnostic session id {UUID}.", 1),
        ("Parcel stuck at the depot, {TRACK16}.", 2), ("Shipped on {DATE}, {TRACK16}.", 2),
        ("Already opened as {NM11_PRATICA} for the same fault.", 2),
        ("The customer mentions {NM11_ORDINE} from last month.", 1.5),
        ("The return is travelling with {NM11_TRACKING}.", 1.5),
        ("The return form shows the sample IBAN {BADIBAN}, do not use it.", 2),
        ("Customer dictated {BADIBAN} but the IBAN check fails; ask for the bank details again.", 2),
        ("The CRM contains the test string {BADIBAN}.", 1),
        ("Slicer activation code: {BADCF}.", 2),
        ("The tax code field contains {BADCF}, which fails the check character.", 2),
        ("Filament batch code {BADCF}.", 1, ("3d",)),
        ("Material batch code {BADCF}.", 1, ("cnc", "laser")),
        ("Quote: {QTY} at {PRICE} each.", 1, ("3d",)),
        ("Spare parts quote: {PRICE} plus shipping.", 1, ("cnc", "laser")),
        ("Set temperatures: nozzle {TEMP}, bed {BEDTEMP}.", 1, ("3d",)),
        ("Spindle speed {RPM}, feed {SPEED}.", 1, ("cnc",)),
        ("Vacuum table at {BAR}, {TOOL} end mill.", 1, ("cnc",)),
        ("Cut settings: power {PCT}, speed {SPEED}, thickness {THICK}.", 1, ("laser",)),
        ("Chiller water at {COOLTEMP}, air assist {BAR}.", 1, ("laser",)),
        ("Layer height {LAYER}, speed {SPEED}.", 1, ("3d",)), ("Log: [{LOGTS}] {ERR}.", 1),
        ("Earlier it showed {ERRKW}.", 1), ("Measured PSU voltage: {VOLT}.", 0.7),
        ("The issue started after the update to {FW}.", 1),
        ("No contact details left by the customer, answer through the portal.", 0.6),
    ],
}

CLOSINGS = {
    "it": ["Grazie.", "Grazie mille, attendo un riscontro.", "Cordiali saluti.",
           "Chiudere il ticket dopo la conferma del cliente.", "Urgente: la macchina è ferma in produzione.",
           "Allego foto e video del problema.", "Buona giornata."],
    "en": ["Thanks.", "Thanks in advance, waiting for your reply.", "Best regards.",
           "Close the ticket once the customer confirms.", "Urgent: the machine is down in production.",
           "Photos and a video of the issue are attached.", "Have a nice day."],
}

SLOT = re.compile(r"\{([A-Z0-9_]+)(?::(\w+))?\}")


def render(template, ctx, pii, nms):
    cache = {}

    def sub(m):
        name, tag = m.group(1), m.group(2)
        if tag and (name, tag) in cache:
            return cache[(name, tag)]
        if name in PII_GEN:
            for _ in range(50):
                typ, val, subtype = PII_GEN[name](ctx)
                if val not in ctx.used:
                    break
            ctx.used.add(val)
            pii.append((typ, val, subtype))
            out = val
        elif name in NM_GEN:
            cat, out = NM_GEN[name](ctx)
            nms.append((cat, out))
        elif name.startswith("ERR_"):  # a fixed error code, e.g. {ERR_L101}
            out = name[4:]
            nms.append(("error_code", out))
        elif name == "MODEL":
            out = ctx.model
        elif name == "NAME":
            out = ctx.person.full
        elif name == "COMPANY":
            out = ctx.company[0]
        else:
            raise KeyError(name)
        if tag:
            cache[(name, tag)] = out
        return out

    return SLOT.sub(sub, template)


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------
def spans_of(text, s):
    out, start = [], 0
    while True:
        j = text.find(s, start)
        if j < 0:
            return out
        out.append((j, j + len(s)))
        start = j + 1


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


DOTTED_QUAD = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)")
IPV6_CAND = re.compile(r"(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z])")
CF_CAND = re.compile(r"(?i)(?<![A-Za-z0-9])[a-z]{6}\d{2}[a-z]\d{2}[a-z]\d{3}[a-z](?![A-Za-z0-9])")
IBAN_CAND = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Z0-9])")
DIGIT_RUN = re.compile(r"\d(?:[ \-./]?\d)*")


def nm_self_problems(s):
    """A near-miss string must not itself be (or contain) a valid PII value."""
    probs = []
    for m in IBAN_CAND.finditer(s):
        if iban_valid(m.group(0)):
            probs.append("near miss contains a valid IBAN")
    for m in re.finditer(r"\d+", s):
        run = m.group(0)
        if 13 <= len(run) <= 19 and luhn_valid(run):
            probs.append("near miss contains a Luhn-valid %d-digit run" % len(run))
        if len(run) == 11 and piva_check(run[:10]) == run[10]:
            probs.append("near miss contains a valid partita IVA")
    for m in CF_CAND.finditer(s):
        if cf_valid(m.group(0)):
            probs.append("near miss contains a valid codice fiscale")
    for m in DOTTED_QUAD.finditer(s):
        if ip_valid(m.group(0)) and not re.search(r"(?i)(?:\bv|(?:firmware|fw|version|versione) )$",
                                                   s[:m.start()]):
            probs.append("near miss contains a bare IPv4-like version")
    if EMAIL_RE.search(s):
        probs.append("near miss contains an email")
    return probs


def validate_record(rec, expect_pii=None):
    errs = []
    text = rec["text"]
    if rec["language"] not in ("it", "en"):
        errs.append("bad language")
    seen = set()
    pii_spans = []
    for p in rec["pii"]:
        t, v = p["type"], p["value"]
        if t not in TYPES:
            errs.append("unknown type " + t)
            continue
        if (t, v) in seen:
            errs.append("duplicate pii " + v)
        seen.add((t, v))
        sp = spans_of(text, v)
        if not sp:
            errs.append("pii not in text: " + v)
        if not VALIDATORS[t](v):
            errs.append("invalid %s value: %s" % (t, v))
        pii_spans += [(a, b, v) for a, b in sp]
    for i in range(len(pii_spans)):
        for j in range(i + 1, len(pii_spans)):
            if pii_spans[i][2] != pii_spans[j][2] and overlaps(pii_spans[i], pii_spans[j]):
                errs.append("pii values overlap: %s / %s" % (pii_spans[i][2], pii_spans[j][2]))
    nm_spans = []
    if len(set(rec["near_misses"])) != len(rec["near_misses"]):
        errs.append("duplicate near miss")
    for s in rec["near_misses"]:
        sp = spans_of(text, s)
        if not sp:
            errs.append("near miss not in text: " + s)
        for a, b in sp:
            for pa, pb, pv in pii_spans:
                if overlaps((a, b), (pa, pb)):
                    errs.append("near miss %r overlaps pii %r" % (s, pv))
        nm_spans += sp
        errs += ["%s: %s" % (e, s) for e in nm_self_problems(s)]
    if expect_pii is not None:
        n = len(rec["pii"])
        if expect_pii and not 1 <= n <= 3:
            errs.append("pii record with %d values" % n)
        if not expect_pii and n:
            errs.append("near-miss-only record with pii")
    # Lint: nothing PII-looking may be left unlabelled.
    covered = [False] * len(text)
    for a, b, _ in pii_spans:
        for k in range(a, b):
            covered[k] = True
    for a, b in nm_spans:
        for k in range(a, b):
            covered[k] = True
    labelled = {(p["type"], p["value"]) for p in rec["pii"]}

    def is_cov(a, b):
        return all(covered[a:b])

    for m in EMAIL_RE.finditer(text):
        if ("EMAIL", m.group(0)) not in labelled:
            errs.append("unlabelled email " + m.group(0))
    for m in DOTTED_QUAD.finditer(text):
        if ip_valid(m.group(0)) and ("IP", m.group(0)) not in labelled and not is_cov(m.start(), m.end()):
            errs.append("unlabelled IPv4-like " + m.group(0))
    for m in IPV6_CAND.finditer(text):
        c = m.group(0)
        if c.count(":") >= 2 and ip_valid(c) and ("IP", c) not in labelled and not is_cov(m.start(), m.end()):
            errs.append("unlabelled IPv6-like " + c)
    for m in CF_CAND.finditer(text):
        if not is_cov(m.start(), m.end()):
            errs.append("unlabelled CF-shaped " + m.group(0))
    for m in IBAN_CAND.finditer(text):
        if not is_cov(m.start(), m.end()):
            errs.append("unlabelled IBAN-shaped " + m.group(0))
    for m in DIGIT_RUN.finditer(text):
        nd = sum(c.isdigit() for c in m.group(0))
        if nd >= 7:
            uncovered = [k for k in range(m.start(), m.end()) if text[k].isdigit() and not covered[k]]
            if uncovered:
                errs.append("unlabelled long number " + m.group(0))
    return errs


# --------------------------------------------------------------------------------------
# Record assembly
# --------------------------------------------------------------------------------------
TYPE_WEIGHTS = [("EMAIL", 1.3), ("PHONE", 1.5), ("IBAN", 0.9), ("CARD", 0.85),
                ("CODICE_FISCALE", 0.9), ("PARTITA_IVA", 0.9), ("IP", 0.95)]


def pick_types(k):
    pool = list(TYPE_WEIGHTS)
    out = []
    for _ in range(k):
        t = wpick(pool)
        out.append(t)
        pool = [p for p in pool if p[0] != t]
    return out


IT_ELISION = re.compile(r"\b(il|dal|del) ((?:8|11)(?: (?:%s)|[./]\d))" % "|".join(MONTHS_IT))


def join_parts(parts, n_head):
    """Sentences are joined by a space; a header line, or a clause that ends without
    punctuation (e.g. "Tel. 347 1234567"), is followed by a line break instead."""
    out = ""
    for i, part in enumerate(parts):
        if i:
            prev = parts[i - 1]
            out += "\n" if i <= n_head or not re.search(r"[.?!:)]$", prev) else " "
        out += part
    return out


RETRIES = Counter()


def build_record(idx, lang, with_pii):
    last_errs = None
    for _attempt in range(300):
        ctx = Ctx(lang)
        pii, nms = [], []
        head, body = [], []
        templates = []
        if with_pii:
            k = wpick([(1, 45), (2, 37), (3, 18)])
            types = pick_types(k)
            for pair, tpls in COMBOS[lang].items():
                if pair[0] in types and pair[1] in types and rng.random() < 0.45:
                    templates.append(pick(tpls))
                    types = [t for t in types if t not in pair]
                    break
            templates += [pick(PII_CLAUSES[lang][t]) for t in types]
            use_opener = rng.random() < 0.85
            n_nm = wpick([(0, 30), (1, 50), (2, 20)])
        else:
            use_opener = True
            n_nm = wpick([(1, 55), (2, 45)])
        nm_pool = [(t, w) for t, w, *prod in NM_CLAUSES[lang] if not prod or ctx.product in prod[0]]
        nm_templates = []
        for _ in range(n_nm):
            t = wpick(nm_pool)
            nm_templates.append(t)
            nm_pool = [x for x in nm_pool if x[0] != t]
        if use_opener:
            body.append(render(pick(OPENERS[lang] if ctx.product == "3d" else OPENERS_OTHER[ctx.product][lang]),
                               ctx, pii, nms))
        rest = []
        for t in templates:
            if t.startswith("^"):
                head.append(render(t[1:], ctx, pii, nms))
            else:
                rest.append(render(t, ctx, pii, nms))
        for t in nm_templates:
            s = render(t, ctx, pii, nms)
            rest.insert(rng.randrange(len(rest) + 1), s)
        body += rest
        if rng.random() < 0.35:
            body.append(pick(CLOSINGS[lang]))
        text = join_parts(head + body, len(head))
        if lang == "it":  # elision before 8 / 11 in dates: "l'8 marzo", "dall'11 aprile"
            text = IT_ELISION.sub(lambda m: {"il": "l'", "dal": "dall'", "del": "dell'"}[m.group(1)]
                                  + m.group(2), text)
        distinct, subtypes = [], []
        for typ, val, st in pii:
            if (typ, val) not in [(d["type"], d["value"]) for d in distinct]:
                distinct.append({"type": typ, "value": val})
                subtypes.append(st)
        near = []
        cats = []
        for cat, s in nms:
            if s not in near:
                near.append(s)
                cats.append(cat)
        rec = {"id": "pii-%04d" % idx, "language": lang, "text": text, "pii": distinct,
               "near_misses": near}
        errs = validate_record(rec, expect_pii=with_pii)
        if not with_pii and not near:
            errs.append("no near misses")
        if not errs:
            RETRIES[_attempt > 0] += 1
            return rec, subtypes, cats
        last_errs = errs
    raise RuntimeError("could not build record %d: %s" % (idx, last_errs))


def main():
    self_test()
    n_it = round(N_RECORDS * IT_SHARE)
    langs = ["it"] * n_it + ["en"] * (N_RECORDS - n_it)
    n_pii = round(N_RECORDS * PII_SHARE)
    has = [True] * n_pii + [False] * (N_RECORDS - n_pii)
    rng.shuffle(langs)
    rng.shuffle(has)
    records, subtype_count, cat_count = [], Counter(), Counter()
    for i in range(N_RECORDS):
        rec, subtypes, cats = build_record(i + 1, langs[i], has[i])
        records.append(rec)
        for p, st in zip(rec["pii"], subtypes):
            subtype_count[(p["type"], st)] += 1
        cat_count.update(cats)
    with open(OUT, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    # ---- re-read and validate the written file ----
    with open(OUT, encoding="utf-8") as f:
        back = [json.loads(line) for line in f]
    assert back == records
    failures = 0
    for rec in back:
        errs = validate_record(rec)
        if errs:
            failures += 1
            print(rec["id"], errs, file=sys.stderr)
    ids = [r["id"] for r in back]
    assert ids == ["pii-%04d" % (i + 1) for i in range(len(back))]
    assert len(back) >= 400
    type_count = Counter(p["type"] for r in back for p in r["pii"])
    uniq = {t: len({p["value"] for r in back for p in r["pii"] if p["type"] == t}) for t in TYPES}
    lang_count = Counter(r["language"] for r in back)
    with_pii = sum(1 for r in back if r["pii"])
    with_nm = sum(1 for r in back if r["near_misses"])
    nm_total = sum(len(r["near_misses"]) for r in back)
    for t in TYPES:
        if type_count[t] < 40:
            failures += 1
            print("type %s has only %d values" % (t, type_count[t]), file=sys.stderr)

    print("wrote %s: %d records" % (OUT, len(back)))
    print("language: " + ", ".join("%s=%d (%.1f%%)" % (k, v, 100.0 * v / len(back))
                                    for k, v in sorted(lang_count.items(), reverse=True)))
    print("records with PII: %d (%.1f%%), near-miss only: %d, records with >=1 near miss: %d"
          % (with_pii, 100.0 * with_pii / len(back), len(back) - with_pii, with_nm))
    print("PII values per record: " + ", ".join("%d=%d" % (k, v) for k, v in
                                                sorted(Counter(len(r["pii"]) for r in back).items())))
    print("PII values by type (distinct values in set):")
    for t in TYPES:
        subs = ", ".join("%s %d" % (st, n) for (tt, st), n in sorted(subtype_count.items()) if tt == t)
        print("  %-15s %4d (%d)  [%s]" % (t, type_count[t], uniq[t], subs))
    print("  %-15s %4d" % ("total", sum(type_count.values())))
    print("near misses: %d total" % nm_total)
    for c, n in sorted(cat_count.items(), key=lambda x: -x[1]):
        print("  %-15s %4d" % (c, n))
    print("records regenerated by the builder to meet the constraints: %d" % RETRIES[True])
    if failures:
        print("VALIDATION FAILED (%d problems)" % failures, file=sys.stderr)
        sys.exit(1)
    print("validation OK: substrings, check digits (PII valid, check-digit near misses invalid), "
          "no overlaps, no unlabelled PII-looking strings")


if __name__ == "__main__":
    main()
