# The part of the Varnish configuration that belongs to one installation: where the
# application listens and which hosts may purge. default.vcl includes this file; copy both
# to /etc/varnish/ and edit this one only.

# One entry per machine running the ASGI server (uvicorn). The probe asks for the liveness
# check (/sante/, rotative/ops), which needs no database: a database outage is answered with
# stale pages (grace) rather than by taking every backend out.
backend web1 {
    .host = "127.0.0.1";
    .port = "8001";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    # The En direct stream sends a comment every 15 s.
    .between_bytes_timeout = 60s;
    .probe = {
        # /sante/ answers before the host check and the HTTPS redirect; the headers are
        # those of any request, should the probe be pointed at a page.
        .request =
            "GET /sante/ HTTP/1.1"
            "Host: www.example.fr"
            "X-Forwarded-Proto: https"
            "Connection: close";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
        .initial = 3;  # healthy from the start: a restart of Varnish is not an outage
    }
}

# backend web2 { .host = "127.0.0.1"; .port = "8002"; … }: one per rotative-web@PORT
# (README, « Deploying to production »), each with the same probe.

# The inner layer (default.vcl): this same Varnish, on a loopback listen address of its own
# named `layer`, which only the outer layer reaches: varnishd -a :6081 -a layer=127.0.0.1:6089
# (README). A request there is trusted to be the outer layer's, whatever its headers say.
backend layer {
    .host = "127.0.0.1";
    .port = "6089";  # varnishd's -a layer=…
    .connect_timeout = 1s;
    # Longer than web1's: when the application is slow, the inner layer's own answer comes
    # first.
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 60s;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(web1);
    # app.add_backend(web2);
}

# Who may send PURGE and BAN: the machines running the application (web and workers).
# If a TLS terminator on this host connects to Varnish, give it the PROXY protocol
# (varnishd -a :6086,PROXY) so that client.ip is the reader's address, not 127.0.0.1.
acl purgers {
    "127.0.0.1";
    "::1";
}
