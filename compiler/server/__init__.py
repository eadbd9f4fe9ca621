"""Turn `brief check`, `brief facts`, `brief recommendations` and `brief build` into requests to a warm process.

`brief serve` (`serve.py`) keeps one process per workspace with everything
imported, the store in memory and a pool of render workers; the `brief` command
(`client.py`) hands its arguments to that process over a Unix socket in the
workspace's `.brief-cache/` when one is running, and runs them itself otherwise.
`protocol.py` is what both sides share.
"""
