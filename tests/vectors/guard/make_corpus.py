"""Write corpus_identifiers.json: sentences that each carry one fake patient identifier.

Seeded, so the file is reproducible: `python tests/vectors/guard/make_corpus.py` rewrites it and
tests/test_guard.py checks that the committed file is what this script makes. Every identifier
is fake: NHS numbers are random with a computed check digit, phone numbers come from Ofcom's
ranges reserved for drama, names are common names in random pairs, postcodes are random strings
in valid formats over real postcode areas.

Each item is {text, kind, start, end}: `text[start:end]` is the identifier (the name without its
title, the year without "DOB"), which the detector must cover with a finding of that kind.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).with_name("corpus_identifiers.json")
PER_KIND = 200
NBSP = "\u00a0"

FIRST = [
    "Jane", "Margaret", "Aisha", "Tom", "Doris", "Ahmed", "Siobhan", "Priya", "Kwame", "Olu",
    "Grace", "Bartosz", "Eilidh", "Rhys", "Fatima", "Zofia", "Connor", "Amara", "Derek", "Joan",
    "Mohammed", "Chloe", "Ifeoma", "Gareth", "Niamh", "Stanis\u0142aw", "Ren\u00e9e", "Jos\u00e9",
]
LAST = [
    "Smith", "Patel", "O'Brien", "McDonald", "Nowak", "Okafor", "Khan", "Evans", "Hughes",
    "Campbell", "Smith-Jones", "Begum", "Kowalski", "MacLeod", "Adeyemi", "Thompson", "Ali",
    "Williams", "Murphy", "Chowdhury", "Lewandowski", "D'Souza", "Fitzgerald", "Wright",
    "\u00d3 Briain", "Brennan", "de Souza", "van der Merwe", "Nguyen",
]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
AREAS = [
    "AB", "B", "BS", "CF", "CR", "DN", "E", "EH", "G", "L", "LS", "M", "N", "NE", "NW", "OX",
    "S", "SE", "SW", "W", "WC", "BT", "PL", "TR", "YO", "HU", "NG", "LE", "CV", "DE", "ST",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Surrounding sentences: reflective talk and pasted clinic-letter fragments. {id} is replaced by
# the identifier; the other placeholders carry ordinary numbers that must not be findings.
OPENERS = [
    "I keep thinking about her.",
    "This one stayed with me all week.",
    "He came in on the Tuesday afternoon list.",
    "She had been waiting 40 minutes.",
    "It was my third duty day in a row.",
    "",
    "",
    "",
]


def ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def check_digit(first_nine: str) -> int | None:
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return 0 if check == 11 else None if check == 10 else check


def nhs_digits(rng: random.Random, *, valid: bool = True) -> str:
    while True:
        nine = rng.choice("4679") + "".join(rng.choice("0123456789") for _ in range(8))
        check = check_digit(nine)
        if valid and check is not None:
            return f"{nine}{check}"
        if not valid:
            wrong = [d for d in range(10) if d != check]
            return f"{nine}{rng.choice(wrong)}"


def group_334(digits: str, sep: str) -> str:
    return f"{digits[:3]}{sep}{digits[3:6]}{sep}{digits[6:]}"


def gen_nhs(rng: random.Random) -> tuple[str, str]:
    digits = nhs_digits(rng)
    ident = group_334(digits, rng.choice([" ", " ", "-", "", NBSP]))
    template = rng.choice([
        "NHS number {id}, seen today with low mood.",
        "Re: Mrs X, NHS No: {id}, referral for chronic pelvic pain.",
        "Her NHS number is {id} if anyone needs to look her up.",
        "I copied the NHS no. {id} into the referral and then stopped myself.",
        "Patient details: NHS {id}; on sertraline 50mg.",
        "The discharge summary quoted {id} as her NHS number.",
        "nhs no {id} - please rebook for 2/52.",
        "He read his NHS number out to me, {id}, as if it proved something.",
        "(NHS: {id})",
        "Safeguarding concern raised for the child with NHS number {id} at 10.30.",
    ])
    return template, ident


def gen_date(rng: random.Random) -> tuple[str, str]:
    year = rng.randint(1930, 2015)
    month = rng.randint(1, 12)
    day = rng.randint(1, DAYS_IN_MONTH[month - 1] - (1 if month == 2 else 0))
    name = MONTHS[month - 1]
    formats: list[Callable[[], str]] = [
        lambda: f"{day:02d}/{month:02d}/{year}",
        lambda: f"{day}/{month}/{year}",
        lambda: f"{day:02d}-{month:02d}-{year % 100:02d}",
        lambda: f"{day:02d}.{month:02d}.{year}",
        lambda: f"{day}.{month}.{year % 100:02d}",
        lambda: f"{ordinal(day)} {name} {year}",
        lambda: f"{day} {name[:3]} {year}",
        lambda: f"{name} {day}, {year}",
        lambda: f"{name} {ordinal(day)} {year}",
        lambda: f"{year}-{month:02d}-{day:02d}",
        lambda: f"{day:02d}-{name[:3]}-{year}",
        lambda: f"{day:02d}-{name[:3]}-{year % 100:02d}",
        lambda: f"{ordinal(day)} of {name}, {year}",
        lambda: f"{day}/{month}/{year % 100:02d}",
        lambda: f"{name[:3]} {day} {year}",
        lambda: f"{day} {name.lower()} {year}",
        lambda: f"{ordinal(day)} {name[:3]}. {year}",
    ]
    ident = rng.choice(formats)()
    contextual = [
        ("DOB {id}", str(year)),
        ("YOB {id}", str(year)),
        ("DOB {id}", f"{name} {year}"),
        ("year of birth: {id}", str(year)),
        ("D.O.B. {id}", ident),
    ]
    clauses = [
        "The letter gave {id} as his date of birth.",
        "She was born {id}, the same week as my mother.",
        "Her birthday is {id}, she said, as if I should remember it.",
        "The form said {id} and she corrected it to the year after.",
    ]
    if rng.random() < 0.3:
        lead, ident = rng.choice(contextual)
    elif rng.random() < 0.25:
        return rng.choice(clauses), ident
    else:
        lead = rng.choice(["DOB {id}", "her DOB is {id}", "date of birth {id}", "d.o.b. {id}",
                           "born on {id}", "{id}"])
    template = rng.choice([
        "Mrs X, {lead}, came in with the same pain again.",
        "{Lead}. Seen with headaches for 3/7.",
        "I only noticed afterwards that I'd written {lead} in my notes.",
        "Referral: 62-year-old woman, {lead}, on amlodipine 5mg.",
        "Pasted from the letter: {lead}; BP 150/95.",
        "He mentioned, {lead}, which made him younger than I'd thought.",
    ])
    template = template.replace("{lead}", lead).replace("{Lead}", lead[:1].upper() + lead[1:])
    return template, ident


def postcode(rng: random.Random) -> str:
    area = rng.choice(AREAS)
    district = str(rng.randint(1, 29) if len(area) == 2 else rng.randint(1, 99))
    if area in ("SW", "EC", "WC") and rng.random() < 0.4:
        district = f"{rng.randint(1, 2)}{rng.choice('ABHMNPRVWXY')}"
    outward = f"{area}{district}"
    inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    style = rng.random()
    if style < 0.6:
        return f"{outward} {inward}"
    if style < 0.75:
        return f"{outward}{inward}"
    if style < 0.9:
        return f"{outward} {inward}".lower()
    return f"{outward}{inward}".lower()


def gen_postcode(rng: random.Random) -> tuple[str, str]:
    template = rng.choice([
        "She lives at 14 Acacia Road, {id}, with her two sons.",
        "Address on the referral: Flat 3, Mill House, Leeds {id}.",
        "He gave his postcode as {id} and I realised it was two streets from mine.",
        "Home visit to {id} at 2pm, the one with the dogs.",
        "The ambulance went to {id} first by mistake.",
        "postcode {id} - lives alone, carers 4x daily.",
        "I looked up {id} on the map before the visit.",
        "They moved from {id} last year and she still misses it.",
        "Her address ends {id}, near the school.",
    ])
    return template, postcode(rng)


def gen_phone(rng: random.Random) -> tuple[str, str]:
    tail3 = f"{rng.randint(0, 999):03d}"
    tail4 = f"{rng.randint(0, 999):04d}"
    ident = rng.choice([
        f"07700 900{tail3}",
        f"07700900{tail3}",
        f"07700-900-{tail3}",
        f"+44 7700 900{tail3}",
        f"+44 (0)7700 900{tail3}",
        f"0044 7700 900{tail3}",
        f"0161 496 {tail4}",
        f"0161-496-{tail4}",
        f"(0161) 496 {tail4}",
        f"020 7946 {tail4}",
        f"(020) 7946 {tail4}",
        f"+44 20 7946 {tail4}",
        f"0113 496 {tail4}",
        f"01632 960{tail3}",
        f"(01632) 960{tail3}",
        f"0117{NBSP}496{NBSP}{tail4}",
    ])
    template = rng.choice([
        "Her mobile is {id}, she asked me to text rather than ring.",
        "Call her daughter on {id} if there's any change.",
        "tel: {id}",
        "He left his number, {id}, with the receptionist.",
        "I nearly wrote {id} in the group chat so someone could call the family.",
        "Contact: {id} (daughter), prefers afternoons.",
        "She rang from {id} three times before 9am.",
        "Next of kin phone {id}.",
    ])
    return template, ident


def gen_email(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(FIRST).lower().encode("ascii", "ignore").decode()
    last = rng.choice(LAST).lower().replace("'", "").replace(" ", "")
    last = last.encode("ascii", "ignore").decode()
    user = rng.choice([
        f"{first}.{last}",
        f"{first}{last}{rng.randint(1, 99)}",
        f"{first[0]}{last}",
        f"{first}_{last}{rng.randint(1950, 2005)}",
        f"{last}.{first}+gp",
    ])
    domain = rng.choice(["gmail.com", "hotmail.co.uk", "nhs.net", "outlook.com", "btinternet.com"])
    ident = f"{user}@{domain}"
    template = rng.choice([
        "She emailed me directly from {id}, which felt like a boundary crossed.",
        "Her email is {id}.",
        "Please send the results to {id}",
        "He signed off with <{id}> and a smiley face.",
        "The complaint came from {id}, copied to the practice manager.",
        "email: {id}; mobile to follow",
    ])
    return template, ident


def gen_name(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    title = rng.choice(["Mr", "Mrs", "Ms", "Miss", "Dr", "Mx", "Mr.", "Mrs.", "Dr."])
    style = rng.random()
    if style < 0.3:
        lead, ident = f"{title} ", f"{first} {last}"
    elif style < 0.5:
        lead, ident = f"{title} ", last
    elif style < 0.6:
        lead, ident = f"{title} ", f"{first[0]}. {last}"
    elif style < 0.7:
        lead, ident = f"{title.rstrip('.').upper()} ", f"{first} {last}".upper()
    else:
        lead = rng.choice([
            "a lady called ",
            "a man called ",
            "a patient called ",
            "a patient named ",
            "a woman called ",
            "a young lad called ",
            "his name was ",
            "Her name is ",
        ])
        ident = rng.choice([first, f"{first} {last}"])
    template = rng.choice([
        "I saw {lead}{id} this morning and I can't stop thinking about her.",
        "This is about {lead}{id}, who has been coming in since 2019.",
        "Letter re: {lead}{id}, 45-year-old with back pain.",
        "There was {lead}{id} on my list at 8.30.",
        "{Lead}{id} came back for the fourth time with the same pain.",
        "I should say it was {lead}{id}, though I don't know if that matters.",
    ])
    template = template.replace("{lead}", lead).replace("{Lead}", lead[:1].upper() + lead[1:])
    return template, ident


def gen_patient_number(rng: random.Random) -> tuple[str, str]:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(7, 9)))
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.randint(1, 3)))
    label, ident = rng.choice([
        ("MRN ", digits),
        ("MRN: ", digits),
        ("hospital number ", digits),
        ("hospital no: ", f"{letters}{digits[:6]}"),
        ("Hosp No. ", f"{letters}{digits[:6]}"),
        ("unit number ", digits[:6]),
        ("PAS no ", digits),
        ("", f"{letters}{digits}"),
        ("", digits),
        ("NHS number ", group_334(nhs_digits(rng, valid=False), " ")),
        ("NHS no ", nhs_digits(rng, valid=False)),
    ])
    template = rng.choice([
        "Her {label}{id} was on the letter I nearly pasted in.",
        "Clinic letter: {label}{id}, reviewed in the pain clinic.",
        "{Label}{id} - please chase the MRI.",
        "I found the wristband with {label}{id} still in my pocket.",
        "The ward gave me {label}{id} to quote when I rang back.",
        "Discharge summary, {label}{id}, on 40mg omeprazole.",
    ])
    template = template.replace("{label}", label).replace("{Label}", label[:1].upper() + label[1:])
    return template, ident


GENERATORS: dict[str, Callable[[random.Random], tuple[str, str]]] = {
    "nhs_number": gen_nhs,
    "date": gen_date,
    "postcode": gen_postcode,
    "phone": gen_phone,
    "email": gen_email,
    "name": gen_name,
    "patient_number": gen_patient_number,
}


def make(seed: int = 20240611) -> list[dict[str, object]]:
    """The corpus for `seed`: PER_KIND distinct sentences per kind, in a fixed order."""
    rng = random.Random(seed)
    items: list[dict[str, object]] = []
    for kind, generate in GENERATORS.items():
        seen: set[str] = set()
        while len(seen) < PER_KIND:
            template, ident = generate(rng)
            opener = rng.choice(OPENERS)
            prefix, _, suffix = template.partition("{id}")
            text = f"{opener} {prefix}".lstrip() if opener else prefix
            start = len(text)
            text = f"{text}{ident}{suffix}"
            if text in seen:
                continue
            seen.add(text)
            items.append({"text": text, "kind": kind, "start": start, "end": start + len(ident)})
    return items


def render(items: list[dict[str, object]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(make()), encoding="utf-8")
    print(f"wrote {OUT.name}")
