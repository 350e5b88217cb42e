"""The hospital's own address and switchboard, printed on every letter, are nobody's.

Real text files, a real scan into a real encrypted case; every person is fictitious. Each
letter carries the hospital's letterhead (address, phone) right above the patient's line;
one patient also has her own address on her letter. The letterhead gives no patient an
``address`` or ``phone`` exposure; her own address still does.
"""

from __future__ import annotations

import csv
from pathlib import Path

from leakmap.group.mention import PersonMention
from leakmap.group.shared_contacts import find_shared_contacts, without_shared_contacts
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.vocabulary import Category

PEOPLE = [
    ("10000001", "Mme DUPONT Marie Claire, née le 12/03/1965", "3 rue des Lilas, 75011 Paris"),
    ("10000003", "Mme DURAND Jeanne, née le 05/11/1948", ""),
    ("10000004", "M. LE GOFF Yann, né le 03/03/1971", ""),
    ("10000005", "M. MOREAU-VASSEUR Jean-Pierre, né le 30/01/1959", ""),
    ("10000008", "Mme LEROY Anne, née le 15/06/1975", ""),
    ("10000009", "M. ZARKOVIC Milan, né le 10/10/1990", ""),
    ("", "M. KERGUELEN Goulven, né le 21/09/1982", ""),
    ("", "Mme ABGRALL Nolwenn, née le 02/02/1994", ""),
]
LETTERHEAD = (
    "CENTRE HOSPITALIER DE TESTVILLE\n"
    "3 allée des Ajoncs\n"
    "29107 Quimper Cedex\n"
    "Standard 02 98 52 60 60\n"
)


def _letters(root: Path) -> None:
    root.mkdir(parents=True)
    for number, (_, label, own_address) in enumerate(PEOPLE):
        own = f"Adresse : {own_address}\n" if own_address else ""
        (root / f"lettre_{number:02d}.txt").write_text(
            f"{LETTERHEAD}\nPatient : {label}\n{own}"
            f"Compte rendu d'hospitalisation du {number + 1:02d}/04/2023.\n"
            "Coloscopie : polype sessile réséqué, anatomopathologie en attente.\n",
            encoding="utf-8",
        )


def _categories(case: Path) -> dict[str, set[str]]:
    with (case / "affected.csv").open(encoding="utf-8", newline="") as handle:
        return {r["patient_id"]: set(r["categories"].split(";")) for r in csv.DictReader(handle)}


def test_letterhead_contacts_are_nobodys(tmp_path: Path, registry_csv: Path) -> None:
    dump = tmp_path / "dump"
    _letters(dump)
    case = tmp_path / "case"
    scan(dump, registry=registry_csv, case_dir=case, settings=ScanSettings(workers=1))
    categories = _categories(case)
    registered = [p for p, _, _ in PEOPLE if p]
    assert set(registered) <= set(categories)
    assert "address" in categories["10000001"], "her own address is her exposure"
    for patient in registered[1:]:
        assert "address" not in categories[patient], patient
        assert "phone" not in categories[patient], patient
    with Case.open(case, writer=False) as reader:
        mentions = list(reader.load_mentions(PersonMention))
    shared = find_shared_contacts(mentions)
    assert any("ajoncs" in a.lower() for a in shared.addresses) or "29107" in shared.postcodes
    cleaned = without_shared_contacts(mentions, shared)
    assert not any("ajoncs" in m.address.lower() for m in cleaned)
    assert all(
        Category.ADDRESS not in m.categories for m in cleaned if not m.address and not m.postcode
    )


def test_a_family_sharing_an_address_keeps_it(tmp_path: Path) -> None:
    """Five people at one address (a family) are under the rule's six."""
    from dataclasses import replace

    from mentions import mention

    base = mention(
        family_name="KERGUELEN", given_names="A", postcode="29000", address="5 rue du Port",
        categories=frozenset({Category.NAME, Category.ADDRESS}),
    )  # fmt: skip
    family = [
        replace(base, sha256=f"{i:064d}", given_names=given)
        for i, given in enumerate(["Anne", "Bernard", "Chloé", "David", "Élise"])
    ]
    assert not find_shared_contacts(family)
    assert without_shared_contacts(family, find_shared_contacts(family)) == family


def test_a_hamlet_the_registry_knows_stays_its_residents_address() -> None:
    """Twelve patients of one lieu-dit, on twelve files: the registry says each lives
    there, so the address is theirs, not the institution's; an unknown thirteenth is not
    counted as a resident, and the hospital's own address printed beside all is still
    found."""
    from dataclasses import replace

    from leakmap.group.shared_contacts import resident_keys
    from mentions import mention

    people = [(f"KER{i:02d}", given) for i, given in enumerate(["Anne", "Yann"] * 6)]
    base = mention(
        postcode="29100", address="Lieu-dit Kervéguen",
        categories=frozenset({Category.NAME, Category.ADDRESS}),
    )  # fmt: skip
    hamlet = [
        replace(base, sha256=f"{i:064d}", family_name=family, given_names=given)
        for i, (family, given) in enumerate(people)
    ]
    letterhead = [replace(m, address="2 rue de l'Hôpital", postcode="29107") for m in hamlet]
    residents = resident_keys((f, g, "Lieu-dit Kervéguen") for f, g in people)
    found = find_shared_contacts(hamlet + letterhead, residents=residents)
    assert not any("KERVEGUEN" in a for a in found.addresses)
    assert any("HOPITAL" in a for a in found.addresses)
    assert find_shared_contacts(hamlet).addresses, "without the registry: the old rule"
