package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"chibo/rules"
	"chibo/store"
)

const testPass = "chibo-demo"

// testDays are the days the demo is made on: the end of a month, a day soon after Tết (whose
// holidays lengthen the working-day deadlines), a leap day, and the clock's own today. None may
// be after the clock's date: the store checks "not in the future" against its own clock, not
// against the day passed to Create.
func testDays() []store.Date {
	days := []store.Date{store.NewDate(2026, 11, 28), store.NewDate(2026, 3, 10), store.NewDate(2024, 2, 29)}
	for _, d := range days {
		if d.Equal(store.Today()) {
			return days
		}
	}
	return append(days, store.Today())
}

// create makes the demo in a fresh folder and checks the file's integrity when the test ends.
func create(t *testing.T, code string, today store.Date) *store.Cell {
	t.Helper()
	c, err := Create(context.Background(), t.TempDir(), code, testPass, today, store.WithKDF(store.FastKDF))
	if err != nil {
		t.Fatalf("Create(%s, %s): %v", code, today, err)
	}
	t.Cleanup(func() {
		if err := c.CheckIntegrity(context.Background()); err != nil {
			t.Errorf("integrity: %v", err)
		}
		c.Close()
	})
	return c
}

type memberEvents struct {
	store.Member
	Events []store.Event
}

// load reads every member with her events.
func load(t *testing.T, c *store.Cell) []memberEvents {
	t.Helper()
	ctx := context.Background()
	ms, err := c.ListMembers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]memberEvents, len(ms))
	for i, m := range ms {
		evs, err := c.Events(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = memberEvents{m, evs}
	}
	return out
}

func TestDemoCell(t *testing.T) {
	for _, today := range testDays() {
		t.Run(today.ISO(), func(t *testing.T) {
			checkCell(t, create(t, "LUNGVAI", today), today)
		})
	}
}

// checkCell checks everything the demo promises.
func checkCell(t *testing.T, c *store.Cell, today store.Date) {
	t.Helper()
	all := load(t, c)
	if n := len(all); n < minMembers || n > maxMembers {
		t.Errorf("%d members, want %d to %d", n, minMembers, maxMembers)
	}

	states := map[string]int{}
	flags := map[string]int{}
	names := map[string]memberEvents{}
	for _, m := range all {
		states[m.State]++
		for _, f := range m.Flags {
			flags[f]++
		}
		names[m.FullName] = m
	}
	for _, s := range store.States {
		if states[s] == 0 {
			t.Errorf("no member is %s", s)
		}
	}
	if 2*states[store.StateOfficial] <= len(all) {
		t.Errorf("%d official members of %d, want the majority", states[store.StateOfficial], len(all))
	}
	if states[store.StateProbationary] < 3 {
		t.Errorf("%d probationary members, want several", states[store.StateProbationary])
	}
	for _, f := range []string{store.FlagExempted, store.FlagTempOut, store.FlagTempIn, store.FlagSuspended} {
		if flags[f] == 0 {
			t.Errorf("no member has the flag %s", f)
		}
	}
	for _, k := range kinh {
		m, ok := names[k.name]
		if !ok {
			t.Errorf("%s is not on the roster", k.name)
		} else if m.Ethnicity != "Kinh" || m.Gender != k.gender {
			t.Errorf("%s: ethnicity %q, gender %q", k.name, m.Ethnicity, m.Gender)
		}
	}

	p := c.Profile()
	if p.Name != cellName || p.OfficeName != officeName || p.OfficeLevel != store.LevelCommune || p.Place != place {
		t.Errorf("profile %+v", p)
	}
	if sec, ok := names[p.Secretary]; !ok || sec.State != store.StateOfficial || len(sec.Flags) != 0 {
		t.Errorf("secretary %q is not an official member without flags on the roster", p.Secretary)
	}

	for _, m := range all {
		checkMember(t, today, m)
	}
	checkDeadlines(t, today, all)

	items, err := rules.WatchList(context.Background(), c, today)
	if err != nil {
		t.Fatal(err)
	}
	watch := map[string]bool{}
	for _, it := range items {
		watch[it.Kind+"/"+it.Severity] = true
		watch[it.Kind] = true
	}
	for _, k := range []string{rules.WatchOfficialReview, rules.WatchCeremony, rules.WatchTempEnd + "/" + rules.SeverityOverdue,
		rules.WatchTransferPapers + "/" + rules.SeverityOverdue, rules.WatchLeavingNotice} {
		if !watch[k] {
			t.Errorf("the watch list has no %s item; it has %v", k, items)
		}
	}
}

