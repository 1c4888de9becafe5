"""`pingan serve`: the monthly session on the trainer's laptop, tablets on the same Wi-Fi.

One process serves the built team site and a small live API (Starlette on uvicorn):

network     which addresses to listen on; a public one is refused unless allowed
settings    the session code, the trainer PIN, the day, size and rate limits
guard       constant-time secret checks, per-client rate limits, lockouts, CSRF tokens
records     writes through the scorer's own imports (answers, attendance), one at a time
views       what the roll page and the live board load (编号, name, team; never a phone)
log         one JSON line per write, with the client's address
app         the routes; pages and forms render templates/serve/ with HTML autoescaping
sitestate   is the team site built and current (else `pingan serve` builds it first)
server      sockets, the banner with the QR code, uvicorn

It sits between ``cli`` and ``pipeline``: it may build the site before serving it.
"""
