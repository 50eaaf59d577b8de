"""Request-level equivalence: do the Gateway API objects answer every request as ingress-nginx did?

Two independent routing models compute what a request gets:

* `nginx_servers` + `nginx_routing`: ingress-nginx, from the Ingresses (servers per host, location
  selection, regex mode, redirects, canaries, default backend). Written from the controller's behaviour,
  not from the converter, so that it checks the converter instead of repeating it.
* `gateway_objects` + `gateway_attach` + `gateway_routing`: Gateway API v1.6, from Gateway, ListenerSet
  and route objects as plain data (the rendered output, or files a user edited).

`probes` derives requests from the Ingresses, `compare` runs both models on each of them and `explain`
matches every difference with the findings that already announced it.
"""
