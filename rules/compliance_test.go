package rules

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"chibo/i18n"
	"chibo/store"
)

func approved(id, kind string, d store.Date, att ...store.Attendance) store.Meeting {
	return store.Meeting{ID: id, Kind: kind, Date: d, Status: store.StatusApproved, Body: store.MeetingBody{Attendance: att}}
}

func att(id, status string, flags ...string) store.Attendance {
	return store.Attendance{MemberID: id, Name: "Đồng chí " + id, Status: status, Flags: flags}
}

func TestCompliance(t *testing.T) {
	today := store.NewDate(2026, 7, 20)
	p, x, u := store.AttPresent, store.AttAbsentExcused, store.AttAbsentUnexcused
	ms := []store.Meeting{
		approved("jan", store.MeetingRegular, store.NewDate(2026, 1, 5), att("a", p), att("b", p), att("e", p, store.FlagExempted)),
		approved("feb", store.MeetingCombined, store.NewDate(2026, 2, 5), att("a", p), att("b", u), att("e", x, store.FlagExempted)),
		// no March meeting: a month and … Q1 had a combined one, so no thematic finding
		approved("apr", store.MeetingRegular, store.NewDate(2026, 4, 5), att("a", p), att("b", x), att("e", x, store.FlagExempted)),
		approved("may", store.MeetingRegular, store.NewDate(2026, 5, 5), att("a", p), att("b", u), att("e", x, store.FlagExempted)),
		approved("jun", store.MeetingRegular, store.NewDate(2026, 6, 5), att("a", x), att("b", u), att("e", x, store.FlagExempted)),
		// a draft and a corrected version do not count twice
		{ID: "jul-draft", Kind: store.MeetingRegular, Date: store.NewDate(2026, 7, 5), Status: store.StatusDraft},
	}
	ms[4].Body.Tasks = []store.Task{{ID: "t1", Description: "Phát quang đường lên nương", Assignees: []string{"Đồng chí a"}, Deadline: store.NewDate(2026, 6, 30)},
		{ID: "t2", Description: "Tiêm phòng cho đàn trâu", Deadline: store.NewDate(2026, 6, 30)}}
	ms = append(ms, store.Meeting{ID: "jul", Kind: store.MeetingRegular, Date: store.NewDate(2026, 7, 6), Status: store.StatusApproved,
		Body: store.MeetingBody{Attendance: []store.Attendance{att("a", p), att("b", u), att("e", x, store.FlagExempted)},
			Reviews: []store.TaskReview{{TaskID: "t2", Status: store.TaskDone}}}})
	got := Compliance(ms, today)
	want := []Finding{
		{Kind: FindingNoRegular, Month: 3, Year: 2026},
		{Kind: FindingNoThematic, Quarter: 2, Year: 2026},
		{Kind: FindingAbsentStreak, MemberID: "b", MemberName: "Đồng chí b", Count: 5}, // excused or not, five in a row,
		{Kind: FindingTaskOverdue, TaskDescription: "Phát quang đường lên nương", MemberName: "Đồng chí a", Due: store.NewDate(2026, 6, 30)},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(store.Date{})); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, f := range got {
		if s := DescribeFinding(i18n.VI, f); strings.Contains(s, "compliance.") || s == "" {
			t.Errorf("finding %s has no sentence: %q", f.Kind, s)
		}
	}
}
