"""De zaal doet mee: phones in the room join, write entries and vote, with the laptop as
the only server and the Workshop as the only writer.

``room`` and ``changes`` are pure (no server, no Textual): who joined, what a phone may
send, and how that becomes the card's own Changes. ``server`` serves the pages in
``static/`` and the phones' requests on the app's own asyncio loop; ``qr`` draws the join
link as a QR code for the terminal and the beamer page.
"""
