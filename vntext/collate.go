package vntext

import (
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Collator makes sort keys that order text the Vietnamese way: letters in the order
// a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, then tones as a lesser
// difference (no tone, huyền, hỏi, ngã, sắc, nặng), then case as the least.
//
// A Collator reuses one buffer, so it is not safe for concurrent use: give each goroutine its
// own, or guard it with a mutex.
//
// Keys come from the collation tables compiled into golang.org/x/text, not from anything on
// the machine, so they are the same in every process and on every computer. Stored keys must
// be recomputed if an upgrade of that module changes its tables (it states the CLDR version
// they come from in collate.CLDRVersion).
type Collator struct {
	strong *collate.Collator // all levels, case included
	weak   *collate.Collator // letters and tones only
	buf    collate.Buffer
}

// NewCollator returns a Collator for Vietnamese.
func NewCollator() *Collator {
	return &Collator{
		strong: collate.New(language.Vietnamese),
		weak:   collate.New(language.Vietnamese, collate.IgnoreCase, collate.IgnoreWidth),
	}
}

// Key returns a key for s such that bytes.Compare orders texts the Vietnamese way, for lists
// that are not names of people (cell names, places). The key is a fresh slice.
func (c *Collator) Key(s string) []byte {
	c.buf.Reset()
	return append([]byte(nil), c.strong.KeyFromString(&c.buf, NFC(s))...)
}

// NameKey returns a key for a person's full name such that bytes.Compare, or SQLite's
// ORDER BY on a BLOB column, orders names the way a Vietnamese list does: by the given name
// (the last word) first and then by the rest, letters and tones counting before case. So
// "Trần Văn An" comes before "Nguyễn Văn Bình", every "An" before every "Anh", "Anh" before
// "Ánh", and two people called Pằn are ordered by "Giàng A" and "Lò Văn". Names that differ
// only in case or in how they were typed (NFC or not, spacing) come out in a fixed order.
//
// The key is a fresh slice: the collation key of the given name with its bytes escaped, a 0x00
// separator, the same for the rest of the name, and the name itself as the last tie-break.
// Escaping keeps 0x00 below every byte of a component, so a component that is a prefix of
// another sorts first and equal components fall through to the next.
func (c *Collator) NameKey(full string) []byte {
	full = NFC(full)
	given, rest := SplitName(full)
	c.buf.Reset()
	kg := c.weak.KeyFromString(&c.buf, given)
	kr := c.weak.KeyFromString(&c.buf, rest) // may reallocate; kg keeps the old array
	out := make([]byte, 0, len(kg)+len(kr)+len(full)+len(kg)/4+len(kr)/4+2)
	out = appendEscaped(out, kg)
	out = append(out, 0)
	out = appendEscaped(out, kr)
	out = append(out, 0)
	return append(out, full...)
}

// appendEscaped appends k with 0x00 written as 0x01 0x01 and 0x01 as 0x01 0x02. The mapping
// keeps the byte order of keys and leaves 0x00 free to end a component.
func appendEscaped(dst, k []byte) []byte {
	for _, b := range k {
		switch b {
		case 0:
			dst = append(dst, 1, 1)
		case 1:
			dst = append(dst, 1, 2)
		default:
			dst = append(dst, b)
		}
	}
	return dst
}
