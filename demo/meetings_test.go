package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"chibo/rules"
	"chibo/store"
)

// meetingDays are the days the meeting tests make the demo on: the end of a month, and a day so
// early in one that its meeting is due that very day.
func meetingDays(t *testing.T) []store.Date {
	var out []store.Date
	for _, d := range []store.Date{store.NewDate(2026, 11, 28), store.NewDate(2026, 6, 3)} {
		if d.After(store.Today()) {
			t.Logf("skipping %s: after the clock's date", d)
			continue
		}
		out = append(out, d)
	}
	return out
}

// maxBuild is how long making the demo may take with store.FastKDF.
const maxBuild = 3 * time.Second

func TestDemoMeetings(t *testing.T) {
	for _, today := range meetingDays(t) {
		t.Run(today.ISO(), func(t *testing.T) {
			start := time.Now()
			c := create(t, "LUNGVAI", today)
			took := time.Since(start)
			t.Logf("demo with its meetings built in %v", took.Round(time.Millisecond))
			if took > maxBuild {
				t.Errorf("building the demo took %v, more than %v", took, maxBuild)
			}
			checkMeetings(t, c, today)
		})
	}
}

func attendeesOf(as []store.Attendance) []rules.Attendee {
	out := make([]rules.Attendee, len(as))
	for i, a := range as {
		out[i] = rules.Attendee{MemberID: a.MemberID, Name: a.Name, State: a.State, Flags: a.Flags, Status: a.Status, Reason: a.Reason}
	}
	return out
}

func minutesOf(m store.Meeting) int {
	var h1, m1, h2, m2 int
	fmt.Sscanf(m.Body.Start, "%d:%d", &h1, &m1)
	fmt.Sscanf(m.Body.End, "%d:%d", &h2, &m2)
	return h2*60 + m2 - h1*60 - m1
}

type monthKey struct{ year, month int }

func monthOf(d store.Date) monthKey { return monthKey{d.Time().Year(), int(d.Time().Month())} }

