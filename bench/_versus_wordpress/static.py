"""An nginx of the bench's own (its own -p prefix and configuration, on a loopback port of
its own) serving the page Varnish served, byte for byte: /page (as fetched without
Accept-Encoding) and /page-gzip (as fetched with `Accept-Encoding: gzip`, sent with
`Content-Encoding: gzip`), the reference a cache in front of the site is measured against."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from _common.processes import free_port, stop_process

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")

# Debian's nginx.conf as wordpress.sh's site runs it (worker_processes auto, sendfile), access
# log off like that site; the page's own Content-Type.
CONF = """\
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {prefix}/tmp; proxy_temp_path {prefix}/tmp;
    fastcgi_temp_path {prefix}/tmp; uwsgi_temp_path {prefix}/tmp; scgi_temp_path {prefix}/tmp;
    server {{
        listen 127.0.0.1:{port};
        location = /page {{ alias {prefix}/page.html; default_type "{content_type}"; }}
        location = /page-gzip {{
            alias {prefix}/page.html.gz; default_type "{content_type}";
            add_header Content-Encoding gzip;
        }}
    }}
}}
"""


class StaticNginx:
    def __init__(self, workdir: Path):
        self.prefix = workdir / "nginx"
        (self.prefix / "tmp").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process = None

    def start(self, *, plain: bytes, gzipped: bytes, content_type: str) -> None:
        if NGINX is None:
            raise SystemExit("nginx is absent (wordpress.sh installs Debian's)")
        (self.prefix / "page.html").write_bytes(plain)
        (self.prefix / "page.html.gz").write_bytes(gzipped)
        # Its workers drop root for nobody, who must read the files.
        for path in [self.prefix, *self.prefix.parents]:
            if str(path) in ("/", "/tmp"):  # noqa: S108 (where to stop, not a file)
                break
            path.chmod(path.stat().st_mode | 0o755)
        for name in ("page.html", "page.html.gz"):
            (self.prefix / name).chmod(0o644)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            CONF.format(
                prefix=self.prefix,
                port=self.port,
                content_type=content_type,
                user="user nobody nogroup;" if _is_root() else "",
            )
        )
        self.process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
            [NGINX, "-p", str(self.prefix), "-c", str(conf), "-g", "daemon off;"],
            stdout=(self.prefix / "nginx.out").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        stop_process(self.process, grace=10, group=True)

    def pids(self) -> dict[str, int]:
        from _versus_wordpress.memory import children_of

        if self.process is None:
            return {}
        named = {"bench-nginx-master": self.process.pid}
        for n, pid in enumerate(sorted(children_of().get(self.process.pid, [])), 1):
            named[f"bench-nginx-worker{n}"] = pid
        return named


def _is_root() -> bool:
    import os

    return os.geteuid() == 0
