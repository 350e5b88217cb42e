"""Malformed but parseable e-mails: read for what they hold, ``partial`` where part is lost.

Every mail is written by the test, byte by byte, the way broken mailers and exports
write them (8-bit headers, a boundary that never comes, a parameter that breaks the
modern header parser, bare LF, a mail cut short, nested mails). All content is fictitious.
"""

from __future__ import annotations

from leakmap.extract.mail import extract_mail
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, ReadStatus
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.mail import open_mail
from leakmap.walk.member_file import member_file

SETTINGS = ScanSettings(workers=1)
HEAD = b"From: secretariat@hopital.example\nTo: chirurgie@hopital.example\n"
PDF_BASE64 = b"JVBERi0xLjQKJSBzdGFuZC1pbgo="  # "%PDF-1.4\n% stand-in\n"


def walked(data: bytes) -> tuple[LeakedFile, list[LeakedFile]]:
    mail, members = open_mail(member_file(LeakPath(("m.eml",)), data), ExpansionBudget(SETTINGS))
    return mail, list(members)


def text_of(data: bytes) -> tuple[ReadStatus, str, str]:
    parts = extract_mail(data, SETTINGS)
    return parts.status, parts.reason, parts.blocks[0].text


def multipart(*parts: bytes, close: bool = True) -> bytes:
    body = b"".join(b"--B\n" + part + b"\n" for part in parts)
    return HEAD + b"Content-Type: multipart/mixed; boundary=B\n\n" + body + (b"--B--\n" * close)


def test_eight_bit_headers_and_body_are_decoded() -> None:
    data = "From: Hélène LEFICTIF <h@x.example>\nTo: c@d.example\nSubject: Résultats\n\nNé en été\n"
    status, reason, text = text_of(data.encode("latin-1"))
    assert (status, reason) == (ReadStatus.READ, "")
    assert "From: Hélène LEFICTIF <h@x.example>" in text and "Subject: Résultats" in text
    assert "Né en été" in text


def test_boundary_never_found_is_read_as_the_body() -> None:
    data = HEAD + b'Content-Type: multipart/mixed; boundary="XYZ"\n\n--ABC\n\nLEFICTIF Gaston\n'
    status, reason, text = text_of(data)
    assert status is ReadStatus.PARTIAL
    assert reason == "corrupt: malformed mail (MIME boundary not found)"
    assert "LEFICTIF Gaston" in text
    mail, members = walked(data)
    assert mail.problem is None and members == []


def test_header_the_modern_parser_cannot_read_falls_back_to_raw_headers() -> None:
    attachment = (
        b"Content-Type: application/pdf\n"
        b"Content-Disposition: attachment; filename*=utf\x00-8''cr.pdf\n"
        b"Content-Transfer-Encoding: base64\n\n" + PDF_BASE64
    )
    data = multipart(b"Content-Type: text/plain\n\nLEFICTIF Gaston", attachment)
    status, reason, text = text_of(data)
    assert status is ReadStatus.PARTIAL and reason.endswith("(headers unparseable, read raw)")
    assert "LEFICTIF Gaston" in text
    mail, members = walked(data)
    assert mail.problem is None
    assert [m.kind for m in members] == [FileKind.PDF] and members[0].problem is None


def test_broken_encoded_words_keep_what_decodes() -> None:
    data = HEAD + b"Subject: =?iso-8859-1?Q?R=E9sultats?= =?x-bogus?B?Zm9v?= LEFICTIF\n\nCorps\n"
    status, _, text = text_of(data)
    assert status is ReadStatus.READ and "Résultats" in text and "LEFICTIF" in text


def test_bare_lf_and_mixed_line_ends_are_headers_still() -> None:
    data = b"From: a@b.example\r\nTo: c@d.example\nSubject: CR LEFICTIF\r\n\nCorps\r\n"
    status, _, text = text_of(data)
    assert status is ReadStatus.READ and "Subject: CR LEFICTIF" in text and "Corps" in text


def test_mail_cut_short_keeps_its_attachments_before_the_cut() -> None:
    attachment = (
        b"Content-Type: application/pdf; name=cr.pdf\nContent-Transfer-Encoding: base64\n\n"
        + PDF_BASE64
    )
    data = multipart(b"Content-Type: text/plain\n\nLEFICTIF Gaston", attachment, close=False)
    status, reason, text = text_of(data)
    assert status is ReadStatus.PARTIAL and reason == "corrupt: malformed mail (truncated)"
    mail, members = walked(data)
    assert [str(m.path) for m in members] == ["m.eml!/cr.pdf"] and members[0].kind is FileKind.PDF


def test_nested_mail_with_eight_bit_headers_is_an_attachment_read_in_turn() -> None:
    inner = "From: Hélène <h@x.example>\nSubject: Compte rendu\n\nLEFICTIF Gaston, né en été\n"
    data = multipart(
        b"Content-Type: text/plain\n\nVoir ci-dessous",
        b"Content-Type: message/rfc822\n\n" + inner.encode("latin-1"),
    )
    mail, members = walked(data)
    assert mail.problem is None and [m.kind for m in members] == [FileKind.EML]
    status, _, text = text_of(members[0].read_bytes())
    assert status is ReadStatus.READ and "From: Hélène" in text and "né en été" in text
    assert "LEFICTIF" not in text_of(data)[2]  # the inner mail is its own row's text


def test_unfolded_header_line_leaves_a_mail_a_mail() -> None:
    attachment = (
        b"Content-Type: application/pdf; name=cr.pdf\nContent-Transfer-Encoding: base64\n\n"
        + PDF_BASE64
    )
    data = multipart(b"Content-Type: text/plain\n\nLEFICTIF Gaston", attachment).replace(
        b"Content-Type: multipart", b"a long subject line nobody folded\nContent-Type: multipart"
    )
    mail = member_file(LeakPath(("m.eml",)), data)
    assert mail.kind is FileKind.EML
    _, members = walked(data)
    assert [m.kind for m in members] == [FileKind.PDF]
