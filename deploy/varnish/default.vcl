# Varnish in front of the site (Varnish 7, Debian's package). README, « Deploying to
# production », says how it is started; backends.vcl holds the installation's own part.
#
# - Anonymous pages are kept as long as the application's `s-maxage` says; a reader who is
#   logged in (session cookie) or has a one-off message waiting (messages cookie) gets the
#   application's own answer, and so does every POST.
# - The application sends `PURGE <path>` for each page a publication changes; it removes
#   every copy of that path, whatever its query string (?page=2, ?utm_source=…). `BAN /`
#   empties the host's whole cache (after a deploy that changes templates). Both only from
#   the `purgers` ACL.
# - The « Alerte info » banner is on every page: it is an ESI fragment, so that a change of
#   alert purges one small object instead of every page.
# - Two layers in this one Varnish, so that a hit costs what serving a file does: assembling
#   the ESI page on every hit (two lookups, chunked writes, the gzip CRCs recombined) made a
#   hit 3 to 4 times dearer than nginx sending the same bytes (docs/performance.md). The
#   inner layer, reached only on the `layer` listen address (varnishd -a layer=…, the
#   `layer` backend of backends.vcl), keeps the pages as the application sends them and
#   assembles them; the outer one, which readers reach, keeps the assembled page (gzipped,
#   and plain for clients that do not take gzip) and fills it from the inner layer. A purge
#   of the banner also bans every assembled page: they are refilled from the inner layer,
#   never from the application.
# - While the application is down or failing, pages are served stale for up to a day.
# - Text is compressed here (the application sends it uncompressed); the En direct push
#   stream is piped through untouched, line by line.
vcl 4.1;

import directors;
import std;

include "./backends.vcl";  # beside this file

sub vcl_recv {
    set req.backend_hint = app.backend();
    # Only Varnish assembles ESI: whatever a client claims, the application is told so here.
    unset req.http.Surrogate-Capability;
    # Which copy of the outer layer a request is for: set here only, never taken from outside.
    unset req.http.x-outer;
    if (local.socket == "layer") {
        # Varnish added the outer layer's loopback address: the application is told of the
        # reader's chain as the outer layer got it.
        set req.http.X-Forwarded-For = regsub(req.http.X-Forwarded-For, ",[^,]*$", "");
    }

    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Method Not Allowed"));
        }
        # Bans on what the object stores (x-host, x-path), never on req.*: the ban lurker
        # can then drop the objects in the background. Both layers' copies carry them.
        if (req.method == "PURGE") {
            set req.http.x-ban = "obj.http.x-host == " + req.http.host
                + " && obj.http.x-path == " + regsub(req.url, "\?.*$", "");
        } else {
            set req.http.x-ban = "obj.http.x-host == " + req.http.host;
        }
        if (!std.ban(req.http.x-ban)) {
            return (synth(400, std.ban_error()));
        }
        # A fragment changed: every assembled page may show it. The inner layer's pages,
        # which only include it, stay.
        if (req.method == "PURGE" && req.url ~ "^/fragments/") {
            if (!std.ban("obj.http.x-host == " + req.http.host + " && obj.http.x-assembled == 1")) {
                return (synth(400, std.ban_error()));
            }
        }
        return (synth(200, "Purged"));
    }

    # The push stream (text/event-stream) is endless: no buffering, no compression, no cache.
    if (req.url ~ "^/en-direct/flux/") {
        return (pipe);
    }

    set req.http.Surrogate-Capability = "varnish=ESI/1.0";

    # While the application answers, a copy a few seconds past its time is still served
    # (and refreshed behind the reader's back); when it does not, up to the object's grace.
    # req.grace outlives a restart: vcl_deliver's retry must lift the limit (a copy's own
    # grace still applies).
    if (req.http.x-stale-ok) {
        set req.grace = 1y;
    } elsif (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, and the health checks and metrics (rotative/ops): never from the cache.
    if (req.url ~ "^/(admin|sante)/" || req.http.Authorization) {
        return (pass);
    }
    # Fragments are the same for every reader, and kept once: the inner layer's copy,
    # whoever asks (a passed page is assembled in the outer layer).
    if (req.url ~ "^/fragments/") {
        unset req.http.Cookie;
        return (hash);
    }
    # A logged-in reader (sessionid, __Host-sessionid in production) or one with a message
    # waiting gets their own page. Other cookies (the CSRF token) go to the application
    # untouched: a page that uses them sets a cookie, and such an answer is never kept.
    if (req.http.Cookie ~ "(^|;\s*)(__Host-)?(sessionid|messages)=") {
        return (pass);
    }
    if (local.socket != "layer") {
        # The outer layer: what is kept comes from the inner one (passes and the pipe above
        # go to the application).
        set req.backend_hint = layer;
        set req.http.x-outer = "gzip";
    }
    return (hash);
}

sub vcl_pipe {
    # One request per piped connection.
    set bereq.http.Connection = "close";
}

