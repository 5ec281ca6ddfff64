"""What an agency source may reach: public web addresses, and folders under WIRE_DROP_ROOT.

Sources are set in the admin, and agency files name the pictures to fetch: either could point
the server at itself or at its private network (a cloud metadata service, an admin port), and
the answer would be read back in the quarantine or the image library. So:

- HTTP(S) only, through an opener with no proxy, FTP or file handler.
- The address is checked where the connection is made, not where the URL is read: the host
  name is resolved once, every address it resolves to must be public (or in
  WIRE_ALLOWED_PRIVATE_NETWORKS), and the socket is opened to one of those very addresses. A
  DNS answer that changes between the check and the connection (rebinding) therefore changes
  nothing, and each redirect, being a new connection, is checked the same way. TLS is still
  verified against the host name.
- A folder is resolved (symlinks, "..") before it is compared with the root; files inside it
  that are symlinks are refused, and opened without following one.
"""

import http.client
import ipaddress
import os
import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5


class SourceRefused(OSError):
    """An address or a folder a source may not reach; the message is shown on the source."""


# --- addresses ---------------------------------------------------------------------------------


def _allowed_private_networks() -> list:
    return [
        ipaddress.ip_network(network, strict=False)
        for network in settings.WIRE_ALLOWED_PRIVATE_NETWORKS
    ]


def address_check(address: str) -> None:
    """Raise SourceRefused unless `address` (an IP) is public or in an allowed network."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
    # The IPv4 address inside an IPv6 one is where the packets go: judge that one.
    if isinstance(ip, ipaddress.IPv6Address):
        ip = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None) or ip
    if any(ip in network for network in _allowed_private_networks()):
        return
    if not ip.is_global or ip.is_multicast or ip.is_reserved:
        raise SourceRefused(
            _("Adresse refusée : %(address)s n'est pas une adresse publique.")
            % {"address": address}
        )


def url_check(url: str) -> None:
    """What can be said of a URL without connecting: scheme, host, and where it resolves now
    (the connection checks again). Raises SourceRefused."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise SourceRefused(_("Adresse refusée : seules les adresses http et https sont permises."))
    if not parts.hostname:
        raise SourceRefused(_("Adresse refusée : il y manque le nom du serveur."))
    try:
        port = parts.port
    except ValueError as error:
        raise SourceRefused(_("Adresse refusée : le port est illisible.")) from error
    for address in _resolve(parts.hostname, port or 443):
        address_check(address)


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise SourceRefused(
            _("Adresse introuvable : %(host)s (%(error)s).") % {"host": host, "error": error}
        ) from error
    return list(dict.fromkeys(info[4][0] for info in infos))


def _connect_checked(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):  # noqa: SLF001
    """socket.create_connection, to an address checked after resolution and before use."""
    host, port = address
    addresses = _resolve(host, port)
    for resolved in addresses:  # every answer must be allowed, not only the first
        address_check(resolved)
    error = None
    for resolved in addresses:
        try:
            return socket.create_connection((resolved, port), timeout, source_address)
        except OSError as exc:
            error = exc
    raise error or OSError(f"no address for {host}")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the checked address; HTTPSConnection then verifies TLS for self.host."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_checked


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ALLOWED_SCHEMES:
            raise SourceRefused(
                _("Redirection refusée : seules les adresses http et https sont permises.")
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # Built by hand: build_opener would add the environment's proxies (the check would then
    # judge the proxy, not the source) and the ftp: and file: handlers.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        _HTTPHandler(),
        _HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _RedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def source_open(request: urllib.request.Request, *, timeout: float):
    """urlopen for sources and agency pictures: raises SourceRefused for a forbidden address
    (first or after a redirect), urllib.error.HTTPError and OSError as urlopen does."""
    url_scheme = urlsplit(request.full_url).scheme.lower()
    if url_scheme not in ALLOWED_SCHEMES:
        raise SourceRefused(_("Adresse refusée : seules les adresses http et https sont permises."))
    try:
        return _opener().open(request, timeout=timeout)
    except urllib.error.HTTPError:
        raise
    except urllib.error.URLError as error:
        if isinstance(error.reason, SourceRefused):  # urllib wraps what connect() raised
            raise error.reason from None
        raise


# --- folders -----------------------------------------------------------------------------------


def drop_root() -> Path:
    return Path(settings.WIRE_DROP_ROOT).resolve()


def folder_resolve(path: str) -> Path:
    """The folder, symlinks and ".." resolved, if it lies under WIRE_DROP_ROOT (a relative
    path is taken from there); SourceRefused otherwise."""
    root = drop_root()
    resolved = (root / Path(path).expanduser()).resolve()
    if not resolved.is_relative_to(root):
        raise SourceRefused(
            _("Dossier refusé : %(path)s n'est pas sous le dossier des dépôts d'agence (%(root)s).")
            % {"path": path, "root": root}
        )
    return resolved


def file_check(path: Path, *, root: Path) -> None:
    """Refuse a dropped file that is a symlink: it could name any file of the server."""
    if path.is_symlink() or not path.resolve().is_relative_to(root):
        raise SourceRefused(_("Fichier refusé : c'est un lien symbolique."))


def file_read(path: Path) -> bytes:
    """The file's bytes, without following a symlink put in its place since the check."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        if path.is_symlink():
            raise SourceRefused(_("Fichier refusé : c'est un lien symbolique.")) from error
        raise
    with os.fdopen(fd, "rb") as handle:
        return handle.read()
