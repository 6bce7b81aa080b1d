"""The plain line mode (``consent-app --plain``): the same product as a dialogue on standard
input and output, for screen readers and braille displays.

Each question is written once, as lines; nothing is redrawn, coloured or moved, and no
escape sequence is ever written. It uses the same client, outbox, checks, question texts
and translations as the Textual app, and never imports Textual.
"""
