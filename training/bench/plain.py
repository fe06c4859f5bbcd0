"""The plain references the PDF figures are measured against: the same content as our certificate
and shadowing log, in one simple HTML page each with a few inline rules (A4, the same font and
size, a table's cell padding and rules), rendered by bare WeasyPrint. What ours costs on top of
them is what our design costs (issue 20: "a plain certificate of the same content that the bench
itself renders"). The plain certificate is also issued as ours is (``issued``): the same
credential attached to a PDF/A-3b, signed by the same signer, so that the two files differ by
their design alone."""

from django.utils.formats import date_format
from django.utils.html import escape
from weasyprint import HTML, Attachment

from training.certification import certificates
from training.credentials import pdfsign
from training.teams.models import person_name

CERTIFICATE_CSS = ("@page { size: A4 landscape; margin: 20mm } "
                   "body { font-family: 'DejaVu Sans'; font-size: 11pt; text-align: center } "
                   "svg { width: 30mm; height: 30mm }")
TABLE_CSS = ("@page { size: A4; margin: 24mm 16mm 20mm } body { font-family: 'DejaVu Sans'; font-size: 9pt } "
             "table { border-collapse: collapse; width: 100% } "
             "th, td { padding: 1.6mm 2mm; border-bottom: 0.4pt solid #ccc; text-align: left; vertical-align: top }")


def _page(title, css, body):
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{css}</style></head><body>{body}</body></html>")


def certificate_html(certificate):
    """Every word of our certificate, and its QR code, one after the other (made as ours are, by
    ``certificates.certificate_context``)."""
    shown = certificates.certificate_context(certificate)
    expires = date_format(certificate.expires_on, "j F Y") if certificate.expires_on else "No expiry"
    text = [
        "Shiftready", "On-call certification", "Certificate of on-call readiness", "This certifies that",
        certificate.engineer_name,
        f"has completed the {certificate.track.name} (version {certificate.track_version}) and was signed off "
        "as ready to join the on-call rota.",
        f"Issued on {date_format(certificate.issued_on, 'j F Y')}", f"Valid until {expires}",
        f"Signed off by {certificate.signer_name}", f"Verification code {certificate.display_code}",
        f"Scan the QR code, or open {shown['lookup_url']} and enter the code, to check that this certificate is valid.",
    ]
    body = "".join(f"<p>{escape(line)}</p>" for line in text) + shown["qr_svg"]
    return _page(f"Certificate · {certificate.engineer_name}", CERTIFICATE_CSS, body)


def shadowing_log_html(log):
    """Every shift of a shadowing log (``training.reports.onboarding.ShadowingLog``), one row each
    with the same cells as ours, under a title."""
    rows = []
    for s in log.shifts:
        confirmation = s.get_state_display()
        if s.decided_at:
            confirmation += " " + date_format(s.decided_at, "j M Y")
        if s.comment:
            confirmation += f" “{s.comment}”"
        incidents = ", ".join(f"{i.severity} {i.reference} · {i.summary}" for i in s.incidents.all()) or "None"
        cells = [date_format(s.date, "j M Y"), f"{s.hours.normalize():f}", person_name(s.host),
                 s.get_role_display(), confirmation, incidents, s.notes]
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Date", "Hours", "Host", "Role", "Confirmation", "Incidents", "Notes"))
    name = person_name(log.enrollment.engineer)
    body = (f"<h1>Shadowing log of {escape(name)}</h1>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return _page(f"Shadowing log · {name}", TABLE_CSS, body)


def render(html):
    """Bare WeasyPrint: PDF bytes and the number of pages."""
    document = HTML(string=html).render()
    return document.write_pdf(), len(document.pages)


def issued(certificate):
    """The plain certificate as ``certificates.render_certificate`` issues ours: a PDF/A-3b carrying
    the same credential, signed by the organisation's PDF signer."""
    content = HTML(string=certificate_html(certificate)).write_pdf(pdf_variant="pdf/a-3b", attachments=[
        Attachment(string=certificate.credential, name=pdfsign.ATTACHMENT, relationship="Data")])
    return pdfsign.sign(content, reason=f"Certificate {certificate.display_code}")