// checkMember checks that one member's data is what a real roster would hold.
func checkMember(t *testing.T, today store.Date, m memberEvents) {
	t.Helper()
	who := m.FullName
	if e, ok := store.LookupEthnicity(m.Ethnicity); !ok || e.Name != m.Ethnicity {
		t.Errorf("%s: ethnicity %q is not an official name", who, m.Ethnicity)
	}
	if !nameFits(m.FullName, m.Gender, m.Ethnicity) {
		t.Errorf("%s: the name is not a %s %s name", who, m.Gender, m.Ethnicity)
	}
	if age := fullYears(m.BirthDate, today); age < 20 || age > 85 {
		t.Errorf("%s: aged %d", who, age)
	}
	if err := cccdFits(m.CCCD, m.BirthDate, m.Gender); err != nil {
		t.Errorf("%s: CCCD %s: %v", who, m.CCCD, err)
	}
	if m.Hometown == "" || !strings.Contains(m.Residence, "Lào Cai") {
		t.Errorf("%s: hometown %q, residence %q", who, m.Hometown, m.Residence)
	}
	for _, d := range []store.Date{m.BirthDate, m.DecisionDate, m.CeremonyDate, m.OfficialDate, m.YouthUnionDate} {
		if d.After(today) {
			t.Errorf("%s: date %s after today", who, d)
		}
	}
	for _, e := range m.Events {
		if e.Date.After(today) || e.DoneDate.After(today) {
			t.Errorf("%s: %s event on %s (done %s) after today", who, e.Kind, e.Date, e.DoneDate)
		}
	}
	if m.CeremonyDate.Valid() && m.CeremonyDate.Before(m.BirthDate.AddMonths(18*12)) {
		t.Errorf("%s: admitted on %s, under 18", who, m.CeremonyDate)
	}
	if m.OfficialDate.Valid() && !m.OfficialDate.Equal(m.CeremonyDate.AddMonths(12)) {
		t.Errorf("%s: official on %s, not 12 months after the ceremony on %s", who, m.OfficialDate, m.CeremonyDate)
	}
	if m.BadgeYears > 0 && today.Before(m.CeremonyDate.AddMonths(12*m.BadgeYears)) {
		t.Errorf("%s: %d-year badge with the ceremony on %s", who, m.BadgeYears, m.CeremonyDate)
	}
	official := m.OfficialDate.Valid()
	if official != (m.CardNumber != "") {
		t.Errorf("%s: official %v with card number %q", who, official, m.CardNumber)
	}
}

// nameFits reports whether the name is family, middle and given names of the member's people.
func nameFits(name, gender, ethnicity string) bool {
	for _, k := range kinh {
		if name == k.name {
			return ethnicity == "Kinh"
		}
	}
	n := nationOf(ethnicity)
	w := strings.Fields(name)
	middle, given := n.femaleMiddle, n.femaleGiven
	if gender == "male" {
		middle, given = n.maleMiddle, n.maleGiven
	}
	has := func(xs []string, x string) bool {
		for _, y := range xs {
			if x == y {
				return true
			}
		}
		return false
	}
	return len(w) == 3 && has(n.families, w[0]) && has(middle, w[1]) && has(given, w[2])
}

// cccdFits checks a CCCD against the birth date and gender, digit by digit.
func cccdFits(cccd string, birth store.Date, gender string) error {
	if len(cccd) != 12 || strings.Trim(cccd, "0123456789") != "" {
		return errors.New("not 12 digits")
	}
	if cccd[:3] != "010" {
		return errors.New("not a Lào Cai number")
	}
	y := birth.Time().Year()
	g := 2 * ((y - 1900) / 100)
	if gender == "female" {
		g++
	}
	if want := fmt.Sprintf("%d%02d", g, y%100); cccd[3:6] != want {
		return fmt.Errorf("digits 4 to 6 are %s, want %s", cccd[3:6], want)
	}
	return nil
}

