"""What the app, the client and the server share: the wire contract, nothing that does I/O.

No module here imports the HTTP client, the server or Textual, so each side can depend on
this package alone.
"""