// checkMeetings checks everything the demo's meetings promise.
func checkMeetings(t *testing.T, c *store.Cell, today store.Date) {
	ctx := context.Background()
	all, err := c.ListMeetings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	prof := c.Profile()
	eff := store.Effective(all)
	byID := map[string]store.Meeting{}
	for _, m := range all {
		byID[m.ID] = m
		if m.Date.After(today) {
			t.Errorf("meeting of %s is after today %s", m.Date, today)
		}
	}

	// One draft: this month's meeting, with something written in it.
	var drafts []store.Meeting
	for _, m := range all {
		if m.Status == store.StatusDraft {
			drafts = append(drafts, m)
		}
	}
	if len(drafts) != 1 {
		t.Fatalf("%d drafts, want 1", len(drafts))
	}
	dr := drafts[0]
	if monthOf(dr.Date) != monthOf(today) || dr.CorrectsID != "" || dr.Kind != store.MeetingRegular {
		t.Errorf("the draft is a %s meeting of %s (corrects %q), want this month's regular meeting", dr.Kind, dr.Date, dr.CorrectsID)
	}
	if len(dr.Body.Items) == 0 || len(dr.Body.Attendance) == 0 || dr.Body.Start == "" || dr.Body.Secretary == "" {
		t.Errorf("the draft has nothing to continue: %+v", dr.Body)
	}

	// One correction, approved, of the end time, keeping the numbers of the minutes it corrects.
	var corrections []store.Meeting
	for _, m := range all {
		if m.CorrectsID != "" {
			corrections = append(corrections, m)
		}
	}
	if len(corrections) != 1 {
		t.Fatalf("%d corrections, want 1", len(corrections))
	}
	cor := corrections[0]
	old, ok := byID[cor.CorrectsID]
	switch {
	case !ok:
		t.Errorf("the correction corrects %s, which is not there", cor.CorrectsID)
	case cor.Status != store.StatusApproved || old.Status != store.StatusApproved:
		t.Errorf("correction %s, corrected minutes %s: both should be approved", cor.Status, old.Status)
	case cor.CorrectionReason != correctionReason:
		t.Errorf("correction reason %q", cor.CorrectionReason)
	case cor.Body.End == old.Body.End || cor.Body.Start != old.Body.Start:
		t.Errorf("correction changes %s–%s to %s–%s, want only the end", old.Body.Start, old.Body.End, cor.Body.Start, cor.Body.End)
	case cor.Number != old.Number || cor.ResolutionNumber != old.ResolutionNumber || !cor.Date.Equal(old.Date):
		t.Errorf("correction numbered %d/%d on %s, corrected %d/%d on %s", cor.Number, cor.ResolutionNumber, cor.Date,
			old.Number, old.ResolutionNumber, old.Date)
	}

	// A regular (or combined) meeting in each of the last 24 months, a thematic (or combined)
	// one in every quarter they touch.
	regular := map[monthKey]int{}
	thematic := map[[2]int]bool{}
	for _, m := range eff {
		k := monthOf(m.Date)
		if m.Kind != store.MeetingThematic {
			regular[k]++
		}
		if m.Kind != store.MeetingRegular {
			thematic[[2]int{k.year, (k.month-1)/3 + 1}] = true
		}
	}
	first := today.Time()
	first = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= meetingMonths; i++ {
		mo := first.AddDate(0, -i, 0)
		k := monthKey{mo.Year(), int(mo.Month())}
		if regular[k] != 1 {
			t.Errorf("%02d/%d has %d approved regular meetings, want 1", k.month, k.year, regular[k])
		}
		if q := [2]int{k.year, (k.month-1)/3 + 1}; !thematic[q] {
			t.Errorf("quarter %d/%d has no thematic meeting", q[1], q[0])
		}
	}
	if len(regular) != meetingMonths {
		t.Errorf("approved regular meetings in %d months, want %d", len(regular), meetingMonths)
	}

	// Approved minutes are numbered 1, 2, … in each year, in date order; the chain holds them all.
	byYear := map[int][]store.Meeting{}
	approved := 0
	for _, m := range all {
		if m.Status == store.StatusApproved {
			approved++
			if m.CorrectsID == "" {
				byYear[m.Date.Time().Year()] = append(byYear[m.Date.Time().Year()], m)
			}
		}
	}
	for y, ms := range byYear {
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Date.Before(ms[j].Date) })
		for i, m := range ms {
			if m.Number != i+1 || m.ResolutionNumber != i+1 {
				t.Errorf("%d: minutes of %s numbered %d (resolution %d), want %d", y, m.Date, m.Number, m.ResolutionNumber, i+1)
			}
		}
	}
	if err := c.VerifyChain(ctx); err != nil {
		t.Errorf("VerifyChain: %v", err)
	}
	if chain, err := c.Chain(ctx); err != nil || len(chain) != approved {
		t.Errorf("chain: %v, %d entries for %d approved minutes", err, len(chain), approved)
	}

	// Each approved meeting.
	admissions, officials, short, scores := 0, 0, 0, map[float64]bool{}
	expectedAway, awayPresent := 0, 0
	for _, m := range all {
		if m.Status != store.StatusApproved {
			continue
		}
		b := m.Body
		where := m.Date.String() + " " + m.Kind
		if b.Place != meetingPlace || b.ChairName != prof.Secretary || b.ChairID == "" || b.SecretaryID == "" || b.SecretaryID == b.ChairID {
			t.Errorf("%s: place %q, chair %q (%s), secretary %q (%s)", where, b.Place, b.ChairName, b.ChairID, b.Secretary, b.SecretaryID)
		}
		present := map[string]bool{}
		onList := map[string]store.Attendance{}
		for _, a := range b.Attendance {
			onList[a.MemberID] = a
			if a.Status == store.AttPresent {
				present[a.MemberID] = true
			}
			if store.HasFlag(a.Flags, store.FlagExempted) || store.HasFlag(a.Flags, store.FlagTempOut) {
				expectedAway++
				if a.Status == store.AttPresent {
					awayPresent++
				}
			}
		}
		if !present[b.ChairID] || !present[b.SecretaryID] || onList[b.SecretaryID].State != store.StateOfficial {
			t.Errorf("%s: the chair or the secretary of the meeting is not an official member present", where)
		}
		tot := rules.AttendanceTotals(attendeesOf(b.Attendance))
		for _, r := range b.Resolutions {
			v := rules.CountVote(r.Kind, r.For, r.Against, r.Abstain, tot.VoteBase)
			if v.Problem != "" || !v.Passed {
				t.Errorf("%s: %q: %d/%d/%d of %d: problem %q, passed %v", where, r.Text, r.For, r.Against, r.Abstain, tot.VoteBase, v.Problem, v.Passed)
			}
			if r.For+r.Against+r.Abstain > tot.PresentOfficial {
				t.Errorf("%s: %q: %d votes from %d official members present", where, r.Text, r.For+r.Against+r.Abstain, tot.PresentOfficial)
			}
			switch r.Kind {
			case rules.VoteAdmission, rules.VoteOfficialStatus:
				if 3*r.For < 2*tot.VoteBase {
					t.Errorf("%s: %q: %d of %d is less than two thirds", where, r.Text, r.For, tot.VoteBase)
				}
				if r.Kind == rules.VoteAdmission {
					admissions++
				} else {
					officials++
				}
			case rules.VoteGeneral:
			default:
				t.Errorf("%s: resolution kind %q", where, r.Kind)
			}
		}
		if len(b.Resolutions) == 0 {
			t.Errorf("%s: no resolution", where)
		}
		for _, it := range b.Items {
			members := 0
			for _, s := range it.Speeches {
				if s.SpeakerID != "" {
					members++
					if !present[s.SpeakerID] {
						t.Errorf("%s: %s spoke but was not present", where, s.Speaker)
					}
				}
			}
			if members < 2 || it.Conclusion == "" {
				t.Errorf("%s: item %q has %d members speaking and conclusion %q", where, it.Title, members, it.Conclusion)
			}
		}
		mins := minutesOf(m)
		switch {
		case m.Kind == store.MeetingCombined && m.ID != cor.CorrectsID && (mins < 120 || mins > 130):
			t.Errorf("%s: a combined meeting of %d minutes", where, mins)
		case mins < 65 || mins > 130:
			t.Errorf("%s: %d minutes", where, mins)
		case mins < 90:
			short++
		}
		for _, key := range []string{"preparation", "conduct", "chairing", "principles", "results", "closing"} {
			if _, ok := b.Manual[key]; !ok {
				t.Errorf("%s: no manual score for %s", where, key)
			}
		}
		scores[rules.ScoreMeeting(rules.RubricFor(m.Date), rules.ScoreInput{Totals: tot, Minutes: mins,
			Combined: m.Kind == store.MeetingCombined, Manual: b.Manual}).Total] = true
		if !b.NextDate.After(m.Date) || b.NextContent == "" || b.Topic == "" {
			t.Errorf("%s: next meeting %s %q, topic %q", where, b.NextDate, b.NextContent, b.Topic)
		}
		if m.Kind != store.MeetingRegular && (len(b.Items) == 0 || !strings.HasPrefix(b.Items[len(b.Items)-1].Title, "Chuyên đề") &&
			!strings.HasPrefix(b.Items[len(b.Items)-2].Title, "Chuyên đề")) {
			t.Errorf("%s: no thematic item", where)
		}
		t0 := m.Date.Time()
		for _, task := range b.Tasks {
			dl := task.Deadline.Time()
			if len(task.AssigneeIDs) == 0 || len(task.AssigneeIDs) != len(task.Assignees) {
				t.Errorf("%s: task %q assigned to %v", where, task.Description, task.Assignees)
			}
			if dl.Year()*12+int(dl.Month()) != t0.Year()*12+int(t0.Month())+1 {
				t.Errorf("%s: task %q due %s, not in the following month", where, task.Description, task.Deadline)
			}
		}
		for _, rv := range b.Reviews {
			switch rv.Status {
			case store.TaskDone, store.TaskInProgress, store.TaskOverdue:
			default:
				t.Errorf("%s: review of %q has status %q", where, rv.Description, rv.Status)
			}
			if rv.Result == "" {
				t.Errorf("%s: review of %q has no result", where, rv.Description)
			}
		}
	}
	// The candidates decided in the last weeks were proposed by an approved meeting; official
	// status comes up only when a probation ended before one.
	if admissions == 0 {
		t.Errorf("no admission votes (%d official-status votes)", officials)
	}
	if short == 0 || len(scores) < 3 {
		t.Errorf("%d short meetings, %d different scores: the scores should vary", short, len(scores))
	}
	if expectedAway == 0 || 2*awayPresent > expectedAway {
		t.Errorf("exempted and away members present %d times out of %d", awayPresent, expectedAway)
	}

	// Every task is reviewed by a later meeting (the draft included), until it is done.
	reviewed := map[string]string{}
	for i := len(all) - 1; i >= 0; i-- { // oldest first
		for _, rv := range all[i].Body.Reviews {
			if rv.Status != "" || reviewed[rv.TaskID] == "" {
				reviewed[rv.TaskID] = rv.Status
			}
		}
	}
	statuses := map[string]int{}
	for _, m := range eff {
		for _, task := range m.Body.Tasks {
			st, ok := reviewed[task.ID]
			if !ok {
				t.Errorf("task %q of %s is never reviewed", task.Description, m.Date)
			}
			statuses[st]++
		}
	}
	for _, m := range eff {
		for _, rv := range m.Body.Reviews {
			statuses["seen "+rv.Status]++
		}
	}
	if statuses["seen "+store.TaskDone] == 0 || statuses["seen "+store.TaskInProgress]+statuses["seen "+store.TaskOverdue] == 0 {
		t.Errorf("review statuses %v: want mostly done, some in progress or overdue", statuses)
	}

	// Somebody has missed the last three meetings or more without a reason, and the compliance
	// view says so.
	runs := map[string]int{}
	for _, m := range eff {
		on := map[string]bool{}
		for _, a := range m.Body.Attendance {
			on[a.MemberID] = true
			if a.Status == store.AttAbsentUnexcused {
				runs[a.MemberID]++
			} else {
				runs[a.MemberID] = 0
			}
		}
		for id := range runs {
			if !on[id] {
				delete(runs, id)
			}
		}
	}
	long := 0
	for _, n := range runs {
		if n >= 3 {
			long++
		}
	}
	if long == 0 {
		t.Errorf("nobody has missed the latest three meetings without a reason: %v", runs)
	}
	streak := false
	for _, f := range rules.Compliance(all, today) {
		if f.Kind == rules.FindingAbsentStreak && runs[f.MemberID] >= 3 {
			streak = true
		}
		if f.Kind == rules.FindingNoRegular || f.Kind == rules.FindingNoThematic {
			t.Errorf("compliance finding %+v", f)
		}
	}
	if !streak {
		t.Error("the compliance view does not flag the member absent without reason")
	}
}

// meetingSnapshot is the cell's meetings without what the store makes up (ids, stamps,
// hashes), as JSON.
func meetingSnapshot(t *testing.T, c *store.Cell) string {
	t.Helper()
	ctx := context.Background()
	ms, err := c.ListMeetings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	members, err := c.ListMembers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, m := range members {
		pairs = append(pairs, m.ID, "member "+m.FullName)
	}
	for i := range ms {
		pairs = append(pairs, ms[i].ID, fmt.Sprintf("meeting %d", i))
		ms[i].ApprovedAt, ms[i].RecordHash = "", ""
	}
	b, err := json.MarshalIndent(ms, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReplacer(pairs...).Replace(string(b))
}

func TestDemoMeetingsAreDeterministic(t *testing.T) {
	days := meetingDays(t)
	if len(days) == 0 {
		t.Skip("no test day before the clock's date")
	}
	today := days[0]
	a := meetingSnapshot(t, create(t, "LUNGVAI", today))
	if b := meetingSnapshot(t, create(t, "lungvai", today)); a != b {
		t.Error("the same code and day gave different meetings")
	}
	if b := meetingSnapshot(t, create(t, "PHALONG", today)); a == b {
		t.Error("two codes gave the same meetings")
	}
}
