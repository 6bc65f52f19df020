package office

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"chibo/rules"
	"chibo/store"
	"chibo/sync/bundle"
	"chibo/sync/payload"
	"chibo/vntext"
)

// ReportMonths is how many months the consolidated report looks back, this one included.
const ReportMonths = 12

// CellInfo is an enrolled cell: its key and where its bundles have got to.
type CellInfo struct {
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Key         string    `json:"key"` // minisign public key, base64 line
	Fingerprint string    `json:"fingerprint"`
	KeyID       string    `json:"key_id"`
	NextKey     string    `json:"next_key,omitempty"` // announced, not yet used
	Epoch       int       `json:"epoch"`              // 1, +1 at each re-enrolment
	EnrolledAt  time.Time `json:"enrolled_at"`
	LastSeq     uint64    `json:"last_seq"`    // last bundle number accepted in this epoch, 0 for none
	LastImport  time.Time `json:"last_import"` // zero when none
	HeadSeq     int       `json:"head_seq"`    // entries of the cell's approved chain the office holds
}

// Cells lists the enrolled cells in Vietnamese order of their names.
func (o *Office) Cells(ctx context.Context) ([]CellInfo, error) {
	rows, err := o.db.QueryContext(ctx, `
		SELECT code, name, key, next_key, epoch, enrolled_at, last_seq, last_import, head_seq
		FROM cells`)
	if err != nil {
		return nil, mapDiskError(err)
	}
	defer rows.Close()
	out := []CellInfo{}
	for rows.Next() {
		var c CellInfo
		var enrolled, last string
		if err := rows.Scan(&c.Code, &c.Name, &c.Key, &c.NextKey, &c.Epoch, &enrolled, &c.LastSeq, &last, &c.HeadSeq); err != nil {
			return nil, err
		}
		c.EnrolledAt, _ = time.Parse(time.RFC3339, enrolled)
		c.LastImport, _ = time.Parse(time.RFC3339, last)
		if pub, err := payload.ParseSigningKey(c.Key); err == nil {
			c.Fingerprint, c.KeyID = bundle.Fingerprint(pub), KeyID(pub.ID())
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	col := vntext.NewCollator()
	sort.SliceStable(out, func(i, j int) bool {
		return bytes.Compare(col.Key(out[i].Name), col.Key(out[j].Name)) < 0
	})
	return out, nil
}

// Month is one calendar month.
type Month struct {
	Year  int `json:"year"`
	Month int `json:"month"`
}

// MonthMeetings counts a cell's approved meetings in one month. A combined meeting counts as
// both regular and thematic.
type MonthMeetings struct {
	Month
	Regular  int `json:"regular"`
	Thematic int `json:"thematic"`
	// Missed: the month has ended without a regular meeting (the current month is never
	// missed yet).
	Missed bool `json:"missed"`
}

// CellReport is one cell's line of the consolidated report.
type CellReport struct {
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Fingerprint string    `json:"fingerprint"`
	LastSeq     uint64    `json:"last_seq"`
	LastImport  time.Time `json:"last_import"` // zero when no bundle was imported yet
	// Members counts current members (tombstones left out) by state, as their records say.
	Members      map[string]int  `json:"members"`
	MembersTotal int             `json:"members_total"`
	Months       []MonthMeetings `json:"months"` // ReportMonths months, oldest first
	Missed       int             `json:"missed"` // months of Months without a regular meeting
	// Attendance over the approved meetings of Months: members present over members expected
	// (those on the list, less exempted members and those away on temporary activity who did
	// not come: rules.AttendanceTotals's Summoned). Rate is Present/Expected, 0 when none.
	Present   int     `json:"present"`
	Expected  int     `json:"expected"`
	Rate      float64 `json:"attendance_rate"`
	Conflicts int     `json:"conflicts"` // records kept aside for a person
	Documents int     `json:"documents"`
}

// Report is the consolidated view of all enrolled cells.
type Report struct {
	Office Profile      `json:"office"`
	Today  store.Date   `json:"today"`
	Months []Month      `json:"months"`
	Cells  []CellReport `json:"cells"`
	Totals ReportTotals `json:"totals"`
}

// ReportTotals sums the cells.
type ReportTotals struct {
	Members   map[string]int `json:"members"`
	Missed    int            `json:"missed"`
	Present   int            `json:"present"`
	Expected  int            `json:"expected"`
	Rate      float64        `json:"attendance_rate"`
	Conflicts int            `json:"conflicts"`
}

// Report builds the consolidated view as of today.
func (o *Office) Report(ctx context.Context) (Report, error) {
	return o.ReportAt(ctx, store.DateOf(now()))
}

// ReportAt builds the consolidated view as of the given day: the ReportMonths months ending
// with today's.
func (o *Office) ReportAt(ctx context.Context, today store.Date) (Report, error) {
	cells, err := o.Cells(ctx)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Office: o.profile, Today: today, Cells: []CellReport{},
		Totals: ReportTotals{Members: map[string]int{}}}
	t := today.Time()
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -(ReportMonths - 1), 0)
	for i := 0; i < ReportMonths; i++ {
		m := first.AddDate(0, i, 0)
		rep.Months = append(rep.Months, Month{m.Year(), int(m.Month())})
	}
	for _, c := range cells {
		cr := CellReport{Code: c.Code, Name: c.Name, Fingerprint: c.Fingerprint, LastSeq: c.LastSeq,
			LastImport: c.LastImport, Members: map[string]int{}}
		ms, err := o.Roster(ctx, c.Code)
		if err != nil {
			return Report{}, err
		}
		for _, m := range ms {
			if m.State != "" {
				cr.Members[m.State]++
				rep.Totals.Members[m.State]++
			}
			cr.MembersTotal++
		}
		meetings, err := o.Meetings(ctx, c.Code)
		if err != nil {
			return Report{}, err
		}
		index := map[Month]int{}
		for i, m := range rep.Months {
			cr.Months = append(cr.Months, MonthMeetings{Month: m})
			index[m] = i
		}
		for _, m := range store.Effective(meetings) {
			d := m.Date.Time()
			i, ok := index[Month{d.Year(), int(d.Month())}]
			if !ok || m.Date.After(today) {
				continue
			}
			if m.Kind != store.MeetingThematic {
				cr.Months[i].Regular++
			}
			if m.Kind != store.MeetingRegular {
				cr.Months[i].Thematic++
			}
			tot := rules.AttendanceTotals(rules.Attendees(m.Body.Attendance))
			cr.Present += tot.Present
			cr.Expected += tot.Summoned
		}
		for i := range cr.Months {
			if i < len(cr.Months)-1 && cr.Months[i].Regular == 0 {
				cr.Months[i].Missed = true
				cr.Missed++
			}
		}
		if cr.Expected > 0 {
			cr.Rate = float64(cr.Present) / float64(cr.Expected)
		}
		if err := o.db.QueryRowContext(ctx, `
			SELECT (SELECT count(*) FROM conflicts WHERE cell = ? AND kept = ''), (SELECT count(*) FROM documents WHERE cell = ?)`,
			c.Code, c.Code).Scan(&cr.Conflicts, &cr.Documents); err != nil {
			return Report{}, mapDiskError(err)
		}
		rep.Totals.Missed += cr.Missed
		rep.Totals.Present += cr.Present
		rep.Totals.Expected += cr.Expected
		rep.Totals.Conflicts += cr.Conflicts
		rep.Cells = append(rep.Cells, cr)
	}
	if rep.Totals.Expected > 0 {
		rep.Totals.Rate = float64(rep.Totals.Present) / float64(rep.Totals.Expected)
	}
	return rep, nil
}

