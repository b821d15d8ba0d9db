"""A small mail server on a free local port, for tests that send real email over SMTP."""

import email
import socketserver
import threading


class SMTPServer:
    """Speaks just enough SMTP for Django's SMTP backend. It keeps each message it accepts, and
    each address it was asked to deliver to (`recipients`); it answers a recipient in `refuse`
    with that reply (such as "550 5.1.1 No such mailbox"), as a real server refuses an address.
    With `hold_first`, it holds the first DATA command (setting `holding`) until `release` is
    set, as a slow mail server would. A client that goes away before the end of its message has
    sent nothing (`abandoned`)."""

    def __init__(self, *, hold_first=False, refuse=None):
        self.messages = []
        self.recipients = []
        self.refuse = dict(refuse or {})
        self.abandoned = 0
        self.holding = threading.Event()
        self.release = threading.Event()
        self._hold = hold_first
        self._lock = threading.Lock()
        server = self

        class Conversation(socketserver.StreamRequestHandler):
            def handle(self):
                try:
                    server._converse(self.rfile, self.wfile)
                except OSError:  # the client was killed
                    with server._lock:
                        server.abandoned += 1

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Conversation)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def _converse(self, rfile, wfile):
        def reply(line):
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        reply("220 127.0.0.1 ESMTP test server")
        for line in iter(rfile.readline, b""):
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                reply("250 127.0.0.1")
            elif verb == "RCPT":
                reply(self._answer_to(command))
            elif verb == "DATA":
                if self._first_to_hold():
                    self.holding.set()
                    self.release.wait()
                reply("354 End data with <CR><LF>.<CR><LF>")
                message = self._message(rfile)
                if message is None:
                    raise ConnectionResetError("the client went away during DATA")
                with self._lock:
                    self.messages.append(message)
                reply("250 OK: accepted")
            elif verb == "QUIT":
                reply("221 Bye")
                return
            else:  # MAIL, RSET, NOOP
                reply("250 OK")
        raise ConnectionResetError("the client went away")  # before QUIT

    def _answer_to(self, command):
        address = command.partition("<")[2].partition(">")[0]
        with self._lock:
            self.recipients.append(address)
        return self.refuse.get(address, "250 OK")

    def _first_to_hold(self):
        with self._lock:
            hold, self._hold = self._hold, False
        return hold

    @staticmethod
    def _message(rfile):
        lines = []
        for line in iter(rfile.readline, b""):
            if line == b".\r\n":
                return email.message_from_bytes(b"".join(lines))
            lines.append(line[1:] if line.startswith(b"..") else line)
        return None
