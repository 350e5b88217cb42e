"""Whose address is it: a mail's correspondents' contacts are the hospital's, except the
linked patient's own in the registry (issue 16, point 6).

Real mails in a real dump, a real registry CSV, a real scan into a real encrypted case;
every person is fictitious. Two doctors write about Mme DURAND and her husband, with her
bare address in ``Cc:``: the address is hers (her registry's), so it is her ``email``
exposure; the doctors' addresses and the service's phone are nobody's, her husband's
exposure gets no address that is not his.
"""

from __future__ import annotations

import csv
from email import policy
from email.message import EmailMessage
from pathlib import Path

from leakmap.group.mention import PersonMention
from leakmap.link.attribution import Attribution
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.store import Case

HEADER = ["patient_id", "family_name", "birth_name", "given_names", "birth_date", "sex",
          "address", "postcode", "city", "phone", "email", "nir"]  # fmt: skip
LUCIE, PAUL, YANN = "20000001", "20000002", "20000003"
REGISTRY = [
    [LUCIE, "DURAND", "", "Lucie", "1971-02-14", "F", "", "", "", "+33 6 12 34 56 78",
     "Lucie.Durand@exemple.fr", ""],
    [PAUL, "DURAND", "", "Paul", "1968-07-30", "M", "", "", "", "", "paul.durand@exemple.fr", ""],
    # The sender is a patient of his own hospital too: his address is still not his exposure.
    [YANN, "KERMARREC", "", "Yann", "1970-01-01", "M", "", "", "", "02 98 00 00 00",
     "dr.kermarrec@chu-exemple.fr", ""],
]  # fmt: skip
BODY = (
    "Bonjour,\n\nConcernant Mme DURAND Lucie née le 14/02/1971 : la biopsie revient positive "
    "(carcinome infiltrant), à présenter en RCP. Son mari, M. DURAND Paul né le 30/07/1968, "
    "l'accompagnera.\n\nBien cordialement,\nDr Yann KERMARREC\nService d'oncologie\n"
    "Secrétariat : 02 98 00 00 00\n"
)


def _mail(cc: str) -> bytes:
    message = EmailMessage(policy=policy.default)
    message["From"] = "Dr Yann KERMARREC <dr.kermarrec@chu-exemple.fr>"
    message["To"] = "Dr Sophie LE GALL <sophie.legall@chu-exemple.fr>"
    message["Cc"] = cc
    message["Subject"] = "RCP"
    message["Date"] = "Mon, 02 Mar 2026 10:00:00 +0100"
    message.set_content(BODY)
    return message.as_bytes(policy=policy.SMTP)


def _scan(tmp_path: Path, cc: str) -> tuple[dict[str, set[str]], list[Attribution]]:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "rcp.eml").write_bytes(_mail(cc))
    registry = tmp_path / "registry.csv"
    with registry.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *REGISTRY])
    case = tmp_path / "case"
    scan(dump, registry=registry, case_dir=case, settings=ScanSettings(workers=1))
    with (case / "affected.csv").open(encoding="utf-8", newline="") as handle:
        categories = {
            r["patient_id"]: set(r["categories"].split(";")) for r in csv.DictReader(handle)
        }
    with Case.open(case, writer=False) as reader:
        attributions = reader.load_records("attributions", Attribution)
        stored = reader.load_mentions(PersonMention)
    assert all(m.email == "" for m in stored), "grouping gives the addresses to no one"
    return categories, attributions


def test_the_patients_own_address_in_copy_is_her_email_exposure(tmp_path: Path) -> None:
    categories, attributions = _scan(tmp_path, "lucie.durand@exemple.fr")
    assert set(categories) == {LUCIE, PAUL}, "the doctors are nobody's exposure"
    assert "email" in categories[LUCIE]
    assert "oncology" in categories[LUCIE]
    assert "email" not in categories[PAUL], "her address is not her husband's"
    assert not {"phone"} & (categories[LUCIE] | categories[PAUL]), "the service's phone"
    emails = {a.patient_id: a.mention.email for a in attributions if a.mention.email}
    assert emails == {LUCIE: "lucie.durand@exemple.fr"}


def test_an_address_of_no_linked_patient_stays_nobodys(tmp_path: Path) -> None:
    categories, attributions = _scan(tmp_path, "secretariat.onco@chu-exemple.fr")
    assert set(categories) == {LUCIE, PAUL}
    assert not {"email", "phone"} & (categories[LUCIE] | categories[PAUL])
    assert not any(a.mention.email or a.mention.phone for a in attributions)