// checkDeadlines checks the members the watch list is about, by their events.
func checkDeadlines(t *testing.T, today store.Date, all []memberEvents) {
	t.Helper()
	var lateCeremony, dueThisMonth, pastMark, tempOutOverdue, papersMissing, deathUnreported bool
	cccds := map[string]string{}
	for _, m := range all {
		if other, dup := cccds[m.CCCD]; dup {
			t.Errorf("%s and %s have the same CCCD %s", m.FullName, other, m.CCCD)
		}
		cccds[m.CCCD] = m.FullName
		switch m.State {
		case store.StateCandidate:
			if !m.DecisionDate.Valid() {
				t.Errorf("candidate %s has no admission decision", m.FullName)
			}
			// 35 days hold at least 25 working days.
			lateCeremony = lateCeremony || !m.DecisionDate.After(today.AddDays(-35))
		case store.StateProbationary:
			mark := m.CeremonyDate.AddMonths(12)
			y, mo, _ := today.Time().Date()
			y2, mo2, _ := mark.Time().Date()
			dueThisMonth = dueThisMonth || (y == y2 && mo == mo2)
			pastMark = pastMark || (mark.Before(today.AddDays(-14)) && mark.After(today.AddDays(-60)))
		}
		for _, e := range m.Events {
			switch {
			case e.Kind == store.EventTempOut && store.HasFlag(m.Flags, store.FlagTempOut):
				tempOutOverdue = tempOutOverdue || e.EndDate.Before(today)
			case e.Kind == store.EventTransferIn && e.DoneDate.IsZero():
				papersMissing = papersMissing || e.Date.Equal(today.AddMonths(-4))
			case e.Kind == store.EventDeceased && e.DoneDate.IsZero():
				deathUnreported = deathUnreported || e.Date.After(today.AddMonths(-1))
			}
		}
	}
	for _, x := range []struct {
		ok   bool
		what string
	}{
		{lateCeremony, "a candidate decided 25 working days ago or more"},
		{dueThisMonth, "a probationary member whose 12 months end this month"},
		{pastMark, "a probationary member whose 12 months ended a few weeks ago"},
		{tempOutOverdue, "a temporary move out past its end"},
		{papersMissing, "a transfer in 4 months ago without papers"},
		{deathUnreported, "a recent death not yet reported"},
	} {
		if !x.ok {
			t.Errorf("missing: %s", x.what)
		}
	}
}

// snapshot is the cell's content without the ids the store makes, as JSON.
func snapshot(t *testing.T, c *store.Cell) string {
	t.Helper()
	all := load(t, c)
	for i := range all {
		all[i].ID = ""
		for j := range all[i].Events {
			all[i].Events[j].ID, all[i].Events[j].MemberID = "", ""
		}
	}
	b, err := json.MarshalIndent(all, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDemoIsDeterministic(t *testing.T) {
	today := store.NewDate(2026, 11, 28)
	a := snapshot(t, create(t, "LUNGVAI", today))
	if b := snapshot(t, create(t, "lungvai", today)); a != b {
		t.Errorf("the same code and day gave two different cells:\n%s\n---\n%s", a, b)
	}
	if b := snapshot(t, create(t, "PHALONG", today)); a == b {
		t.Error("two codes gave the same cell")
	}
}

func TestDemoRefusesTheFuture(t *testing.T) {
	dir := t.TempDir()
	_, err := Create(context.Background(), dir, "LUNGVAI", testPass, store.Today().AddDays(1), store.WithKDF(store.FastKDF))
	if err == nil {
		t.Fatal("a demo dated tomorrow was made")
	}
	if _, err := os.Stat(store.CellPath(dir, "LUNGVAI")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused demo left its file: %v", err)
	}
}
