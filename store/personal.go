package store

// This file is the one place where the personal fields of a member (CCCD, birth date, places
// of birth and residence) are written to and read from the database. Today they are stored in
// the clear beside a keyed blind index of the CCCD; a later migration seals them under the
// cell's data key (c.dek) by changing only sealPersonal and openPersonal.

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
