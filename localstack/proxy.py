#!/usr/bin/env python3
"""A loopback HTTP forwarding proxy in front of the emulator: adds latency,
records what the client asked.

    python proxy.py --upstream http://127.0.0.1:PORT [--delay-ms 50] [--listen-port 0] [--record FILE]

It prints its own URL (`http://127.0.0.1:NNNN`) as the first line on stdout,
then serves until SIGTERM (or SIGINT). Point posture at that URL
(`--endpoint-url`) instead of the emulator's.

- Listens on 127.0.0.1 only, and forwards only to an upstream on 127.0.0.1.
- Every request goes upstream as it came: method, path and query, headers
  (Host included, so the signature still matches) and body; the upstream's
  status, headers and body come back as they are. Only the hop-by-hop
  headers (Connection, Keep-Alive, ...) are per connection, on each side.
  A chunked body stays chunked (re-chunked, same bytes); a Content-Length
  stays as sent.
- Client connections are kept alive (HTTP/1.1), one thread each (the AWS SDK
  for Rust reuses connections and sends up to --concurrency requests at
  once); upstream connections are pooled and reused.
- `--delay-ms N` holds each answer N ms before it is written back, in the
  thread of its own connection: 64 concurrent requests delayed 50 ms take
  about 50 ms together, not 3.2 s.
- `--record FILE` appends one JSON line per request:
  {"method", "path", "service", "operation", "status"} (describe_request()),
  with "fault" when the proxy made the answer.
- `--fault-rate R [--fault-seed S]`: a share R of the requests' first
  attempts (the SDK's `amz-sdk-request: attempt=1`) is answered here, each
  protocol family in turn (its first fault is its throttling) with the
  protocol's own throttling error (EC2 RequestLimitExceeded,
  query Throttling, JSON ThrottlingException, S3 SlowDown 503, REST-JSON
  429), a 500, a 503, or a connection reset; retries always pass.

As a module: `with Proxy(upstream, delay_ms=50) as proxy: ... proxy.url`.
Every answer is made by Proxy.answer(), which forwards today; a later change
can answer some requests itself there (fault injection) without touching
the connection handling.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import signal
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, urlsplit

LISTEN_HOST = "127.0.0.1"
# Per connection (RFC 9110 section 7.6.1): never forwarded, each side has its own.
# Transfer-Encoding is hop-by-hop too, but kept: the body is re-framed the same way.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "upgrade"}
# Idle client connections are dropped after this long; also the upstream's socket timeout.
IDLE_TIMEOUT_S = 300
MAX_IDLE_UPSTREAM = 128

CREDENTIAL_SCOPE = re.compile(r"Credential=[^/,\s]+/\d{8}/[^/,\s]+/([^/,\s]+)/aws4_request")
RPC_V2_PATH = re.compile(r"^/service/[^/]+/operation/([^/?]+)")


@dataclass
class Request:
    """One request as the client sent it (body de-chunked if it came chunked)."""

    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes = b""
    chunked: bool = False

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


@dataclass
class Answer:
    """What goes back to the client: the upstream's answer, or one made here."""

    status: int
    reason: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    chunked: bool = False
    # A fault made here instead of the upstream's answer (for the record).
    fault: str | None = None
    # Drop the connection instead of answering (a connection reset).
    reset: bool = False


# Each protocol's own throttling answer, as AWS sends it.
QUERY_SERVICES = {"iam", "sts", "elasticloadbalancing", "rds", "sns", "sqs", "autoscaling", "cloudformation"}
REST_XML_SERVICES = {"s3", "s3control"}
FAULT_KINDS = ("throttle", "500", "503", "reset")


def protocol_of(service: str | None, json_protocol: bool) -> str:
    """The protocol family whose throttling error a request gets."""
    if service == "ec2":
        return "ec2"
    if service in QUERY_SERVICES:
        return "query"
    if service in REST_XML_SERVICES:
        return "rest-xml"
    return "json" if json_protocol else "rest-json"


