package documents

import (
	"fmt"
	"io"
	"strconv"

	"chibo/store"
)

// rosterColumns are the 14 columns of the roster book, mẫu 7-HSĐV (Hướng dẫn 12-HD/BTCTW),
// with their share of the width of a landscape page.
var rosterColumns = []Column{
	{Title: "Số TT", Width: 7, Align: AlignCenter},
	{Title: "Họ và tên", Width: 30, Align: AlignLeft},
	{Title: "Nam/nữ, dân tộc, tôn giáo", Width: 17, Align: AlignLeft},
	{Title: "Quê quán", Width: 24, Align: AlignLeft},
	{Title: "Văn hoá, lý luận, CMNV, ngoại ngữ", Width: 20, Align: AlignLeft},
	{Title: "Nghề nghiệp trước khi vào Đảng, hiện nay", Width: 20, Align: AlignLeft},
	{Title: "Ngày vào Đảng, ngày chính thức", Width: 17, Align: AlignCenter},
	{Title: "Số thẻ, số lý lịch, số Huy hiệu", Width: 21, Align: AlignLeft},
	{Title: "Bộ đội, công an, hưu trí", Width: 13, Align: AlignLeft},
	{Title: "Ngày chuyển đi, đến đảng bộ cơ sở nào", Width: 20, Align: AlignLeft},
	{Title: "Ngày chuyển đến, từ đâu", Width: 19, Align: AlignLeft},
	{Title: "Ngày từ trần, lý do", Width: 17, Align: AlignLeft},
	{Title: "Ngày ra khỏi Đảng, hình thức", Width: 17, Align: AlignLeft},
	{Title: "Ghi chú", Width: 20, Align: AlignLeft},
}

// Roster book sizes: the paper book gives each member a row of 4 thin lines.
const (
	rosterSize     = 9.0
	rosterHeadSize = 8.5
	rosterLines    = 4
)

// leavingWords are the forms of leaving the Party, as column 13 prints them.
var leavingWords = map[store.EventKind]string{
	store.EventExpelled: "Khai trừ",
	store.EventRemoved:  "Xóa tên",
	store.EventResigned: "Xin ra khỏi Đảng",
}

// RosterBook writes the roster book (sổ danh sách đảng viên, mẫu 7-HSĐV) of the cell p as a
// PDF to w: A4 landscape, the heading with the cell and its superior and the date asOf, then
// one row of four lines per member in the 14 columns of the form, the header repeated on
// every page, pages numbered from 2. Members are printed in the order given (the caller sorts
// them the Vietnamese way). events maps a member's id to her events; columns 10 to 13 (moves,
// death, leaving) read them, and events dated after asOf are left out. A cell whose text is
// longer than its four lines makes the row taller rather than losing text.
func RosterBook(w io.Writer, p store.Profile, members []store.Member, events map[string][]store.Event, asOf store.Date, opts Options) error {
	opts.Landscape = true
	if opts.Title == "" {
		opts.Title = "Sổ danh sách đảng viên – " + oneLine(p.Name)
	}
	d := New(opts)
	d.rosterBook(p, members, events, asOf)
	return d.Write(w)
}

func (d *Doc) rosterBook(p store.Profile, members []store.Member, events map[string][]store.Event, asOf store.Date) {
	defer d.guard(nil)
	d.ensurePage()
	// The form's code, top right, as on the printed book.
	d.setFont(false, true, 10)
	code := "Mẫu 7-HSĐV"
	d.pdf.Text(d.pageW-d.right-d.pdf.GetStringWidth(code), d.top-4, code)

	d.Header(HeaderFor(p, "", asOf))
	d.Title("SỔ DANH SÁCH ĐẢNG VIÊN")
	d.y -= 3

	spec := tableSpec{
		cols:     rosterColumns,
		size:     rosterSize,
		headSize: rosterHeadSize,
		spacing:  1.2,
		pad:      1.0,
		vpad:     0,
		minLines: rosterLines,
		subRules: true,
		rowRule:  0.5,
		gridRule: 0.2,
	}
	titles := make([]cell, len(rosterColumns))
	numbers := make([]cell, len(rosterColumns))
	for i, c := range rosterColumns {
		titles[i] = cell{{Text: c.Title}}
		numbers[i] = cell{{Text: "(" + strconv.Itoa(i+1) + ")", Italic: true}}
	}
	spec.header = [][]cell{titles, numbers}
	for i, m := range members {
		spec.rows = append(spec.rows, rosterRow(i+1, m, events[m.ID], asOf))
	}
	if len(members) == 0 {
		spec.rows = append(spec.rows, make([]cell, len(rosterColumns)))
	}
	d.drawTable(spec)
}

