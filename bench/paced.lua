-- wrk script for the event rows: each connection waits between requests, so the load is
-- steady traffic (at most connections x 1000 / delay requests per second), not a flood that
-- would starve the deploy, certbot or systemd of the CPUs they share with it.
function delay()
  return 20
end