def throttle_answer(service: str | None, json_protocol: bool) -> Answer:
    """The throttling error of the request's protocol: EC2's
    RequestLimitExceeded, the query protocols' Throttling, the JSON
    protocols' ThrottlingException, S3's SlowDown (503); a REST-JSON service
    (GuardDuty, ...) answers 429 TooManyRequestsException."""
    if service == "ec2":
        body = b"<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>fault</RequestID></Response>"
        return Answer(503, "Service Unavailable", [("Content-Type", "text/xml")], body, fault="RequestLimitExceeded")
    if service in QUERY_SERVICES:
        body = b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>fault</RequestId></ErrorResponse>"
        return Answer(400, "Bad Request", [("Content-Type", "text/xml")], body, fault="Throttling")
    if service in REST_XML_SERVICES:
        body = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>fault</RequestId></Error>"
        return Answer(503, "Slow Down", [("Content-Type", "application/xml")], body, fault="SlowDown")
    if json_protocol:
        body = b'{"__type":"ThrottlingException","message":"Rate exceeded"}'
        return Answer(400, "Bad Request", [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", "ThrottlingException")], body, fault="ThrottlingException")
    body = b'{"message":"Rate exceeded"}'
    return Answer(429, "Too Many Requests", [("Content-Type", "application/json"), ("x-amzn-ErrorType", "TooManyRequestsException")], body, fault="TooManyRequestsException")


def describe_request(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> dict:
    """The AWS service and operation of one request, for the --record line.

    `headers` has lower-case names. Returns {"method", "path", "service",
    "operation"}:

    - service: the SigV4 credential scope's service, from the Authorization
      header (`Credential=AKIA.../20261202/us-east-1/ec2/aws4_request` ->
      "ec2") or a presigned URL's X-Amz-Credential; None if unsigned. S3
      Control signs as "s3".
    - operation: JSON protocols name it in X-Amz-Target
      ("DynamoDB_20120810.ListTables" -> "ListTables"); query protocols (EC2,
      IAM, STS, ELBv2, RDS) in the `Action` parameter, of the query string or
      of the form body; Smithy RPC v2 in the path (/service/S/operation/Op).
      REST protocols (S3, S3 Control, Lambda, GuardDuty, ...) have none:
      None, and the method and path say what was asked.
    """
    split = urlsplit(path)
    query = parse_qs(split.query, keep_blank_values=True)
    service = None
    scope = CREDENTIAL_SCOPE.search(headers.get("authorization", ""))
    if scope:
        service = scope.group(1)
    elif query.get("X-Amz-Credential"):
        parts = query["X-Amz-Credential"][0].split("/")
        service = parts[3] if len(parts) == 5 else None

    operation = None
    target = headers.get("x-amz-target")
    if target:
        operation = target.rsplit(".", 1)[-1]
    elif query.get("Action"):
        operation = query["Action"][0]
    elif body and headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        operation = form["Action"][0] if form.get("Action") else None
    elif rpc_v2 := RPC_V2_PATH.match(split.path):
        operation = rpc_v2.group(1)
    return {"method": method, "path": path, "service": service, "operation": operation}


def parse_upstream(url: str) -> tuple[str, int]:
    """(host, port) of an http://127.0.0.1:PORT URL; anything else is refused."""
    split = urlsplit(url)
    if split.scheme != "http" or split.hostname != LISTEN_HOST or split.port is None:
        raise ValueError(f"upstream must be http://{LISTEN_HOST}:PORT, got {url!r}")
    if split.path not in ("", "/") or split.query or split.username:
        raise ValueError(f"upstream must be http://{LISTEN_HOST}:PORT with nothing after the port, got {url!r}")
    return LISTEN_HOST, split.port


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops a burst of 64 connects
    proxy: Proxy

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        with self.sockets_lock:
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:  # type: ignore[no-untyped-def]
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the client went away: nothing to report
        super().handle_error(request, client_address)

    def close_client_connections(self) -> None:
        """Wake every connection thread (it sees EOF and ends)."""
        with self.sockets_lock:
            sockets = list(self.open_sockets)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    timeout = IDLE_TIMEOUT_S
    server: _Server

    def log_message(self, format: str, *args) -> None:  # type: ignore[no-untyped-def]  # noqa: A002
        pass

    def read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_line = self.rfile.readline(65537)
            size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass  # trailers: dropped
                return bytes(body)
            body += self.rfile.read(size)
            self.rfile.readline(65537)  # the CRLF after the chunk

    def proxy_one(self) -> None:
        chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
        if chunked:
            body = self.read_chunked()
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path
        if not path.startswith("/"):  # absolute-form (GET http://host/path)
            split = urlsplit(path)
            path = (split.path or "/") + (f"?{split.query}" if split.query else "")
        request = Request(self.command, path, list(self.headers.items()), body, chunked)

        proxy = self.server.proxy
        answer = proxy.answer(request)
        if proxy.delay_s > 0:
            time.sleep(proxy.delay_s)
        proxy.record_request(request, answer)
        self.write_answer(request, answer)

    def write_answer(self, request: Request, answer: Answer) -> None:
        if answer.reset:
            # A connection reset: RST instead of an answer.
            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            except OSError:
                pass
            return
        # No body after HEAD, 1xx, 204 and 304; their Content-Length passes as is.
        bodiless = request.method == "HEAD" or answer.status in (204, 304) or answer.status < 200
        self.send_response_only(answer.status, answer.reason)
        names = set()
        for name, value in answer.headers:
            lower = name.lower()
            if lower in HOP_BY_HOP:
                continue
            if lower == "transfer-encoding" and (bodiless or not answer.chunked):
                continue
            names.add(lower)
            self.send_header(name, value)
        if not bodiless:
            if answer.chunked and "transfer-encoding" not in names:
                self.send_header("Transfer-Encoding", "chunked")
            elif not answer.chunked and "content-length" not in names:
                self.send_header("Content-Length", str(len(answer.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not bodiless:
            if answer.chunked:
                if answer.body:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(answer.body), answer.body))
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.wfile.write(answer.body)
        self.wfile.flush()

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = proxy_one


class Proxy:
    """The proxy: start() serves in a background thread, stop() ends it."""

    def __init__(
        self,
        upstream: str,
        delay_ms: float = 0,
        record: str | Path | None = None,
        listen_port: int = 0,
        fault_rate: float = 0.0,
        fault_seed: int = 0,
    ):
        self.upstream = parse_upstream(upstream)
        # Faults: the first attempt of a request (the SDK's amz-sdk-request
        # header says attempt=1) fails with this probability, in turn a
        # throttle in the protocol's own form, a 500, a 503 and a connection
        # reset. Retries are never failed, so a client that retries as it
        # should gets every answer.
        self.fault_rate = max(0.0, min(1.0, fault_rate))
        self._random = random.Random(fault_seed)
        self._fault_lock = threading.Lock()
        # Each protocol family goes through FAULT_KINDS in turn, throttling
        # first, so that every family's throttling error is made as soon as
        # one of its requests is failed, whatever order requests arrive in.
        self._faults_made: dict[str, int] = {}
        self.delay_s = max(0.0, delay_ms) / 1000
        self._idle: list[http.client.HTTPConnection] = []
        self._idle_lock = threading.Lock()
        self._record: IO[str] | None = open(record, "a", encoding="utf-8") if record else None
        self._record_lock = threading.Lock()
        self._server = _Server((LISTEN_HOST, listen_port), _Handler)
        self._server.proxy = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{LISTEN_HOST}:{self._server.server_address[1]}"

    def start(self) -> Proxy:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.2}, name="proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()
        self._server.close_client_connections()
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
        with self._record_lock:
            if self._record is not None:
                self._record.close()
                self._record = None

    def __enter__(self) -> Proxy:
        return self.start()

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        self.stop()

    def answer(self, request: Request) -> Answer:
        """The answer to one request: a fault (see --fault-rate), else the
        upstream's. Runs in the request's own thread, before the --delay-ms wait.
        """
        fault = self.fault_for(request)
        return fault if fault is not None else self.forward(request)

    def fault_for(self, request: Request) -> Answer | None:
        if self.fault_rate <= 0:
            return None
        attempt = re.search(r"attempt=(\d+)", request.header("amz-sdk-request") or "")
        if attempt is None or attempt.group(1) != "1":
            return None
        headers = {k.lower(): v for k, v in request.headers}
        service = describe_request(request.method, request.path, headers)["service"]
        family = protocol_of(service, "x-amz-target" in headers)
        with self._fault_lock:
            if self._random.random() >= self.fault_rate:
                return None
            made = self._faults_made.get(family, 0)
            kind = FAULT_KINDS[made % len(FAULT_KINDS)]
            self._faults_made[family] = made + 1
        if kind == "throttle":
            return throttle_answer(service, "x-amz-target" in headers)
        if kind == "reset":
            return Answer(0, "", fault="reset", reset=True)
        status = int(kind)
        return Answer(status, "Internal Server Error" if status == 500 else "Service Unavailable", [("Content-Type", "text/plain")], b"injected by proxy.py", fault=kind)

    def forward(self, request: Request) -> Answer:
        """Send the request upstream on a pooled connection; 502 if that fails."""
        for attempt in (1, 2):
            conn, reused = self._connection()
            try:
                conn.putrequest(request.method, request.path, skip_host=True, skip_accept_encoding=True)
                for name, value in request.headers:
                    if name.lower() not in HOP_BY_HOP:
                        conn.putheader(name, value)
                if request.chunked:
                    conn.endheaders()
                    if request.body:
                        conn.send(b"%x\r\n%s\r\n" % (len(request.body), request.body))
                    conn.send(b"0\r\n\r\n")
                else:
                    conn.endheaders(request.body or None)
                response = conn.getresponse()
                chunked = bool(response.chunked)
                body = response.read()
            except (ConnectionError, http.client.HTTPException, OSError) as err:
                conn.close()
                # An idle pooled connection the upstream closed meanwhile: once more on a new one.
                if reused and attempt == 1 and isinstance(err, (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine)):
                    continue
                message = f"proxy: upstream {self.upstream[0]}:{self.upstream[1]} failed: {err!r}\n".encode()
                return Answer(502, "Bad Gateway", [("Content-Type", "text/plain")], message)
            answer = Answer(response.status, response.reason, response.getheaders(), body, chunked)
            if response.will_close:
                conn.close()
            else:
                self._release(conn)
            return answer
        raise AssertionError("unreachable")

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        with self._idle_lock:
            if self._idle:
                return self._idle.pop(), True
        return http.client.HTTPConnection(*self.upstream, timeout=IDLE_TIMEOUT_S), False

    def _release(self, conn: http.client.HTTPConnection) -> None:
        with self._idle_lock:
            if len(self._idle) < MAX_IDLE_UPSTREAM and self._thread is not None:
                self._idle.append(conn)
                return
        conn.close()

    def record_request(self, request: Request, answer: Answer) -> None:
        if self._record is None:
            return
        headers = {k.lower(): v for k, v in request.headers}
        line = describe_request(request.method, request.path, headers, request.body)
        line["status"] = answer.status
        if answer.fault is not None:
            line["fault"] = answer.fault
        with self._record_lock:
            if self._record is not None:
                self._record.write(json.dumps(line) + "\n")
                self._record.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", required=True, help="the emulator, http://127.0.0.1:PORT")
    parser.add_argument("--delay-ms", type=float, default=0, help="hold each answer this long (default 0)")
    parser.add_argument("--listen-port", type=int, default=0, help="port to bind on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--record", help="append one JSON line per request to this file")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="fail this share of first attempts (0 to 1)")
    parser.add_argument("--fault-seed", type=int, default=0, help="seed of the faults' random choice")
    args = parser.parse_args(argv)
    try:
        proxy = Proxy(
            args.upstream,
            delay_ms=args.delay_ms,
            record=args.record,
            listen_port=args.listen_port,
            fault_rate=args.fault_rate,
            fault_seed=args.fault_seed,
        )
    except (ValueError, OSError) as err:
        sys.exit(f"proxy: {err}")

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    proxy.start()
    print(proxy.url, flush=True)
    print(f"proxy: {proxy.url} -> http://{proxy.upstream[0]}:{proxy.upstream[1]}, delay {args.delay_ms:g} ms", file=sys.stderr, flush=True)
    while not stopping.wait(1.0):
        pass
    proxy.stop()


if __name__ == "__main__":
    main()
