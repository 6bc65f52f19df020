// Package vntext handles Vietnamese text: the normal form text is stored in, folding for
// diacritic- and case-insensitive search, splitting a full name, and sort keys that put names
// in the order Vietnamese readers expect.
package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC trims s, collapses every inner run of white space to one space and returns the result
// in Unicode normal form C, the form all text is stored in. Text typed on one machine and
// pasted from a PDF on another then compares equal byte for byte.
func NFC(s string) string {
	return norm.NFC.String(collapseSpace(s))
}

// collapseSpace trims s and turns each run of white space into one ASCII space. It returns s
// itself, without allocating, when there is nothing to change.
func collapseSpace(s string) string {
	prevSpace := true // a space at the start must go too
	clean := true
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r != ' ' || prevSpace {
				clean = false
				break
			}
			prevSpace = true
			continue
		}
		prevSpace = false
	}
	if clean && (s == "" || !prevSpace) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// foldTable holds Fold's answer for each rune below len(foldTable): Latin letters with every
// diacritic, the combining diacritics themselves (which fold to ""), and the rest of
// Latin-1. foldExtended does the same for Latin Extended Additional (U+1E00–U+1EFF), where
// most precomposed Vietnamese letters live (ạ ả ấ … ỹ). Both are filled from foldSlow, so the
// fast path cannot disagree with it.
var (
	foldTable    [0x370]string
	foldExtended [0x100]string
)

const extendedBase = 0x1E00

func init() {
	for r := range rune(len(foldTable)) {
		foldTable[r] = foldSlow(string(r))
	}
	for i := range foldExtended {
		foldExtended[i] = foldSlow(string(rune(extendedBase + i)))
	}
}

// Fold returns s ready for diacritic- and case-insensitive search: decomposed (NFD), without
// combining marks, with đ and Đ as d, in lower case, trimmed and with single spaces.
// Fold("Nguyễn Thị Thảo") == "nguyen thi thao" and Fold("Đặng") == "dang".
//
// Ð (U+00D0) and ð, which legacy Vietnamese encodings and converters put in place of Đ, fold
// to d as well. Fold runs over every name when a roster loads, so text that is already folded
// comes back without allocating, and Latin text takes a table-driven path.
func Fold(s string) string {
	if isFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false // a space is owed before the next output
	for _, r := range s {
		var out string
		switch {
		case r < utf8.RuneSelf:
			if asciiSpace(byte(r)) {
				pending = b.Len() > 0
				continue
			}
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteByte(byte(r))
			continue
		case unicode.IsSpace(r):
			pending = b.Len() > 0
			continue
		case r < rune(len(foldTable)):
			out = foldTable[r]
		case extendedBase <= r && r < extendedBase+rune(len(foldExtended)):
			out = foldExtended[r-extendedBase]
		default:
			// Anything else (Greek, CJK, invalid UTF-8, marks outside the tables) takes the
			// general path, which decomposes the whole string at once.
			return foldSlow(s)
		}
		if out == "" {
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteString(out)
	}
	return b.String()
}

// isFolded reports whether Fold(s) == s without looking further than ASCII: lower case, no
// white space but single inner spaces.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, 'A' <= c && c <= 'Z':
			return false
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
		case asciiSpace(c):
			return false
		}
	}
	return true
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// foldSlow is the definition of Fold, applied literally.
func foldSlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ' || r == 'Ð' || r == 'ð':
			r = 'd'
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return collapseSpace(b.String())
}

// QueryTokens folds a search query and splits it into words, for Matches. An empty or
// all-space query gives no tokens, which match everything.
func QueryTokens(q string) []string {
	return strings.Fields(Fold(q))
}

// Matches reports whether every token occurs somewhere in the haystack. Both must already be
// folded (see Fold and QueryTokens), so "thao nguyen" finds "Nguyễn Thị Thảo" and "dang"
// finds "Đặng Văn Hải". No tokens match every haystack.
func Matches(foldedHaystack string, foldedQueryTokens []string) bool {
	for _, t := range foldedQueryTokens {
		if !strings.Contains(foldedHaystack, t) {
			return false
		}
	}
	return true
}

// SplitName splits a full name into the given name, which is the last word, and the rest
// (family and middle names): SplitName("Nguyễn Thị Thảo") == ("Thảo", "Nguyễn Thị"). White
// space is trimmed and collapsed; a one-word name has no rest, and a blank one gives "", "".
func SplitName(full string) (given, rest string) {
	full = collapseSpace(full)
	i := strings.LastIndexByte(full, ' ')
	if i < 0 {
		return full, ""
	}
	return full[i+1:], full[:i]
}
