// Package vntext handles Vietnamese text: normal form, diacritic- and case-insensitive search,
// and the order in which Vietnamese readers expect a list of names.
package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// NFC trims s, collapses inner runs of white space to one space and returns it in Unicode
// normal form C, the form every text is stored in.
func NFC(s string) string {
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// Fold returns s without diacritics, with đ as d, in lower case and with single spaces, for
// search: Fold("Nguyễn Thị Thảo") == "nguyen thi thao", Fold("Đặng") == "dang".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading space
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				if !space {
					b.WriteByte(' ')
					space = true
				}
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			space = false
		}
		return strings.TrimSuffix(b.String(), " ")
	}
	var it norm.Iter
	it.InitString(norm.NFD, s)
	for !it.Done() {
		seg := it.Next()
		for len(seg) > 0 {
			r, n := utf8.DecodeRune(seg)
			seg = seg[n:]
			switch {
			case unicode.Is(unicode.Mn, r):
				continue
			case unicode.IsSpace(r):
				if !space {
					b.WriteByte(' ')
					space = true
				}
				continue
			case r == 'đ' || r == 'Đ':
				r = 'd'
			default:
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			space = false
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// SplitName splits a full name into the given name (the last word) and the rest:
// SplitName("Nguyễn Thị Thảo") == ("Thảo", "Nguyễn Thị").
func SplitName(full string) (given, rest string) {
	f := strings.Fields(full)
	if len(f) == 0 {
		return "", ""
	}
	return f[len(f)-1], strings.Join(f[:len(f)-1], " ")
}

// Collator orders text the Vietnamese way (a ă â b c d đ e ê …, tones as secondary
// differences). It is not safe for concurrent use: give each goroutine its own.
type Collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

// NewCollator returns a Vietnamese collator.
func NewCollator() *Collator {
	return &Collator{c: collate.New(language.Vietnamese)}
}

// Key returns a byte key for s such that bytes.Compare orders texts the Vietnamese way.
func (c *Collator) Key(s string) []byte {
	c.buf.Reset()
	k := c.c.KeyFromString(&c.buf, norm.NFC.String(s))
	return append([]byte(nil), k...)
}

// NameKey returns a byte key that orders full names the Vietnamese way: by the given name (the
// last word) first, then by the rest. Keys are deterministic, so they can be stored and
// compared by the database (SQLite compares BLOBs byte by byte).
func (c *Collator) NameKey(full string) []byte {
	given, rest := SplitName(norm.NFC.String(full))
	c.buf.Reset()
	kg := c.c.KeyFromString(&c.buf, given)
	out := make([]byte, 0, len(kg)*2+8)
	out = append(out, kg...)
	// A collation key never holds three zero bytes in a row followed by 0x01 … but it does use
	// 0x00 0x00 between its levels. Zero bytes sort below every weight, so a given name that is
	// a prefix of another ("An", "Anh") still sorts first, and equal given names fall through
	// to the rest of the name.
	out = append(out, 0, 0, 0, 0)
	c.buf.Reset()
	out = append(out, c.c.KeyFromString(&c.buf, rest)...)
	return out
}

// QueryTokens folds a search query and splits it into words.
func QueryTokens(q string) []string {
	return strings.Fields(Fold(q))
}

// Matches reports whether every token occurs in the folded haystack.
func Matches(foldedHaystack string, foldedQueryTokens []string) bool {
	for _, t := range foldedQueryTokens {
		if !strings.Contains(foldedHaystack, t) {
			return false
		}
	}
	return true
}
