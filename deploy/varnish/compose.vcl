vcl 4.1;
# Varnish in docker compose (docker-compose.yml): default.vcl as it is, in front of the `web` service
# instead of 127.0.0.1 (nothing listens there inside the varnish container: every page was a 503).
# Purges arrive on the listener named `purge` (`-a purge=:6091`, not published), see default.vcl.
# default.vcl's own backend (127.0.0.1) is then unused, which VCL refuses unless varnishd runs with
# `-p vcc_err_unref=off`, as the compose file's command does.
# Varnish resolves "web" once, when the VCL loads: compose restarts varnish whenever web is restarted or
# recreated (depends_on's `restart: true`), so it never keeps a container's old address.

backend web {
    .host = "web";
    .port = "8000";
}

sub vcl_recv {
    set req.backend_hint = web;
}

include "./default.vcl";
