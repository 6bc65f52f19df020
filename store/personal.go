package store

import (
	"fmt"
	"strings"
)

// This file is the one place where the personal fields of a member (CCCD, birth date, places
// of birth and residence) are written to and read from the database. Today they are stored in
// the clear beside a keyed blind index of the CCCD; a later migration seals them under the
// cell's data key (c.dek) by changing only sealPersonal and openPersonal.

// noCCCD is the SQL condition "this member has no CCCD", for queries that select on it (the
// partial index members_watch in migration 0001 repeats it word for word).
const noCCCD = `cccd = ''`

// personalColumns are the personal columns, in the order personalRow.values and dest use.
const personalColumns = `cccd, cccd_index, birth_date, birth_place, hometown, residence, temp_residence`

type personalRow struct {
	cccd          string
	cccdIndex     []byte
	birthDate     string
	birthPlace    string
	hometown      string
	residence     string
	tempResidence string
}

func (p *personalRow) values() []any {
	var idx any
	if len(p.cccdIndex) > 0 {
		idx = p.cccdIndex
	}
	return []any{p.cccd, idx, p.birthDate, p.birthPlace, p.hometown, p.residence, p.tempResidence}
}

func (p *personalRow) dest() []any {
	return []any{&p.cccd, &p.cccdIndex, &p.birthDate, &p.birthPlace, &p.hometown, &p.residence, &p.tempResidence}
}

// sealPersonal turns m's personal fields into what is stored.
func (c *Cell) sealPersonal(m *Member) *personalRow {
	p := &personalRow{
		cccd:          m.CCCD,
		birthDate:     m.BirthDate.ISO(),
		birthPlace:    m.BirthPlace,
		hometown:      m.Hometown,
		residence:     m.Residence,
		tempResidence: m.TempResidence,
	}
	if m.CCCD != "" {
		p.cccdIndex = blindIndex(c.dek, "cccd", m.CCCD)
	}
	return p
}

// openPersonal fills m's personal fields from what was stored.
func (c *Cell) openPersonal(p *personalRow, m *Member) error {
	m.CCCD = p.cccd
	m.BirthDate = ParseISO(p.birthDate)
	m.BirthPlace = p.birthPlace
	m.Hometown = p.hometown
	m.Residence = p.residence
	m.TempResidence = p.tempResidence
	return nil
}

// rosterRow packs what the roster list shows and what search matches into one text, fields
// separated by U+001F. It holds personal fields (the birth date, and the CCCD in the search
// text), so it is written here and sealed with them.
func (c *Cell) rosterRow(m *Member) string {
	return strings.Join([]string{m.FullName, m.Gender, m.BirthDate.ISO(), m.Ethnicity, m.State,
		joinFlags(m.Flags), m.CeremonyDate.ISO(), m.OfficialDate.ISO(), m.CardNumber, memberSearchText(m)}, "\x1f")
}

// openRosterRow unpacks rosterRow into e.
func (c *Cell) openRosterRow(row string, e *RosterEntry) error {
	f := strings.Split(row, "\x1f")
	if len(f) != 10 {
		return fmt.Errorf("store: roster row has %d fields, want 10", len(f))
	}
	e.FullName, e.Gender, e.BirthDate, e.Ethnicity, e.State = f[0], f[1], ParseISO(f[2]), f[3], f[4]
	e.Flags, e.CeremonyDate, e.OfficialDate, e.CardNumber, e.search = splitFlags(f[5]), ParseISO(f[6]), ParseISO(f[7]), f[8], f[9]
	return nil
}
