package documents

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"chibo/assets"
)

// clean makes text safe to hand to fpdf and pleasant to print: valid UTF-8 in NFC (so a
// Vietnamese letter is one glyph, not a letter and a floating accent), tabs as spaces, line
// breaks as "\n", no other control or format characters, and a "?" for any character the
// embedded fonts have no glyph for (fpdf would otherwise print an empty box, or fail on
// characters outside the Basic Multilingual Plane).
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r == '\u00a0' || r == '\u202f':
			b.WriteRune('\u00a0') // a space that never breaks: "Số 03", "50 %"
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// zero-width and direction marks pasted from elsewhere: drop them.
		case !hasGlyph(r):
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine is clean with every line break turned into a space and runs of spaces collapsed,
// for names and titles that must stay on one logical line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(clean(s), "\n", " ")), " ")
}

var (
	glyphOnce sync.Once
	glyphs    []uint64 // bit r is set when every embedded face has a glyph for rune r (BMP only)
)

// hasGlyph reports whether all four embedded faces can draw r.
func hasGlyph(r rune) bool {
	if r < 0x7f && r >= 0x20 {
		return true
	}
	if r > 0xffff {
		return false
	}
	glyphOnce.Do(loadGlyphs)
	return glyphs[r>>6]&(1<<(uint(r)&63)) != 0
}

// loadGlyphs builds the coverage bitmap from the fonts' character maps. It takes a few
// milliseconds, once per process.
func loadGlyphs() {
	glyphs = make([]uint64, 0x10000/64)
	var fonts []*sfnt.Font
	for _, data := range [][]byte{assets.SerifRegular, assets.SerifBold, assets.SerifItalic, assets.SerifBoldItalic} {
		f, err := sfnt.Parse(data)
		if err != nil {
			// Only ASCII is then known to be safe; every other letter prints as "?".
			return
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r <= 0xffff; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		ok := true
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				ok = false
				break
			}
		}
		if ok {
			glyphs[r>>6] |= 1 << (uint(r) & 63)
		}
	}
}

// Upper returns s in capitals the Vietnamese way ("Chi bộ bản Lùng Vai" → "CHI BỘ BẢN LÙNG
// VAI"), in NFC. It is safe for concurrent use (a cases.Caser is not, so each call makes one).
func Upper(s string) string {
	return cases.Upper(language.Vietnamese).String(norm.NFC.String(s))
}