sub vcl_hash {
    # A plain-HTTP request is answered by the redirect to HTTPS, not by the page.
    hash_data(req.http.X-Forwarded-Proto);
    # The outer layer's copies apart from the inner layer's, a gzipped and a plain one. Here,
    # not in vcl_recv: Varnish has now reduced Accept-Encoding to "gzip" or nothing (a
    # restart sees it so too).
    if (req.http.x-outer) {
        if (!req.http.Accept-Encoding) {
            set req.http.x-outer = "plain";
        }
        hash_data("outer " + req.http.x-outer);
    }
}

sub vcl_hit {
    if (obj.ttl > 0s) {
        set req.http.x-cache = "hit";
    } else {
        set req.http.x-cache = "hit-stale";
    }
}

sub vcl_miss {
    set req.http.x-cache = "miss";
}

sub vcl_pass {
    set req.http.x-cache = "pass";
}

sub vcl_backend_response {
    # A refresh behind a reader's back that fails keeps the stale copy.
    if (bereq.is_bgfetch && beresp.status >= 500) {
        return (abandon);
    }
    # A fragment that fails is left out of the page, not replaced by an error page. In the
    # outer layer, a failure is Varnish's own error, as if it had asked the application: no
    # hit-for-miss that would hide its stale copy from the retry (vcl_deliver).
    if (beresp.status >= 500 && (bereq.url ~ "^/fragments/" || bereq.http.x-outer)) {
        return (error(503));
    }
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");

    if (bereq.http.x-outer) {
        # The page as the inner layer assembled it.
        if (beresp.http.x-esi) {
            unset beresp.http.x-esi;
            set beresp.http.x-assembled = "1";
            # A purge of the banner bans this copy; should one be missed, or cross a fill in
            # flight, the banner is no older than the fragment's own time in the cache
            # (home.views.BANNER_FRAGMENT_SECONDS).
            if (beresp.ttl > 60s) {
                set beresp.ttl = 60s;
            }
        }
        if (bereq.http.x-outer == "plain") {
            set beresp.do_gunzip = true;
        }
    } else {
        if (beresp.http.Surrogate-Control ~ "ESI/1\.0") {
            unset beresp.http.Surrogate-Control;
            set beresp.do_esi = true;
            set beresp.http.x-esi = "1";  # for the outer layer
        }
        if (beresp.http.Content-Type ~ "^(text/(html|css|plain|xml|javascript)|application/(javascript|json|xml|rss\+xml|atom\+xml|manifest\+json)|image/svg\+xml)") {
            set beresp.do_gzip = true;
        }
    }
    if (!bereq.uncacheable) {
        # Every page varies on Cookie for browsers; here, vcl_recv has already sent the
        # readers whose cookies matter to the application.
        if (beresp.http.Vary) {
            set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", "");
            set beresp.http.Vary = regsub(beresp.http.Vary, "^,\s*", "");
            if (beresp.http.Vary == "") {
                unset beresp.http.Vary;
            }
        }
        set beresp.grace = 24h;
        # The inner layer keeps what there is to assemble, and the fragments; the rest is
        # kept once, by the outer layer.
        if (!bereq.http.x-outer && !beresp.do_esi && bereq.url !~ "^/fragments/") {
            set beresp.uncacheable = true;
        }
    }
    # Then Varnish's built-in rules: Set-Cookie, private, no-cache are never kept.
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
    set beresp.http.Cache-Control = "no-store";
    if (bereq.url ~ "^/fragments/") {
        synthetic("");
        return (deliver);
    }
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "30";
    synthetic({"<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Site momentanément indisponible</title></head>
<body><h1>Site momentanément indisponible</h1>
<p>Nous revenons dans quelques instants. Merci de réessayer.</p></body></html>
"});
    return (deliver);
}

sub vcl_deliver {
    if (local.socket == "layer") {
        # To the outer layer, which keeps x-esi and tells its reader whether the application
        # was asked; a failure is retried there, not here too. The outer layer adds its own
        # X-Varnish and Via.
        set resp.http.X-Cache = req.http.x-cache;
        unset resp.http.X-Varnish;
        unset resp.http.Via;
        return (deliver);
    }
    # The application failed and nothing stale came in time: once more, taking any copy
    # still in grace.
    if (resp.status >= 500 && req.restarts == 0 && req.http.x-cache == "miss") {
        set req.http.x-stale-ok = "1";
        return (restart);
    }
    # A copy just filled from the inner layer: a hit there is a hit for the reader.
    if (req.http.x-cache == "miss" && resp.http.X-Cache ~ "^hit") {
        set req.http.x-cache = resp.http.X-Cache;
    }
    set resp.http.X-Cache = req.http.x-cache;
    unset resp.http.x-host;
    unset resp.http.x-path;
    unset resp.http.x-esi;
    unset resp.http.x-assembled;
}

sub vcl_synth {
    if (resp.status == 405) {
        set resp.http.Allow = "GET, HEAD, POST";
    }
}
