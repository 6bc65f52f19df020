package ui

import (
	"strconv"

	"chibo/i18n"
	"chibo/store"
)

// coded is a Select over a coded list: what it shows and what the store keeps, side by side.
// The empty value, when the list has one, is shown as a word ("Không", "Chưa ghi").
type coded struct {
	shown  []string
	values []string
}

func newCoded(values []string, emptyKey string) *coded {
	c := &coded{}
	for _, v := range values {
		c.values = append(c.values, v)
		if v == "" {
			c.shown = append(c.shown, i18n.L(emptyKey))
		} else {
			c.shown = append(c.shown, v)
		}
	}
	return c
}

// index is the position of v, adding v at the end when the list does not have it (a value kept
// from an older list must still show, not vanish).
func (c *coded) index(v string) int {
	for i, x := range c.values {
		if x == v {
			return i
		}
	}
	c.values = append(c.values, v)
	c.shown = append(c.shown, v)
	return len(c.values) - 1
}

func (c *coded) value(i int) string {
	if i < 0 || i >= len(c.values) {
		return ""
	}
	return c.values[i]
}

func ethnicityNames() []string {
	out := make([]string, len(store.Ethnicities))
	for i, e := range store.Ethnicities {
		out[i] = e.Name
	}
	return out
}

func badgeValues() []string {
	out := []string{""}
	for _, y := range store.BadgeYears {
		out = append(out, strconv.Itoa(y))
	}
	return out
}

var genders = []string{"male", "female"}
