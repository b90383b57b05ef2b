"""A real, small SMTP server for tests: plain, STARTTLS or implicit TLS (« SMTPS », port 465 in production).

Runs in a thread on 127.0.0.1 (a free port) and keeps each message it accepts as bytes. The certificate is
self-signed for the name ``localhost`` only (reached as 127.0.0.1, the name does not match), made by the
``openssl`` command (no Python package needed).
"""

from __future__ import annotations

import base64
import contextlib
import shutil
import socketserver
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """(certificate, key) files for ``localhost``; the test is skipped without ``openssl``."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", str(key),
                    "-out", str(cert), "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


@dataclass
class SmtpServer:
    port: int
    messages: list[bytes] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        with contextlib.suppress(OSError):  # a client that gave up (a refused certificate): nothing to answer
            self._converse()

    def finish(self) -> None:
        super().finish()
        if isinstance(self.request, ssl.SSLSocket):
            self.request.close()  # the server closes only the plain socket it accepted

    def _converse(self) -> None:
        if self.server.implicit_tls:
            self.connection = self.request = self.server.context.wrap_socket(self.request, server_side=True)
            self.setup()
        self._say("220 localhost ESMTP test")
        encrypted = self.server.implicit_tls
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                extensions = ["AUTH PLAIN"] + ([] if encrypted or not self.server.starttls else ["STARTTLS"])
                self._say("\r\n".join(f"250-{e}" for e in ["localhost", *extensions[:-1]]) + f"\r\n250 {extensions[-1]}")
            elif verb == "STARTTLS":
                self._say("220 go ahead")
                self.connection = self.request = self.server.context.wrap_socket(self.request, server_side=True)
                self.setup()
                encrypted = True
            elif verb == "AUTH":
                _, user, password = base64.b64decode(command.split()[-1]).decode().split("\0")
                self.server.record.logins.append((user, password))
                self._say("235 ok")
            elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                self._say("250 ok")
            elif verb == "DATA":
                self._say("354 end with .")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.record.messages.append(data)
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 unknown")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    implicit_tls: bool
    starttls: bool
    context: ssl.SSLContext
    record: SmtpServer


@contextmanager
def smtp_server(directory: Path, *, implicit_tls: bool = False, starttls: bool = False) -> Iterator[SmtpServer]:
    """A server on a free port of 127.0.0.1; ``implicit_tls``: TLS from the first byte, as on port 465."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.implicit_tls, server.starttls = implicit_tls, starttls
    if implicit_tls or starttls:
        server.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server.context.load_cert_chain(*self_signed_certificate(directory))
    server.record = SmtpServer(port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.record
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
