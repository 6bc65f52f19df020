package rules

import (
	"strings"
	"time"

	"chibo/store"
)

// Meeting-quality scoring. Provinces and communes turn HD 42-HD/BTCTW into their own 100-point
// rubrics, so a rubric is dated, replaceable data: the cell uses the newest one in force on the
// meeting date. Three criteria are computed from what was recorded (attendance, the share of
// those present who spoke, the duration); the rest are scored by the cell.

// Inputs a rubric can compute from.
const (
	AutoAttendance = "attendance" // present / summoned, in per cent; 0 for any unexcused absence at the lowest step
	AutoSpeakers   = "speakers"   // speakers / present, in per cent
	AutoDuration   = "duration"   // minutes held / minutes required, in per cent
)

// Step gives Points when the computed value is at least Min (per cent).
type Step struct {
	Min    float64
	Points float64
}

// Criterion is one line of a rubric. Auto criteria take the points of the first step whose Min
// the value reaches (steps from the highest down); manual ones take what the cell enters, at
// most Max.
type Criterion struct {
	Key   string // a translation key suffix: "score.criterion.<Key>"
	Max   float64
	Auto  string
	Steps []Step
}

// Rubric is a scoring table in force from a date.
type Rubric struct {
	ID       string
	Source   string // where it comes from, for the printout
	From     store.Date
	Criteria []Criterion
	// Rating thresholds (points out of 100).
	Good, Fair, Average float64
}

// Ratings.
const (
	RatingGood    = "good"    // Tốt
	RatingFair    = "fair"    // Khá
	RatingAverage = "average" // Trung bình
	RatingPoor    = "poor"    // Kém
)

// Rubrics are the tables the program knows, oldest first. A province's own table is added here
// (or, later, imported as data) with the date it takes effect.
var Rubrics = []Rubric{
	{
		ID:     "hd42-anphu-2025",
		Source: "HD 42-HD/BTCTW (28/10/2025); thang điểm mẫu của một phường (An Phú)",
		From:   store.NewDate(2025, 10, 28),
		Criteria: []Criterion{
			{Key: "duration", Max: 5, Auto: AutoDuration, Steps: []Step{{100, 5}, {100 * 75 / 90.0, 4}, {100 * 60 / 90.0, 3}, {50, 2}, {0, 1}}},
			{Key: "attendance", Max: 5, Auto: AutoAttendance, Steps: []Step{{90, 4}, {75, 3}, {65, 2}, {0, 1}}},
			{Key: "preparation", Max: 10},
			{Key: "speakers", Max: 5, Auto: AutoSpeakers, Steps: []Step{{50.0001, 5}, {40, 4}, {30, 3}, {0, 2}}},
			{Key: "conduct", Max: 25},
			{Key: "chairing", Max: 10},
			{Key: "principles", Max: 5},
			{Key: "results", Max: 30},
			{Key: "closing", Max: 5},
		},
		Good: 90, Fair: 70, Average: 50,
	},
}

// RubricFor returns the rubric in force on d: the newest whose From is not after d, or the
// oldest when d comes before all of them.
func RubricFor(d store.Date) Rubric {
	best := Rubrics[0]
	for _, r := range Rubrics {
		if !r.From.After(d) {
			best = r
		}
	}
	return best
}

// ScoreInput is what a meeting's record gives the score.
type ScoreInput struct {
	Totals          Totals
	Speakers        int // distinct members present who spoke
	Minutes         int // end time less start time
	Combined        bool
	NoLongAbsences  bool               // no member absent with reason more than 3 times in a row this year (bonus point)
	Manual          map[string]float64 // points the cell gave, by criterion key
	RequiredMinutes int                // 0: 90, or 120 when thematic and regular are held together
}

// ScoreLine is one criterion's result.
type ScoreLine struct {
	Key    string
	Max    float64
	Points float64
	Value  float64 // the computed per cent for auto criteria
	Auto   string
}

// Score is a meeting's quality score.
type Score struct {
	RubricID       string
	Lines          []ScoreLine
	Total          float64
	Rating         string
	AttendanceRate float64 // per cent of those summoned
	SpeakerShare   float64 // per cent of those present
	Minutes        int
	Required       int
}