// records returns the data of a cell's records of one kind, tombstones left out.
func (o *Office) records(ctx context.Context, cell, kind string) ([][]byte, error) {
	rows, err := o.db.QueryContext(ctx, `
		SELECT data
		FROM records
		WHERE cell = ? AND kind = ? AND deleted = 0`, store.NormalizeCode(cell), kind)
	if err != nil {
		return nil, mapDiskError(err)
	}
	defer rows.Close()
	var out [][]byte
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Roster returns a cell's members as its bundles carried them (deleted ones left out), in
// Vietnamese order: given name first, then the rest.
func (o *Office) Roster(ctx context.Context, cell string) ([]store.Member, error) {
	data, err := o.records(ctx, cell, payload.KindMember)
	if err != nil {
		return nil, err
	}
	type keyed struct {
		key []byte
		m   store.Member
	}
	col := vntext.NewCollator()
	ks := make([]keyed, 0, len(data))
	for _, b := range data {
		var m store.Member
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("office: member record of %s: %w", cell, err)
		}
		ks = append(ks, keyed{col.NameKey(m.FullName), m})
	}
	sort.SliceStable(ks, func(i, j int) bool {
		if c := bytes.Compare(ks[i].key, ks[j].key); c != 0 {
			return c < 0
		}
		return ks[i].m.ID < ks[j].m.ID
	})
	out := make([]store.Member, len(ks))
	for i, k := range ks {
		out[i] = k.m
	}
	return out, nil
}

