"""Turn a brief into a live page in the browser: `brief preview`.

`paper.py` compiles the brief as `brief check` does and gives what the page shows:
the print HTML of the PDF renderer, the profile's report, the problems, and the
provenance of every paragraph, row and note (`provenance.py`, from the manifest's
own data). `server.py` serves it on the loopback interface (Starlette on uvicorn),
rebuilds it when a file changes (`compiler.watch.changes`) and tells the page
through server-sent events. The page's own code and look are in
`compiler/assets/preview/`.

Not to be confused with `compiler.server` (`brief serve`), the warm process that
runs commands for the `brief` command over a Unix socket.
"""
