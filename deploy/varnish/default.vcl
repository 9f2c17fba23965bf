vcl 4.1;

import std;
# Varnish in front of the storefront (README "Page cache"). The app decides what may be cached: a
# response is kept only when it says `Cache-Control: public, ..., s-maxage=N` (pagecache/middleware.py).
# Purges arrive from the app after commit (Wagtail's frontend cache, FRONTEND_CACHE_URL):
#   PURGE /path   bans every language and query-string variant of that path, under every host name;
#   BAN /         bans everything cached (names, menus, settings changed).
# The app is down or failing: pages cached before are still served (grace), and a page never cached
# gets a short Vietnamese (then English) "under maintenance" page with Retry-After, not Varnish's own.
# WhiteNoise's hashed static files are cached too, in the encoding (brotli, gzip) the browser takes.
# Start by hand: README "Page cache and Varnish" (the backend's port set from PORT). docker compose
# runs compose.vcl, which is this file in front of the `web` service.


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
        # With no host condition: the site answers to several names (www. and the bare domain,
        # 127.0.0.1 and localhost), each cached apart (vcl_hash), and the app purges under SITE_URL's
        # alone, so a ban per host left the other names' copies stale for an hour.
        if (req.method == "BAN") {
            ban("obj.status != 0");
            return (synth(200, "Banned"));
        }
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Static files (WhiteNoise, collectstatic's hashed names) are the same for everyone: no cookie,
    # and kept apart by the encoding the browser takes, which vcl_backend_fetch passes on (Varnish
    # itself asks the app for gzip alone, so brotli-capable browsers got gzip).
    if (req.url ~ "^/static/") {
        unset req.http.Cookie;
        if (req.http.Accept-Encoding ~ "\bbr\b") {
            set req.http.X-Static-Encoding = "br";
        } elsif (req.http.Accept-Encoding ~ "\bgzip\b") {
            set req.http.X-Static-Encoding = "gzip";
        } else {
            set req.http.X-Static-Encoding = "identity";
        }
        return (hash);
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
    hash_data(req.http.X-Static-Encoding);
    return (lookup);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Static-Encoding) {
        set bereq.http.Accept-Encoding = bereq.http.X-Static-Encoding;
    }
}

sub vcl_backend_response {
    # A page served from grace is being fetched again behind it: an error (the app or its database
    # down) keeps the stale copy rather than replacing it.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # For bans (they are evaluated against the stored object's headers).
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (bereq.http.X-Static-Encoding && beresp.status == 200 && !beresp.http.Set-Cookie &&
        beresp.http.Cache-Control ~ "immutable") {
        # A hashed name never changes content (WhiteNoise: a year or more); a week keeps the memory
        # for the files pages still link to.
        set beresp.ttl = 7d;
        return (deliver);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Vary: Cookie is right for the app but Varnish already keyed on the one cookie that matters.
    unset beresp.http.Vary;
    # Grace: for a day after its time is up a page is still served while it is fetched again behind
    # it, so with the app (or its database) down the pages cached before stay up. A purge or a ban
    # removes a page outright: grace never serves one that changed.
    set beresp.grace = 24h;
    return (deliver);
}

# The app does not answer (stopped, restarting, refused): a page from grace when there is one (above),
# else the maintenance page (vcl_synth), never Varnish's English "Guru Meditation".
sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.http.x-app-down = "1";
    return (deliver);
}

sub vcl_deliver {
    if (resp.http.x-app-down) {
        return (synth(503, "Service Unavailable"));
    }
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
        # The app's own page cache header describes the fetch Varnish made, not this answer.
        unset resp.http.X-Page-Cache;
    } else {
        set resp.http.X-Cache = "miss";
    }
    # Browsers always revalidate (a purge cannot reach them).
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = "public, max-age=0";
    }
}

sub vcl_synth {
    if (resp.status == 503) {
        set resp.http.Content-Type = "text/html; charset=utf-8";
        set resp.http.Retry-After = "60";
        set resp.http.Cache-Control = "no-store";
        set resp.body = {"<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cửa hàng đang bảo trì · OCOP Việt</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1f2a1f}h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem}</style>
</head><body><main>
<h1>Cửa hàng đang bảo trì</h1>
<p>Cửa hàng tạm thời không truy cập được. Vui lòng thử lại sau ít phút.</p>
<section lang="en"><h2>The shop is under maintenance</h2>
<p>The shop is briefly unavailable. Please try again in a few minutes.</p></section>
</main></body></html>
"};
        return (deliver);
    }
}
