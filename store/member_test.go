package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func sampleMember() Member {
	return Member{
		FullName:     "Nguyễn Thị Thảo",
		Gender:       "female",
		BirthDate:    NewDate(1985, 4, 12),
		Ethnicity:    "Kinh",
		CCCD:         "010185001234",
		Hometown:     "Mường Khương, Lào Cai",
		Residence:    "Bản Lùng Vai, xã Mường Khương",
		DecisionDate: NewDate(2010, 2, 1),
		CeremonyDate: NewDate(2010, 3, 3),
		OfficialDate: NewDate(2011, 3, 3),
		CardNumber:   "01.234567",
		TheoryLevel:  "sơ cấp",
	}
}

func TestAddMemberRoundTrip(t *testing.T) {
	ctx := context.Background()
	c, _ := newCell(t)
	in := sampleMember()
	in.FullName = "  Nguyễn   Thị Thảo " // extra spaces are tidied
	in.Ethnicity = "kinh"                // coded lists forgive case and accents
	got, err := c.AddMember(ctx, in)
	if err != nil {
		t.Fatalf("AddMember: %v", err)
	}
	if got.ID == "" || got.Version != 1 || got.State != StateOfficial {
		t.Errorf("added member: id %q version %d state %q", got.ID, got.Version, got.State)
	}
	read, err := c.GetMember(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := sampleMember()
	want.ID, want.Version, want.State = got.ID, 1, StateOfficial
	if diff := cmp.Diff(want, read, cmp.AllowUnexported(Date{})); diff != "" {
		t.Errorf("member read back (-want +got):\n%s", diff)
	}
	evs, _ := c.Events(ctx, got.ID)
	var kinds []EventKind
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	if diff := cmp.Diff([]EventKind{EventAdmissionDecision, EventAdmitted, EventOfficial}, kinds); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestMemberRefusals(t *testing.T) {
	now = func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }
	defer func() { now = time.Now }()
	tests := []struct {
		name  string
		edit  func(*Member)
		field string
		key   string
	}{
		{"no name", func(m *Member) { m.FullName = " " }, "full_name", "err.member.name_missing"},
		{"digits in name", func(m *Member) { m.FullName = "Nguyễn Thị 3" }, "full_name", "err.member.name_chars"},
		{"no gender", func(m *Member) { m.Gender = "" }, "gender", "err.member.gender"},
		{"impossible birth date", func(m *Member) { m.BirthDate = ParseDMY("31/02/1985") }, "birth_date", "err.date.invalid"},
		{"no birth date", func(m *Member) { m.BirthDate = Date{} }, "birth_date", "err.date.missing"},
		{"future birth date", func(m *Member) { m.BirthDate = NewDate(2030, 1, 1) }, "birth_date", "err.date.future"},
		{"unknown ethnicity", func(m *Member) { m.Ethnicity = "Kinh Kỳ" }, "ethnicity", "err.member.ethnicity_unknown"},
		{"unknown religion", func(m *Member) { m.Religion = "Đạo lạ" }, "religion", "err.member.religion_unknown"},
		{"cccd 11 digits", func(m *Member) { m.CCCD = "01018500123" }, "cccd", "err.member.cccd_digits"},
		{"cccd letters", func(m *Member) { m.CCCD = "01018500123A" }, "cccd", "err.member.cccd_digits"},
		{"cccd bad province", func(m *Member) { m.CCCD = "003185001234" }, "cccd", "err.member.cccd_province"},
		{"cccd wrong year", func(m *Member) { m.CCCD = "010186001234" }, "cccd", "err.member.cccd_year"},
		{"cccd wrong gender", func(m *Member) { m.CCCD = "010085001234" }, "cccd", "err.member.cccd_gender"},
		{"ceremony before decision", func(m *Member) { m.DecisionDate = NewDate(2010, 4, 1) }, "event.admitted", "err.event.ceremony_before_decision"},
		{"official too early", func(m *Member) { m.OfficialDate = NewDate(2011, 3, 2) }, "event.official", "err.event.official_early"},
		{"official without ceremony", func(m *Member) { m.CeremonyDate = Date{} }, "official_date", "err.member.official_without_ceremony"},
		{"admitted under 18", func(m *Member) { m.BirthDate = NewDate(1992, 5, 1); m.CCCD = "010192001234" }, "event.admitted", "err.event.under_18"},
		{"bad theory level", func(m *Member) { m.TheoryLevel = "tiến sĩ" }, "theory_level", "err.member.code_unknown"},
		{"badge too soon", func(m *Member) { m.BadgeYears = 30 }, "badge_years", "err.member.badge_too_soon"},
		{"badge not a step", func(m *Member) { m.BadgeYears = 35 }, "badge_years", "err.member.badge_years"},
		{"youth union at 5", func(m *Member) { m.YouthUnionDate = NewDate(1990, 1, 1) }, "youth_union_date", "err.member.youth_union_age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newCell(t)
			m := sampleMember()
			tt.edit(&m)
			_, err := c.AddMember(context.Background(), m)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("AddMember = %v, want a *ValidationError", err)
			}
			found := false
			for _, f := range ve.Fields {
				found = found || (f.Field == tt.field && f.Key == tt.key)
			}
			if !found {
				t.Errorf("refusal %+v does not name %s with %s", ve.Fields, tt.field, tt.key)
			}
			if r, _ := c.Roster(context.Background()); len(r.Entries) != 0 {
				t.Errorf("a refused member was saved")
			}
		})
	}
}

