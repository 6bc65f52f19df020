package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date with no time of day or zone. The zero Date means "not given". A Date
// parsed from bad text keeps that text, so validation can name it in its refusal.
type Date struct {
	t   time.Time // midnight UTC
	raw string    // the text it came from, when that text was not a real date
}

// NewDate returns the date y-m-d; invalid parts give an invalid Date.
func NewDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || t.Month() != m || t.Day() != d {
		return Date{raw: fmt.Sprintf("%02d/%02d/%04d", d, m, y)}
	}
	return Date{t: t}
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	return NewDate(t.Year(), t.Month(), t.Day())
}

// Today is the local calendar date now.
func Today() Date { return DateOf(now()) }

// ParseISO reads "YYYY-MM-DD"; "" gives the zero Date. Bad text gives an invalid Date.
func ParseISO(s string) Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		// The stored form: parse it without time.Parse, which matters for 100,000 rows.
		y, ok1 := digits(s[0:4])
		m, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:10])
		if ok1 && ok2 && ok3 {
			if v := NewDate(y, time.Month(m), d); v.Valid() {
				return v
			}
		}
	}
	return Date{raw: s}
}

// ParseDMY reads the way people write dates here: "5/3/2026", "05/03/2026", "05-03-2026",
// "05.03.2026". "" gives the zero Date; bad or impossible text gives an invalid Date.
func ParseDMY(s string) Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ' ' })
	if len(parts) != 3 || len(parts[2]) != 4 {
		return Date{raw: s}
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return Date{raw: s}
		}
		n[i] = v
	}
	d := NewDate(n[2], time.Month(n[1]), n[0])
	if !d.Valid() {
		d.raw = s
	}
	return d
}

// IsZero reports whether no date was given.
func (d Date) IsZero() bool { return d.t.IsZero() && d.raw == "" }

// Valid reports whether d is a real date (the zero Date is not).
func (d Date) Valid() bool { return !d.t.IsZero() }

// Raw is the text an invalid Date came from.
func (d Date) Raw() string { return d.raw }

// Time is the date at midnight UTC.
func (d Date) Time() time.Time { return d.t }

// ISO formats d as "YYYY-MM-DD", or "" when not valid.
func (d Date) ISO() string {
	if !d.Valid() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// DMY formats d as "dd/mm/yyyy", the way the window and documents show it; an invalid date
// shows the text it came from.
func (d Date) DMY() string {
	if !d.Valid() {
		return d.raw
	}
	return d.t.Format("02/01/2006")
}

// String implements fmt.Stringer with DMY.
func (d Date) String() string { return d.DMY() }

// AddMonths returns d plus n calendar months (31/1 plus one month is 3/3 in a common year,
// as time.AddDate normalises).
func (d Date) AddMonths(n int) Date {
	if !d.Valid() {
		return d
	}
	return Date{t: d.t.AddDate(0, n, 0)}
}

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date {
	if !d.Valid() {
		return d
	}
	return Date{t: d.t.AddDate(0, 0, n)}
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// Equal reports whether d and e are the same date.
func (d Date) Equal(e Date) bool { return d.t.Equal(e.t) && d.raw == e.raw }

// MarshalJSON writes "YYYY-MM-DD", or "" when not given.
func (d Date) MarshalJSON() ([]byte, error) {
	if !d.Valid() {
		return json.Marshal(d.raw)
	}
	return json.Marshal(d.ISO())
}

// UnmarshalJSON reads "YYYY-MM-DD"; bad text is kept for validation to refuse with a sentence.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date must be a string \"YYYY-MM-DD\": %w", err)
	}
	*d = ParseISO(s)
	return nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