// Meetings returns a cell's approved meetings, newest first. Corrected ones are included:
// store.Effective keeps those that stand.
func (o *Office) Meetings(ctx context.Context, cell string) ([]store.Meeting, error) {
	data, err := o.records(ctx, cell, payload.KindMeeting)
	if err != nil {
		return nil, err
	}
	out := make([]store.Meeting, 0, len(data))
	for _, b := range data {
		var m store.Meeting
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("office: meeting record of %s: %w", cell, err)
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.After(out[j].Date)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Events returns a cell's member events (deleted ones left out), by member and date.
func (o *Office) Events(ctx context.Context, cell string) ([]store.Event, error) {
	data, err := o.records(ctx, cell, payload.KindEvent)
	if err != nil {
		return nil, err
	}
	out := make([]store.Event, 0, len(data))
	for _, b := range data {
		var e store.Event
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("office: event record of %s: %w", cell, err)
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].MemberID != out[j].MemberID {
			return out[i].MemberID < out[j].MemberID
		}
		return out[i].Date.Before(out[j].Date)
	})
	return out, nil
}

// Document is a printed PDF a cell's bundle carried.
type Document struct {
	ID         int64     `json:"id"`
	Cell       string    `json:"cell"`
	MeetingID  string    `json:"meeting_id"`
	Kind       string    `json:"kind"` // "minutes", "resolution", "attendance", "roster"
	Title      string    `json:"title"`
	Path       string    `json:"path"` // its name in the bundle
	Size       int64     `json:"size"` // bytes
	SHA256     string    `json:"sha256"`
	BundleSeq  uint64    `json:"bundle_seq"`
	ImportedAt time.Time `json:"imported_at"`
}

// Documents lists a cell's documents (every cell's when cell is ""), by cell and path.
func (o *Office) Documents(ctx context.Context, cell string) ([]Document, error) {
	rows, err := o.db.QueryContext(ctx, `
		SELECT id, cell, meeting_id, kind, title, path, size, sha256, bundle_seq, imported_at
		FROM documents
		WHERE ? = '' OR cell = ?
		ORDER BY cell, path`, store.NormalizeCode(cell), store.NormalizeCode(cell))
	if err != nil {
		return nil, mapDiskError(err)
	}
	defer rows.Close()
	out := []Document{}
	for rows.Next() {
		var d Document
		var at string
		if err := rows.Scan(&d.ID, &d.Cell, &d.MeetingID, &d.Kind, &d.Title, &d.Path, &d.Size, &d.SHA256, &d.BundleSeq, &at); err != nil {
			return nil, err
		}
		d.ImportedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, d)
	}
	return out, rows.Err()
}

// PDF returns a document's bytes, or store.ErrNotFound.
func (o *Office) PDF(ctx context.Context, docID int64) ([]byte, error) {
	var b []byte
	err := o.db.QueryRowContext(ctx, `SELECT pdf FROM documents WHERE id = ?`, docID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	return b, mapDiskError(err)
}

// Note is a dated remark about a cell's exchanges.
type Note struct {
	Cell   string `json:"cell"`
	Epoch  int    `json:"epoch"`
	Source string `json:"source"` // "reenrolled" (the office's reason for a re-enrolment) or "cell"
	At     string `json:"at"`     // RFC 3339
	Text   string `json:"text"`
}

// Notes lists a cell's notes, oldest first.
func (o *Office) Notes(ctx context.Context, cell string) ([]Note, error) {
	rows, err := o.db.QueryContext(ctx, `
		SELECT cell, epoch, source, at, text
		FROM notes
		WHERE cell = ?
		ORDER BY at, id`, store.NormalizeCode(cell))
	if err != nil {
		return nil, mapDiskError(err)
	}
	defer rows.Close()
	out := []Note{}
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.Cell, &n.Epoch, &n.Source, &n.At, &n.Text); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