// ScoreMeeting computes the score of a meeting with rubric r.
func ScoreMeeting(r Rubric, in ScoreInput) Score {
	req := in.RequiredMinutes
	if req == 0 {
		req = 90
		if in.Combined {
			req = 120
		}
	}
	s := Score{RubricID: r.ID, Minutes: in.Minutes, Required: req}
	if in.Totals.Summoned > 0 {
		s.AttendanceRate = pct(in.Totals.Present, in.Totals.Summoned)
	}
	if in.Totals.Present > 0 {
		s.SpeakerShare = pct(in.Speakers, in.Totals.Present)
	}
	for _, c := range r.Criteria {
		l := ScoreLine{Key: c.Key, Max: c.Max, Auto: c.Auto}
		switch c.Auto {
		case AutoAttendance:
			l.Value = s.AttendanceRate
			l.Points = step(c.Steps, l.Value)
			if in.Totals.AbsentUnexcused > 0 && len(c.Steps) > 0 {
				l.Points = c.Steps[len(c.Steps)-1].Points
			}
			if in.NoLongAbsences {
				l.Points++
			}
		case AutoSpeakers:
			l.Value = s.SpeakerShare
			l.Points = step(c.Steps, l.Value)
		case AutoDuration:
			if req > 0 {
				l.Value = pct(in.Minutes, req)
			}
			l.Points = step(c.Steps, l.Value)
		default:
			l.Points = in.Manual[c.Key]
		}
		if l.Points > c.Max {
			l.Points = c.Max
		}
		if l.Points < 0 {
			l.Points = 0
		}
		s.Lines = append(s.Lines, l)
		s.Total += l.Points
	}
	switch {
	case s.Total >= r.Good:
		s.Rating = RatingGood
	case s.Total >= r.Fair:
		s.Rating = RatingFair
	case s.Total >= r.Average:
		s.Rating = RatingAverage
	default:
		s.Rating = RatingPoor
	}
	return s
}

func pct(a, b int) float64 {
	return float64(int(float64(a)*10000/float64(b)+0.5)) / 100
}

func step(steps []Step, v float64) float64 {
	for _, s := range steps {
		if v >= s.Min {
			return s.Points
		}
	}
	return 0
}

// Attendees turns a meeting's attendance list into the rules' attendees.
func Attendees(as []store.Attendance) []Attendee {
	out := make([]Attendee, len(as))
	for i, a := range as {
		out[i] = Attendee{MemberID: a.MemberID, Name: a.Name, State: a.State, Flags: a.Flags, Status: a.Status, Reason: a.Reason}
	}
	return out
}

// Speakers counts the members present who spoke at a meeting (guests do not count).
func Speakers(m store.Meeting) int {
	present := map[string]bool{}
	for _, a := range m.Body.Attendance {
		if a.Status == store.AttPresent && a.MemberID != "" {
			present[a.MemberID] = true
		}
	}
	spoke := map[string]bool{}
	for _, it := range m.Body.Items {
		for _, s := range it.Speeches {
			if present[s.SpeakerID] {
				spoke[s.SpeakerID] = true
			}
		}
	}
	return len(spoke)
}

// MinutesHeld is the length of a meeting from its start and end times ("HH:MM"), or -1 when
// either is missing or the end is not after the start.
func MinutesHeld(start, end string) int {
	a, errA := time.Parse("15:04", strings.TrimSpace(start))
	b, errB := time.Parse("15:04", strings.TrimSpace(end))
	if errA != nil || errB != nil || !b.After(a) {
		return -1
	}
	return int(b.Sub(a) / time.Minute)
}

// ScoreInputOf is what a meeting's record gives its score, with its attendance totals t: the
// one place the window, the printed minutes and the command line build it, so all three agree.
func ScoreInputOf(m store.Meeting, t Totals) ScoreInput {
	return ScoreInput{Totals: t, Speakers: Speakers(m), Minutes: max(MinutesHeld(m.Body.Start, m.Body.End), 0),
		Combined: m.Kind == store.MeetingCombined, Manual: m.Body.Manual}
}
