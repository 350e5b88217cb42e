"""E-mails built with the stdlib: headers, plain over HTML, HTML reduced, attachments left out."""

from __future__ import annotations

from email.message import EmailMessage

from leakmap.extract.html_text import html_to_text
from leakmap.extract.mail import extract_mail
from leakmap.settings import ScanSettings

SETTINGS = ScanSettings(workers=1)


def mail() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Secrétariat <secretariat@hopital.example>"
    message["To"] = "chirurgie@hopital.example, anapath@hopital.example"
    message["Cc"] = "dim@hopital.example"
    message["Subject"] = "Résultats DUPONT Marie"
    message["Date"] = "Thu, 04 May 2023 10:00:00 +0200"
    return message


def test_headers_and_plain_body() -> None:
    message = mail()
    message.set_content("Ci-joint le compte rendu.\r\nCordialement.")
    message.add_alternative("<p>Version <b>HTML</b></p>", subtype="html")
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="cr.pdf")
    [block] = extract_mail(message.as_bytes(), SETTINGS).blocks
    assert block.page == 1
    assert block.text == (
        "From: Secrétariat <secretariat@hopital.example>\n"
        "To: chirurgie@hopital.example, anapath@hopital.example\n"
        "Cc: dim@hopital.example\n"
        "Subject: Résultats DUPONT Marie\n"
        "Date: Thu, 04 May 2023 10:00:00 +0200\n"
        "\n"
        "Ci-joint le compte rendu.\nCordialement.\n"
    )


def test_html_only_body_is_reduced_to_its_text() -> None:
    message = mail()
    message.set_content(
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Patiente&nbsp;:</p><table><tr><td>Nom :</td><td>DUPONT</td></tr></table>"
        "<script>track()</script></body></html>",
        subtype="html",
    )
    text = extract_mail(message.as_bytes(), SETTINGS).blocks[0].text
    assert text.endswith("\n\nPatiente :\nNom : DUPONT")


def test_undeclared_charset_falls_back_to_detection() -> None:
    raw = (
        "From: a@hopital.example\nSubject: x\nContent-Type: text/plain; charset=x-inconnu\n"
        "Content-Transfer-Encoding: 8bit\n\nPatiente Hélène"
    ).encode("cp1252")
    assert extract_mail(raw, SETTINGS).blocks[0].text.endswith("Patiente Hélène")


def test_html_to_text() -> None:
    assert html_to_text("<div>A<br>B</div><ul><li>C &amp; D</li></ul>") == "A\nB\nC & D"