// rosterRow is member m's row: each cell holds up to four short lines, each item on its own
// line of the ruled row.
func rosterRow(n int, m store.Member, evs []store.Event, asOf store.Date) []cell {
	gender := map[string]string{"male": "Nam", "female": "Nữ"}[m.Gender]
	if gender == "" {
		gender = m.Gender
	}
	name := cell{{Text: oneLine(m.FullName), Bold: true}}
	if o := oneLine(m.OtherName); o != "" {
		name = append(name, Run{Text: "\n(" + o + ")"})
	}
	// The badge takes two lines: its class and its number.
	badge := []string{"", oneLine(m.BadgeNumber)}
	if m.BadgeYears > 0 {
		badge[0] = fmt.Sprintf("HH %d năm", m.BadgeYears)
	}
	if badge[1] != "" {
		badge[1] = "Số " + badge[1]
	}
	var service []string
	for _, s := range []struct {
		on   bool
		word string
	}{{m.Army, "Bộ đội"}, {m.Police, "Công an"}, {m.Retired, "Hưu trí"}} {
		if s.on {
			service = append(service, s.word)
		}
	}

	out := latest(evs, asOf, store.EventTransferOut)
	in := latest(evs, asOf, store.EventTransferIn)
	died := latest(evs, asOf, store.EventDeceased)
	left := latest(evs, asOf, store.EventExpelled, store.EventRemoved, store.EventResigned)
	var leaving []string
	if left != nil {
		leaving = []string{left.Date.DMY(), leavingWords[left.Kind], left.Document}
	}
	dated := func(e *store.Event, more ...string) cell {
		if e == nil {
			return nil
		}
		return cellLines(append([]string{e.Date.DMY()}, more...)...)
	}
	orgOf := func(e *store.Event) string {
		if e == nil {
			return ""
		}
		return e.Organisation
	}
	reasonOf := func(e *store.Event) string {
		if e == nil {
			return ""
		}
		return e.Reason
	}
	return []cell{
		cellLines(strconv.Itoa(n)),
		name,
		cellLines(gender, m.Ethnicity, m.Religion),
		cellLines(m.Hometown),
		cellLines(m.Education, m.TheoryLevel, m.ProfessionalLevel, m.ForeignLanguage),
		cellLines(m.OccupationBefore, m.Occupation),
		cellLines(m.CeremonyDate.DMY(), m.OfficialDate.DMY()),
		cellLines(m.CardNumber, m.FileNumber, badge[0], badge[1]),
		cellLines(service...),
		dated(out, orgOf(out)),
		dated(in, orgOf(in)),
		dated(died, reasonOf(died)),
		cellLines(leaving...),
		notesCell(m),
	}
}

// latest returns the last of a member's events of the given kinds dated on or before asOf,
// or nil.
func latest(evs []store.Event, asOf store.Date, kinds ...store.EventKind) *store.Event {
	var found *store.Event
	for i := range evs {
		e := &evs[i]
		if !e.Date.Valid() || (asOf.Valid() && e.Date.After(asOf)) {
			continue
		}
		for _, k := range kinds {
			if e.Kind == k && (found == nil || !e.Date.Before(found.Date)) {
				found = e
			}
		}
	}
	return found
}

// notesCell is column 14: the member's notes, after a word on a standing condition the book's
// reader must know of (exempted, suspended, attached from elsewhere).
func notesCell(m store.Member) cell {
	var lines []string
	for _, f := range []struct{ flag, word string }{
		{store.FlagExempted, "Miễn CT và SH"},
		{store.FlagSuspended, "Đình chỉ SH"},
		{store.FlagTempIn, "SH tạm thời"},
		{store.FlagTempOut, "Đi SH tạm thời"},
	} {
		if store.HasFlag(m.Flags, f.flag) {
			lines = append(lines, f.word)
		}
	}
	if m.State == store.StateProbationary {
		lines = append([]string{"Dự bị"}, lines...)
	}
	text := clean(m.Notes)
	if text != "" {
		lines = append(lines, text)
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	c := cell{}
	for i, l := range lines {
		if i > 0 {
			l = "\n" + l
		}
		c = append(c, Run{Text: l})
	}
	return c
}
