package rules

import (
	"testing"

	"chibo/store"
)

func TestScoreMeeting(t *testing.T) {
	r := RubricFor(store.NewDate(2026, 11, 5))
	full := map[string]float64{"preparation": 10, "conduct": 25, "chairing": 10, "principles": 5, "results": 30, "closing": 5}
	for _, tt := range []struct {
		name   string
		in     ScoreInput
		total  float64
		rating string
	}{
		{"everything right", ScoreInput{Totals: Totals{Summoned: 20, Present: 19}, Speakers: 11, Minutes: 95, NoLongAbsences: true, Manual: full}, 100, RatingGood},
		{"short meeting, few speakers", ScoreInput{Totals: Totals{Summoned: 20, Present: 19}, Speakers: 5, Minutes: 70, Manual: full}, 3 + 4 + 2 + 85, RatingGood},
		{"an unexcused absence drops attendance to 1", ScoreInput{Totals: Totals{Summoned: 20, Present: 19, AbsentUnexcused: 1}, Speakers: 11, Minutes: 90, Manual: full}, 5 + 1 + 5 + 85, RatingGood},
		{"combined meeting needs 120 minutes", ScoreInput{Totals: Totals{Summoned: 10, Present: 7}, Speakers: 3, Minutes: 90, Combined: true, Manual: map[string]float64{"results": 20, "conduct": 20}}, 3 + 2 + 4 + 40, RatingPoor},
		{"manual points are capped", ScoreInput{Totals: Totals{Summoned: 10, Present: 10}, Speakers: 6, Minutes: 90, Manual: map[string]float64{"results": 99, "conduct": 25, "preparation": 10}}, 5 + 4 + 5 + 30 + 35, RatingFair},
	} {
		got := ScoreMeeting(r, tt.in)
		if got.Total != tt.total || got.Rating != tt.rating {
			t.Errorf("%s: total %v rating %s, want %v %s (%+v)", tt.name, got.Total, got.Rating, tt.total, tt.rating, got.Lines)
		}
	}
}

func TestRubricIsWhole(t *testing.T) {
	for _, r := range Rubrics {
		sum := 0.0
		for _, c := range r.Criteria {
			sum += c.Max
		}
		if sum != 100 {
			t.Errorf("rubric %s adds up to %v, want 100", r.ID, sum)
		}
	}
}

func TestScoreInputOf(t *testing.T) {
	for _, tt := range []struct {
		start, end string
		want       int
	}{{"19:30", "21:10", 100}, {"19:30", "19:30", -1}, {"", "21:00", -1}, {"7h30", "9:00", -1}, {" 08:00", "09:30 ", 90}} {
		if got := MinutesHeld(tt.start, tt.end); got != tt.want {
			t.Errorf("MinutesHeld(%q, %q) = %d, want %d", tt.start, tt.end, got, tt.want)
		}
	}
	m := store.Meeting{Kind: store.MeetingCombined, Body: store.MeetingBody{
		Start: "19:00", End: "21:00",
		Attendance: []store.Attendance{{MemberID: "a", Status: store.AttPresent}, {MemberID: "b", Status: store.AttPresent},
			{MemberID: "c", Status: store.AttAbsentExcused}},
		Items: []store.AgendaItem{{Speeches: []store.Speech{{SpeakerID: "a"}, {SpeakerID: "a"}, {SpeakerID: "c"}, {Speaker: "khách mời"}}}},
	}}
	in := ScoreInputOf(m, AttendanceTotals(Attendees(m.Body.Attendance)))
	if in.Speakers != 1 || in.Minutes != 120 || !in.Combined || in.Totals.Present != 2 {
		t.Errorf("ScoreInputOf = %+v: want 1 speaker (absent members and guests do not count), 120 minutes, combined, 2 present", in)
	}
}
