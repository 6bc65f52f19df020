package rules

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"chibo/store"
)

func TestAttendanceTotals(t *testing.T) {
	off, prob := store.StateOfficial, store.StateProbationary
	as := []Attendee{
		{Name: "1", State: off, Status: Present},
		{Name: "2", State: off, Status: Present},
		{Name: "3", State: off, Status: AbsentExcused, Reason: "đi viện"},
		{Name: "4", State: off, Status: AbsentUnexcused},
		{Name: "5", State: prob, Status: Present},
		{Name: "6", State: off, Flags: []string{store.FlagExempted}, Status: AbsentExcused}, // exempted, stayed home
		{Name: "7", State: off, Flags: []string{store.FlagExempted}, Status: Present},       // exempted, came
		{Name: "8", State: off, Flags: []string{store.FlagTempOut}, Status: AbsentExcused},  // away
		{Name: "9", State: off, Flags: []string{store.FlagTempIn}, Status: Present},         // temporary
		{Name: "10", State: off, Flags: []string{store.FlagSuspended}, Status: Present},     // suspended
		{Name: "11", State: prob, Status: AbsentUnexcused},
	}
	got := AttendanceTotals(as)
	want := Totals{
		Total: 10, Official: 8, Probationary: 2, Temporary: 1, Exempted: 2, TempAway: 1, Summoned: 9,
		Present: 6, PresentOfficial: 4, PresentProbationary: 1, PresentTemporary: 1,
		AbsentExcused: 1, AbsentUnexcused: 2,
		VoteBase: 4, // 1, 2, 4 and 7: official, here or absent without reason, not away or suspended
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
}

func TestCountVote(t *testing.T) {
	for _, tt := range []struct {
		name                   string
		kind                   string
		yes, no, abstain, base int
		passed                 bool
		percent                float64
		problem                string
	}{
		{"half is not enough", VoteGeneral, 5, 5, 0, 10, false, 50, ""},
		{"more than half", VoteGeneral, 6, 4, 0, 10, true, 60, ""},
		{"absent members count against", VoteGeneral, 5, 0, 0, 11, false, 45.45, ""},
		{"two thirds exactly passes an admission", VoteAdmission, 8, 4, 0, 12, true, 66.67, ""},
		{"just under two thirds fails", VoteOfficialStatus, 7, 3, 0, 11, false, 63.64, ""},
		{"unanimous", VoteGeneral, 13, 0, 0, 13, true, 100, ""},
		{"more votes than voters", VoteGeneral, 10, 3, 0, 12, false, 0, "err.vote.too_many"},
		{"negative", VoteGeneral, -1, 0, 0, 3, false, 0, "err.vote.negative"},
		{"no voters", VoteGeneral, 0, 0, 0, 0, false, 0, "err.vote.no_base"},
	} {
		r := CountVote(tt.kind, tt.yes, tt.no, tt.abstain, tt.base)
		if r.Passed != tt.passed || r.Percent != tt.percent || r.Problem != tt.problem {
			t.Errorf("%s: got passed %v %.2f%% %q, want %v %.2f%% %q", tt.name, r.Passed, r.Percent, r.Problem, tt.passed, tt.percent, tt.problem)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	for in, want := range map[float64]string{92.31: "92,31%", 100: "100%", 66.7: "66,7%", 0: "0%"} {
		if got := FormatPercent(in); got != want {
			t.Errorf("FormatPercent(%v) = %q, want %q", in, got, want)
		}
	}
}
