package rules

import (
	"time"

	"chibo/i18n"
	"chibo/store"
)

// Compliance findings: what the secretary and the committee above look at first.
const (
	FindingNoRegular    = "no_regular"    // a month without a regular meeting
	FindingNoThematic   = "no_thematic"   // a quarter without a thematic meeting
	FindingAbsentStreak = "absent_streak" // a member absent from three or more meetings in a row
	FindingTaskOverdue  = "task_overdue"  // a task past its deadline and not reported done
)

// ComplianceMonths is how far back the month and quarter checks look.
const ComplianceMonths = 12

// AbsentStreak is the number of meetings in a row that makes an absence a finding.
const AbsentStreak = 3

// Finding is one line of the compliance view.
type Finding struct {
	Kind            string     `json:"kind"`
	Month           int        `json:"month,omitempty"`
	Quarter         int        `json:"quarter,omitempty"`
	Year            int        `json:"year,omitempty"`
	MemberID        string     `json:"member_id,omitempty"`
	MemberName      string     `json:"member_name,omitempty"`
	Count           int        `json:"count,omitempty"`
	TaskDescription string     `json:"task,omitempty"`
	Due             store.Date `json:"due"`
}

// Compliance lists, as of today: the months of the last year (before this one, and not before
// the first recorded meeting) with no regular meeting, the quarters with no thematic one,
// members absent from the latest three or more meetings they were expected at, and tasks past
// their deadline that no later meeting reported done. Only approved minutes count
// (store.Effective).
func Compliance(meetings []store.Meeting, today store.Date) []Finding {
	eff := store.Effective(meetings)
	var out []Finding
	if len(eff) == 0 {
		return out
	}
	first := eff[0].Date.Time()
	firstMonth := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	t := today.Time()
	thisMonth := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)

	regular := map[[2]int]bool{}
	thematic := map[[2]int]bool{} // year, quarter
	for _, m := range eff {
		d := m.Date.Time()
		if m.Kind == store.MeetingRegular || m.Kind == store.MeetingCombined {
			regular[[2]int{d.Year(), int(d.Month())}] = true
		}
		if m.Kind == store.MeetingThematic || m.Kind == store.MeetingCombined {
			thematic[[2]int{d.Year(), quarter(d.Month())}] = true
		}
	}
	for i := ComplianceMonths; i >= 1; i-- {
		mo := thisMonth.AddDate(0, -i, 0)
		if mo.Before(firstMonth) {
			continue
		}
		if !regular[[2]int{mo.Year(), int(mo.Month())}] {
			out = append(out, Finding{Kind: FindingNoRegular, Month: int(mo.Month()), Year: mo.Year()})
		}
		// A quarter is judged once it has ended: at its last month.
		if int(mo.Month())%3 == 0 && !thematic[[2]int{mo.Year(), quarter(mo.Month())}] {
			out = append(out, Finding{Kind: FindingNoThematic, Quarter: quarter(mo.Month()), Year: mo.Year()})
		}
	}

	// Absences in a row, counted backwards from the latest meeting, over the meetings each
	// member was expected at (exempted, away or suspended members who stayed home were not),
	// for the members on the latest meeting's list: those who have left are no longer followed.
	type streak struct {
		name  string
		count int
		done  bool
	}
	streaks := map[string]*streak{}
	var order []string
	onList := map[string]bool{}
	for _, a := range eff[len(eff)-1].Body.Attendance {
		onList[a.MemberID] = true
	}
	for i := len(eff) - 1; i >= 0; i-- {
		for _, a := range eff[i].Body.Attendance {
			if !onList[a.MemberID] {
				continue
			}
			s := streaks[a.MemberID]
			if s == nil {
				s = &streak{name: a.Name}
				streaks[a.MemberID] = s
				order = append(order, a.MemberID)
			}
			if s.done {
				continue
			}
			expected := !((store.HasFlag(a.Flags, store.FlagExempted) || store.HasFlag(a.Flags, store.FlagTempOut) ||
				store.HasFlag(a.Flags, store.FlagSuspended)) && a.Status != store.AttPresent)
			switch {
			case !expected:
			case a.Status == store.AttPresent:
				s.done = true
			default:
				s.count++
			}
		}
	}
	for _, id := range order {
		if s := streaks[id]; s.count >= AbsentStreak {
			out = append(out, Finding{Kind: FindingAbsentStreak, MemberID: id, MemberName: s.name, Count: s.count})
		}
	}

	// Tasks past their deadline that no later review marked done.
	done := map[string]bool{}
	for _, m := range eff {
		for _, r := range m.Body.Reviews {
			if r.Status == store.TaskDone || r.Status == store.TaskOngoing {
				done[r.TaskID] = true
			}
		}
	}
	for _, m := range eff {
		for _, task := range m.Body.Tasks {
			if !done[task.ID] && task.Deadline.Valid() && task.Deadline.Before(today) {
				name := ""
				if len(task.Assignees) > 0 {
					name = task.Assignees[0]
					if len(task.Assignees) > 1 {
						name += "…"
					}
				}
				out = append(out, Finding{Kind: FindingTaskOverdue, TaskDescription: task.Description, MemberName: name, Due: task.Deadline})
			}
		}
	}
	return out
}

func quarter(m time.Month) int { return (int(m)-1)/3 + 1 }

// DescribeFinding says a finding in one sentence.
func DescribeFinding(l i18n.Lang, f Finding) string {
	return i18n.T(l, "compliance."+f.Kind, map[string]any{
		"Month": f.Month, "Quarter": f.Quarter, "Year": f.Year, "Name": f.MemberName,
		"Count": f.Count, "Task": f.TaskDescription, "Due": f.Due.DMY(),
	})
}
