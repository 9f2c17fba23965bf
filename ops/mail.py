"""Emails printed to the console (`make run` without EMAIL_URL) as a person reads them.

Django's console backend prints the message as it would be sent: a Vietnamese subject comes out as
"=?utf-8?b?xJDGoW4gaMOgbmcg…?=" and a body Wagtail sends as HTML and text in base64, so nobody trying
the shop can read the order or moderation emails it sends. This one prints the headers decoded and
each text part's text; other parts (HTML, attachments) are named, not dumped.
"""

import email
from email import policy

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        sent = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
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
