vcl 4.1;

import std;
# Varnish in front of the storefront (README "Page cache"). The app decides what may be cached: a
# response is kept only when it says `Cache-Control: public, ..., s-maxage=N` (pagecache/middleware.py).
# Purges arrive from the app after commit (Wagtail's frontend cache, FRONTEND_CACHE_URL):
#   PURGE /path   bans every language and query-string variant of that path;
#   BAN /         bans everything cached for that Host (names, menus, settings changed).
# Start: varnishd -a :6081 -f "$PWD/deploy/varnish/default.vcl"  (an absolute path: varnishd reads -f
# from its own working directory; the app server: `backend default` below). docker compose runs
# compose.vcl, which is this file in front of the `web` service.


backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app servers on this machine, or anyone reaching the listener named `purge`
# (`-a purge=:6091`), a port only the app servers can reach: in docker compose the web and worker
# containers purge there, from addresses no list here could know in advance.
acl purgers {
    "127.0.0.1";
    "::1";
    "localhost";
}

sub vcl_recv {
    # /metrics is for Prometheus, which scrapes the app servers directly. Through Varnish every request
    # comes from Varnish's own address, which METRICS_ALLOWED_IPS lets in (127.0.0.1 here, the compose
    # network there): answered here, so visitors never read it.
    if (req.url ~ "^/metrics(/|\?|$)") {
        return (synth(404, "Not Found"));
    }
    if (req.method == "PURGE" || req.method == "BAN") {
        if (!client.ip ~ purgers && local.socket != "purge") {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN") {
            ban("obj.http.x-host == " + req.http.host);
            return (synth(200, "Banned"));
        }
        ban("obj.http.x-host == " + req.http.host + " && obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Links shared on Zalo and Facebook, or clicked in an ad, come back with tracking parameters no
    # page reads (`?zarsrc=31&utm_source=zalo`, `?fbclid=…`): dropped, and the rest sorted, so such a
    # visit is the one cached copy rather than a trip to the app for each click (the app's own page
    # cache keys on the parameters the pages read, PAGE_CACHE_QUERY_PARAMETERS, the same way).
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z_]+|fbclid|gclid|gbraid|wbraid|msclkid|ttclid|zarsrc|zalo_[a-z_]+|_ga|_gl)(=[^&]*)?(&|$)", "");
        set req.url = std.querysort(regsub(req.url, "[?&]+$", ""));
    }
    # Signed-in editors, a pending message, and the personal parts of the shop bypass the cache.
    if (req.http.Cookie ~ "(^|;\s*)(ocop_signed_in|messages)=[^;]" ||
        req.url ~ "^/(admin|django-admin|gio-hang|thanh-toan|don-hang|i18n|stripe|webhooks|documents|lots)/" ||
        req.url ~ "^/01/") {
        return (pass);
    }
    # The language chosen is the only cookie a cached page depends on; the rest (session, cart
    # count, analytics) is dropped so shoppers with a session share the cached pages.
    if (req.http.Cookie ~ "(^|;\s*)django_language=en") {
        set req.http.X-Language = "en";
    } else {
        set req.http.X-Language = "vi";
    }
    unset req.http.Cookie;
    if (req.http.X-Language == "en") {
        set req.http.Cookie = "django_language=en";
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    hash_data(req.http.X-Language);
    return (lookup);
}

sub vcl_backend_response {
    # For bans (they are evaluated against the stored object's headers).
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Vary: Cookie is right for the app but Varnish already keyed on the one cookie that matters.
    unset beresp.http.Vary;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-host;
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
    # Browsers always revalidate (a purge cannot reach them).
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = "public, max-age=0";
    }
}
