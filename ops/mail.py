"""Emails printed to the console (`make run` without EMAIL_URL) as a person reads them.

Django's console backend prints the message as it would be sent: a Vietnamese subject comes out as
"=?utf-8?b?xJDGoW4gaMOgbmcg…?=" and a body Wagtail sends as HTML and text in base64, so nobody trying
the shop can read the order or moderation emails it sends. This one prints the headers decoded and
each text part's text; other parts (HTML, attachments) are named, not dumped.

Both it and the SMTP backend fold a long Vietnamese subject without the extra space Python adds
(WholeSubjectPolicy).
"""

import email
import smtplib
from email import policy
from email.header import Header

from django.core.mail.backends import smtp
from django.core.mail.backends.console import EmailBackend


class WholeSubjectPolicy(policy.EmailPolicy):
    """Python 3.13.0's email policies fold a long Vietnamese subject into encoded words with one space
    encoded beside the folding space, so every reader shows two: "…ở bước "Cán bộ OCOP  duyệt"" (a
    moderation email, depending on the page's title). The subject is encoded here the older way
    (email.header.Header): encoded words cut between characters, which readers join back exactly.
    Other headers (addresses above all) keep the policy's own folding."""

    def _fold(self, name, value, refold_binary=False):
        text = str(value)
        if name.lower() != "subject" or self.utf8 or text.isascii():
            return super()._fold(name, value, refold_binary)
        encoded = Header(text, "utf-8", maxlinelen=self.max_line_length, header_name=name)
        return f"{name}: {encoded.encode(linesep=self.linesep)}{self.linesep}"


SMTP_POLICY = WholeSubjectPolicy(linesep="\r\n")  # email.policy.SMTP's settings
CONSOLE_POLICY = WholeSubjectPolicy()  # email.policy.default's


class SMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend, sending subjects as WholeSubjectPolicy folds them."""

    def _send(self, email_message):
        # Django's own (django/core/mail/backends/smtp.py), with SMTP_POLICY for email.policy.SMTP.
        if not email_message.recipients():
            return False
        from_email = self.prep_address(email_message.from_email)
        recipients = [self.prep_address(address) for address in email_message.recipients()]
        message = email_message.message(policy=SMTP_POLICY)
        try:
            self.connection.sendmail(from_email, recipients, message.as_bytes())
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        sent = email.message_from_bytes(
            message.message(policy=CONSOLE_POLICY).as_bytes(), policy=policy.default
        )
        lines = [f"{name}: {value}" for name, value in sent.items() if name.lower() not in _TRANSPORT_HEADERS]
        for part in sent.walk():
            if part.is_multipart():
                continue
            if part.get_content_type() == "text/plain" and not part.get_filename():
                lines += ["", part.get_content().rstrip()]
            else:
                lines += [
                    "",
                    f"[{part.get_content_type()}{': ' + part.get_filename() if part.get_filename() else ''}]",
                ]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")


# How the message travels, not what it says.
_TRANSPORT_HEADERS = {"content-type", "content-transfer-encoding", "mime-version"}
