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

    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Method Not Allowed"));
        }
        # Bans on what the object stores (x-host, x-path), never on req.*: the ban lurker
        # can then drop the objects in the background.
        if (req.method == "PURGE") {
            set req.http.x-ban = "obj.http.x-host == " + req.http.host
                + " && obj.http.x-path == " + regsub(req.url, "\?.*$", "");
        } else {
            set req.http.x-ban = "obj.http.x-host == " + req.http.host;
        }
        if (!std.ban(req.http.x-ban)) {
            return (synth(400, std.ban_error()));
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
    if (std.healthy(req.backend_hint) && !req.http.x-stale-ok) {
        set req.grace = 10s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, and the health checks and metrics (rotative/ops): never from the cache.
    if (req.url ~ "^/(admin|sante)/" || req.http.Authorization) {
        return (pass);
    }
    # Fragments are the same for every reader.
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
    return (hash);
}

sub vcl_pipe {
    # One request per piped connection.
    set bereq.http.Connection = "close";
}

sub vcl_hash {
    # A plain-HTTP request is answered by the redirect to HTTPS, not by the page.
    hash_data(req.http.X-Forwarded-Proto);
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
    # A fragment that fails is left out of the page, not replaced by an error page.
    if (bereq.url ~ "^/fragments/" && beresp.status >= 500) {
        return (error(503));
    }
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");

    if (beresp.http.Surrogate-Control ~ "ESI/1\.0") {
        unset beresp.http.Surrogate-Control;
        set beresp.do_esi = true;
    }
    if (beresp.http.Content-Type ~ "^(text/(html|css|plain|xml|javascript)|application/(javascript|json|xml|rss\+xml|atom\+xml|manifest\+json)|image/svg\+xml)") {
        set beresp.do_gzip = true;
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
    # The application failed and nothing stale came in time: once more, taking any copy
    # still in grace.
    if (resp.status >= 500 && req.restarts == 0 && req.http.x-cache == "miss") {
        set req.http.x-stale-ok = "1";
        return (restart);
    }
    set resp.http.X-Cache = req.http.x-cache;
    unset resp.http.x-host;
    unset resp.http.x-path;
}

sub vcl_synth {
    if (resp.status == 405) {
        set resp.http.Allow = "GET, HEAD, POST";
    }
}
