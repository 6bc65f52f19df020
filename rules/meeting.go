package rules

import (
	"math"
	"strconv"
	"strings"

	"chibo/store"
)

// Attendance of one member at a meeting.
const (
	Present         = "present"
	AbsentExcused   = "absent_excused"   // vắng có lý do
	AbsentUnexcused = "absent_unexcused" // vắng không lý do
)

// Attendee is a member on a meeting's attendance list, with her state and flags on the meeting
// date.
type Attendee struct {
	MemberID string
	Name     string
	State    string   // store.StateProbationary or store.StateOfficial
	Flags    []string // store.FlagExempted, FlagTempIn, FlagTempOut, FlagSuspended
	Status   string   // Present, AbsentExcused, AbsentUnexcused
	Reason   string
}

func (a Attendee) has(f string) bool { return store.HasFlag(a.Flags, f) }

// Totals is the attendance block of the minutes (domain.md §2.3), computed, never typed.
type Totals struct {
	Total        int // members of the cell (đảng số): official and probationary, not temporary
	Official     int
	Probationary int
	Temporary    int // attached temporarily from elsewhere, not in Total
	Exempted     int // in Total
	TempAway     int // sent elsewhere on temporary activity, in Total
	Summoned     int // those expected: Total less exempted and away members who did not come, plus temporary members

	Present             int
	PresentOfficial     int
	PresentProbationary int
	PresentTemporary    int
	AbsentExcused       int
	AbsentUnexcused     int

	// VoteBase is the denominator of a vote (QĐ 24-QĐ/TW point 9.3.2): official members, less
	// those away on temporary activity, suspended members, exempted members who are absent,
	// and those absent for the whole meeting with an accepted reason.
	VoteBase int
}

// AttendanceTotals computes the attendance block. Exempted and temporarily-away members who are
// absent are neither present nor absent: they are not expected.
func AttendanceTotals(as []Attendee) Totals {
	var t Totals
	for _, a := range as {
		official := a.State == store.StateOfficial
		temp := a.has(store.FlagTempIn)
		if temp {
			t.Temporary++
		} else {
			t.Total++
			if official {
				t.Official++
			} else {
				t.Probationary++
			}
			if a.has(store.FlagExempted) {
				t.Exempted++
			}
			if a.has(store.FlagTempOut) {
				t.TempAway++
			}
		}
		notExpected := (a.has(store.FlagExempted) || a.has(store.FlagTempOut)) && a.Status != Present
		if !notExpected {
			t.Summoned++
		}
		switch {
		case a.Status == Present:
			t.Present++
			switch {
			case temp:
				t.PresentTemporary++
			case official:
				t.PresentOfficial++
			default:
				t.PresentProbationary++
			}
		case notExpected:
		case a.Status == AbsentExcused:
			t.AbsentExcused++
		default:
			t.AbsentUnexcused++
		}
		if official && !temp && !a.has(store.FlagTempOut) && !a.has(store.FlagSuspended) &&
			!(a.has(store.FlagExempted) && a.Status != Present) && a.Status != AbsentExcused {
			t.VoteBase++
		}
	}
	return t
}

// Vote kinds: what a resolution decides, which sets its threshold.
const (
	VoteGeneral        = "general"         // more than half
	VoteAdmission      = "admission"       // at least two thirds
	VoteOfficialStatus = "official_status" // at least two thirds
)

// VoteResult is a vote counted against its base.
type VoteResult struct {
	For, Against, Abstain int
	Base                  int
	Percent               float64 // For / Base × 100, rounded to two decimals
	Passed                bool
	// Problem names a count that cannot be right (more votes than voters): a key in the
	// translation files, or "".
	Problem string
}

// CountVote decides a vote: a general resolution passes with more than half of the base in
// favour, an admission or official status with at least two thirds (Điều lệ; domain.md §2.1).
// Probationary members do not vote, so the base holds official members only.
func CountVote(kind string, forVotes, against, abstain, base int) VoteResult {
	r := VoteResult{For: forVotes, Against: against, Abstain: abstain, Base: base}
	switch {
	case forVotes < 0 || against < 0 || abstain < 0:
		r.Problem = "err.vote.negative"
		return r
	case forVotes+against+abstain > base:
		r.Problem = "err.vote.too_many"
		return r
	case base == 0:
		r.Problem = "err.vote.no_base"
		return r
	}
	r.Percent = math.Round(float64(forVotes)*10000/float64(base)) / 100
	if kind == VoteAdmission || kind == VoteOfficialStatus {
		r.Passed = 3*forVotes >= 2*base
	} else {
		r.Passed = 2*forVotes > base
	}
	return r
}

// FormatPercent writes a percentage the Vietnamese way: "92,31%", "100%".
func FormatPercent(p float64) string {
	s := strconv.FormatFloat(p, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1) + "%"
}