func TestCCCDUniqueAndBatchAtomic(t *testing.T) {
	ctx := context.Background()
	c, _ := newCell(t)
	if _, err := c.AddMember(ctx, sampleMember()); err != nil {
		t.Fatal(err)
	}
	other := sampleMember()
	other.FullName = "Nguyễn Thị Thảo Vân"
	_, err := c.AddMember(ctx, other)
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.Has("cccd") {
		t.Fatalf("same CCCD twice: %v", err)
	}
	good := sampleMember()
	good.FullName, good.CCCD = "Giàng A Páo", "010070001111"
	good.Gender, good.BirthDate, good.Ethnicity = "male", NewDate(1970, 1, 5), "Mông"
	bad := good
	bad.FullName, bad.CCCD = "Sùng Seo Chứ", "123"
	_, err = c.AddMembers(ctx, []Member{good, bad})
	if !errors.As(err, &ve) || ve.Record != "2: Sùng Seo Chứ" {
		t.Fatalf("batch with a bad second member: %v", err)
	}
	r, _ := c.Roster(ctx)
	if len(r.Entries) != 1 {
		t.Errorf("after a refused batch the roster has %d members, want 1", len(r.Entries))
	}
}

func TestUpdateKeepsHistory(t *testing.T) {
	ctx := context.Background()
	c, _ := newCell(t)
	c.SetActor("Lò Văn Pằn")
	m, _ := c.AddMember(ctx, sampleMember())
	m.Residence = "Bản Pha Long"
	m.CardNumber = "01.999999"
	m2, err := c.UpdateMember(ctx, m)
	if err != nil {
		t.Fatalf("UpdateMember: %v", err)
	}
	if m2.Version != 2 {
		t.Errorf("version after update = %d, want 2", m2.Version)
	}
	// A stale copy is refused.
	m.Notes = "sửa từ bản cũ"
	if _, err := c.UpdateMember(ctx, m); !errors.Is(err, ErrConflict) {
		t.Errorf("update from a stale copy: %v, want ErrConflict", err)
	}
	h, _ := c.History(ctx, m.ID)
	var got [][3]string
	for _, ch := range h {
		if ch.Actor != "Lò Văn Pằn" {
			t.Errorf("change by %q, want Lò Văn Pằn", ch.Actor)
		}
		got = append(got, [3]string{ch.Field, ch.OldValue, ch.NewValue})
	}
	want := [][3]string{
		{"created", "", "Nguyễn Thị Thảo"},
		{"residence", "Bản Lùng Vai, xã Mường Khương", "Bản Pha Long"},
		{"card_number", "01.234567", "01.999999"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if _, err := c.db.Exec(`DELETE FROM member_changes`); err == nil {
		t.Error("the change history could be deleted")
	}
	if _, err := c.db.Exec(`UPDATE member_changes SET actor = 'x'`); err == nil {
		t.Error("the change history could be rewritten")
	}
	if _, err := c.db.Exec(`DELETE FROM members`); err == nil {
		t.Error("a member could be deleted")
	}
}

func TestEventsDeriveState(t *testing.T) {
	ctx := context.Background()
	c, _ := newCell(t)
	m, _ := c.AddMember(ctx, sampleMember())
	add := func(e Event) (Event, error) {
		e.MemberID = m.ID
		return c.SaveEvent(ctx, e)
	}
	state := func() (string, []string) {
		got, _ := c.GetMember(ctx, m.ID)
		return got.State, got.Flags
	}
	ex, err := add(Event{Kind: EventExempted, Date: NewDate(2024, 1, 10), Reason: "tuổi cao, sức yếu"})
	if err != nil {
		t.Fatal(err)
	}
	if s, f := state(); s != StateOfficial || !HasFlag(f, FlagExempted) {
		t.Errorf("after exemption: %s %v", s, f)
	}
	if _, err := add(Event{Kind: EventExempted, Date: NewDate(2024, 2, 10)}); err == nil {
		t.Error("a second exemption while exempted was accepted")
	}
	if _, err := add(Event{Kind: EventSuspensionEnd, Date: NewDate(2024, 2, 10)}); err == nil {
		t.Error("ending a suspension that never began was accepted")
	}
	if _, err := add(Event{Kind: EventExemptionEnd, Date: NewDate(2025, 1, 10)}); err != nil {
		t.Fatal(err)
	}
	if _, err := add(Event{Kind: EventDeceased, Date: NewDate(2026, 5, 1), Reason: "bệnh tuổi già"}); err != nil {
		t.Fatal(err)
	}
	if s, f := state(); s != StateDeceased || len(f) != 0 {
		t.Errorf("after death: %s %v", s, f)
	}
	// An event dated before the death but entered later must still fit the timeline.
	if _, err := add(Event{Kind: EventTempOut, Date: NewDate(2026, 6, 1)}); err == nil {
		t.Error("a temporary move after death was accepted")
	}
	// Correcting the exemption's date to after its end is refused.
	ex.Date = NewDate(2025, 6, 1)
	if _, err := c.SaveEvent(ctx, ex); err == nil {
		t.Error("an exemption starting after its end was accepted")
	}
	// Deleting the death brings the member back.
	evs, _ := c.Events(ctx, m.ID)
	death := evs[len(evs)-1]
	if err := c.DeleteEvent(ctx, death); err != nil {
		t.Fatal(err)
	}
	if s, _ := state(); s != StateOfficial {
		t.Errorf("after deleting the death: %s", s)
	}
	var deleted int
	c.db.QueryRow(`SELECT count(*) FROM member_events WHERE deleted = 1`).Scan(&deleted)
	if deleted != 1 {
		t.Errorf("tombstones = %d, want 1", deleted)
	}
}

func TestRosterOrderAndSearch(t *testing.T) {
	ctx := context.Background()
	c, _ := newCell(t)
	people := []struct{ name, cccd, gender string }{
		{"Đặng Văn Hải", "010070001001", "male"},
		{"Nguyễn Thị Thảo", "010185001002", "female"},
		{"Giàng A Páo", "010070001003", "male"},
		{"Lò Văn Pằn", "010070001004", "male"},
		{"Vàng Thị Mỷ", "010170001005", "female"},
		{"Trần Văn An", "010070001006", "male"},
		{"Hoàng Văn Ánh", "010070001007", "male"},
		{"Bàn Văn Đào", "010070001008", "male"},
		{"Lý Seo Dìn", "010070001009", "male"},
	}
	var ms []Member
	for _, p := range people {
		m := sampleMember()
		m.FullName, m.CCCD, m.Gender = p.name, p.cccd, p.gender
		if p.cccd[3] == '1' {
			m.BirthDate = NewDate(1970, 1, 1)
		} else {
			m.BirthDate = NewDate(1970, 1, 1)
		}
		if p.name == "Nguyễn Thị Thảo" {
			m.BirthDate = NewDate(1985, 1, 1)
		}
		ms = append(ms, m)
	}
	if _, err := c.AddMembers(ctx, ms); err != nil {
		t.Fatal(err)
	}
	r, err := c.Roster(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range r.Entries {
		order = append(order, e.FullName)
	}
	want := []string{"Trần Văn An", "Hoàng Văn Ánh", "Lý Seo Dìn", "Bàn Văn Đào", "Đặng Văn Hải",
		"Vàng Thị Mỷ", "Giàng A Páo", "Lò Văn Pằn", "Nguyễn Thị Thảo"}
	if diff := cmp.Diff(want, order); diff != "" {
		t.Errorf("Vietnamese order (-want +got):\n%s", diff)
	}
	search := func(q string) []string {
		var out []string
		for _, i := range r.Filter(q, nil, nil) {
			out = append(out, r.Entries[i].FullName)
		}
		return out
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"nguyen thi thao", []string{"Nguyễn Thị Thảo"}},
		{"dang", []string{"Đặng Văn Hải"}},
		{"ĐẶNG", []string{"Đặng Văn Hải"}},
		{"thao nguyen", []string{"Nguyễn Thị Thảo"}},
		{"dao", []string{"Bàn Văn Đào"}},
		{"010070001009", []string{"Lý Seo Dìn"}},
		{"234567", nil}, // card numbers are the same for all in this test, so search by one part of the CCCD instead
		{"xyz", nil},
	} {
		got := search(tt.q)
		if tt.q == "234567" {
			if len(got) != len(people) {
				t.Errorf("search by card number found %d, want all %d", len(got), len(people))
			}
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("search %q (-want +got):\n%s", tt.q, diff)
		}
	}
}
