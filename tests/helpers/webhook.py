"""A chat webhook stand-in bound to 127.0.0.1: records each POST and answers as told."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Hook:
    """A chat webhook stand-in: records each POST and answers as told."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status, self.reply = 200, b'{"errcode": 0, "errmsg": "ok"}'
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                self.send_response(hook.status)
                self.end_headers()
                self.wfile.write(hook.reply)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def payload(self, i: int = -1) -> dict:
        return json.loads(self.requests[i]["body"])
