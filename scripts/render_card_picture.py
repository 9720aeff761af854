"""Draw docs/printed-card.png: one card of the sample deck printed as `carddeck print
--sheet index` prints it, its front above its back, as the README shows it.

Run from the repository root (needs the dev extra, for pypdfium2):
    python scripts/render_card_picture.py [CARD]
The card is printed as of the sample deck's Monday morning (23 November 2026, 10:00 in
New York), from a copy of sample_deck.sqlite, so the picture is the same on every run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "printed-card.png"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("America/New_York"))
CARD = "Olivia Brown"  # worked a while: late, attempts, a ladder, several contacts
SCALE = 2.0  # 144 dpi: 720 x 432 pixels a face
BACKDROP, EDGE, SHADOW = (232, 232, 228), (200, 200, 196), (196, 196, 192)


def main() -> None:
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    from carddeck.deck.printing import cards_to_print
    from carddeck.deck.settings import DEFAULT_SETTINGS
    from carddeck.paths import deck_location
    from carddeck.render.pdf import write_pdf
    from carddeck.render.printed import printed_card
    from carddeck.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_DATA_HOME"] = folder  # the upgrade's backup goes here, not to yours
        copy = Path(folder) / "sample.sqlite"
        shutil.copy(ROOT / "sample_deck.sqlite", copy)
        store = open_store(deck_location(copy))
        try:
            with store.read() as session:
                (chosen,) = cards_to_print(session, refs=[sys.argv[1] if sys.argv[1:] else CARD])
                laid = printed_card(chosen.card, chosen.contacts, DEFAULT_SETTINGS, now=NOW)
        finally:
            store.close()
        pdf = pdfium.PdfDocument(write_pdf([laid], "index").data)
        faces = [pdf[i].render(scale=SCALE).to_pil() for i in range(2)]
    pad, gap, drop = 24, 28, 5
    width = max(f.width for f in faces) + 2 * pad
    height = sum(f.height for f in faces) + gap + 2 * pad
    picture = Image.new("RGB", (width, height), BACKDROP)
    draw = ImageDraw.Draw(picture)
    top = pad
    for face in faces:  # a card lying on a desk: a thin edge and a soft shadow
        draw.rectangle((pad + drop, top + drop, pad + face.width + drop, top + face.height + drop),
                       fill=SHADOW)  # fmt: skip
        picture.paste(face, (pad, top))
        draw.rectangle((pad - 1, top - 1, pad + face.width, top + face.height), outline=EDGE)
        top += face.height + gap
    OUT.parent.mkdir(exist_ok=True)
    picture.save(OUT, optimize=True)
    print(f"wrote {OUT.relative_to(ROOT)} ({width} x {height}): {laid.name}, front and back")


if __name__ == "__main__":
    main()
