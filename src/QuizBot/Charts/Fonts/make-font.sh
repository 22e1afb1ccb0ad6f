#!/usr/bin/env bash
# Rebuilds QuizBotChartSans.otf: the glyphs of glyphs.txt (plus printable ASCII) cut from Noto Sans CJK SC Regular
# (SIL Open Font License 1.1, see OFL.txt), renamed so it is never mistaken for the full font.
# Needs Debian's fonts-noto-cjk and python3-fonttools, with Debian's /usr/bin/python3 (apt-get install fonts-noto-cjk python3-fonttools).
# Run it after adding characters to glyphs.txt; ChartFontTests fails when a chart text uses a glyph the font lacks.
set -euo pipefail
cd "$(dirname "$0")"
source=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
/usr/bin/python3 - "$source" <<'PY'
import sys
from fontTools import subset
from fontTools.ttLib import TTFont

text = open("glyphs.txt", encoding="utf-8").read().replace("\n", "")
text += "".join(chr(c) for c in range(0x20, 0x7F))
options = subset.Options()
options.font_number = 2            # the TTC's faces: JP, KR, SC, TC, HK, ... (fc-scan lists them)
options.name_IDs = ["*"]
options.notdef_outline = True
options.desubroutinize = True
font = subset.load_font(sys.argv[1], options)
subsetter = subset.Subsetter(options)
subsetter.populate(text=text)
subsetter.subset(font)
family, full, postscript = "QuizBot Chart Sans", "QuizBot Chart Sans Regular", "QuizBotChartSans-Regular"
for record in font["name"].names:
    if record.nameID in (1, 16): record.string = family
    elif record.nameID == 4: record.string = full
    elif record.nameID == 6: record.string = postscript
    elif record.nameID == 3: record.string = "QuizBotChartSans-Regular subset of Noto Sans CJK SC"
font["CFF "].cff.fontNames = [postscript]
font.save("QuizBotChartSans.otf")
print(f"{len(set(text))} characters, {len(font.getGlyphOrder())} glyphs")
PY
ls -l QuizBotChartSans.otf
