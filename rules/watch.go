package rules

import (
	"context"
	"sort"

	"chibo/i18n"
	"chibo/store"
)

// Watch kinds: what a watch item is about.
const (
	WatchOfficialReview = "official_review" // 12 months of probation end: the cell must consider official status
	WatchCeremony       = "ceremony"        // admission decided: the ceremony is due within 30 working days
	WatchTempEnd        = "temp_end"        // a temporary move past (or near) its planned end
	WatchTransferPapers = "transfer_papers" // transferred in, papers not handed in
	WatchLeavingNotice  = "leaving_notice"  // death or leaving not yet notified to the committee above
	WatchMissingCCCD    = "missing_cccd"    // a current member without a CCCD (the national database keys on it)
)

// Severities, most urgent first.
const (
	SeverityOverdue  = "overdue"
	SeverityDue      = "due"
	SeverityUpcoming = "upcoming"
	SeverityInfo     = "info"
)

// Deadlines (QĐ 294-QĐ/TW and HD 12-HD/BTCTW, see domain.md §1). They are rules of the Party
// that change every few years; when they do, this table changes, not the code that uses it.
var Deadlines = struct {
	ProbationMonths       int // probation, from the ceremony
	OfficialReviewWorking int // working days after the probation ends to consider official status
	CeremonyWorking       int // working days after the admission decision to hold the ceremony
	TransferPapersMonths  int // months after a transfer in before missing papers are reported
	LeavingNoticeWorking  int // working days to notify the committee above of a death or leaving
	LookAheadDays         int // how far ahead "upcoming" looks
}{12, 30, 30, 3, 30, 30}

// WatchItem is one line of the watch list.
type WatchItem struct {
	MemberID   string     `json:"member_id"`
	MemberName string     `json:"member_name"`
	Kind       string     `json:"kind"`
	Severity   string     `json:"severity"`
	Since      store.Date `json:"since"` // the event the deadline counts from
	Due        store.Date `json:"due"`   // the deadline; zero when there is none
}

// WatchList computes the cell's watch list for today.
func WatchList(ctx context.Context, c *store.Cell, today store.Date) ([]WatchItem, error) {
	rows, err := c.WatchRows(ctx)
	if err != nil {
		return nil, err
	}
	return Watch(rows, today), nil
}

// Watch computes the watch list from the members that may have deadlines, most urgent first
// and then by due date.
func Watch(rows []store.WatchRow, today store.Date) []WatchItem {
	var out []WatchItem
	d := Deadlines
	severity := func(start, due store.Date) string {
		switch {
		case today.After(due):
			return SeverityOverdue
		case !today.Before(start):
			return SeverityDue
		default:
			return SeverityUpcoming
		}
	}
	for _, r := range rows {
		add := func(kind, sev string, since, due store.Date) {
			out = append(out, WatchItem{MemberID: r.ID, MemberName: r.FullName, Kind: kind, Severity: sev, Since: since, Due: due})
		}
		var decision, ceremony store.Date
		open := map[store.EventKind]store.Event{} // the temporary move in progress, by kind
		for _, e := range r.Events {
			switch e.Kind {
			case store.EventAdmissionDecision:
				decision = e.Date
			case store.EventAdmitted, store.EventReadmitted:
				ceremony = e.Date
			case store.EventTempIn, store.EventTempOut:
				open[e.Kind] = e
			case store.EventTempInEnd:
				delete(open, store.EventTempIn)
			case store.EventTempOutReturn:
				delete(open, store.EventTempOut)
			case store.EventTransferIn:
				if e.DoneDate.IsZero() && store.Current(r.State, r.Flags) {
					due := e.Date.AddMonths(d.TransferPapersMonths)
					add(WatchTransferPapers, severity(e.Date, due), e.Date, due)
				}
			case store.EventDeceased, store.EventExpelled, store.EventRemoved, store.EventResigned:
				// Only the leaving that ended the membership, and only within the last year: older
				// ones were settled on paper before the program was used.
				if e.DoneDate.IsZero() && !e.Date.Before(today.AddMonths(-12)) && !store.Current(r.State, r.Flags) {
					due := store.DateOf(AddWorkingDays(e.Date.Time(), d.LeavingNoticeWorking))
					add(WatchLeavingNotice, severity(e.Date, due), e.Date, due)
				}
			}
		}
		switch r.State {
		case store.StateCandidate:
			if decision.Valid() {
				due := store.DateOf(AddWorkingDays(decision.Time(), d.CeremonyWorking))
				add(WatchCeremony, severity(decision, due), decision, due)
			}
		case store.StateProbationary:
			if ceremony.Valid() && !store.HasFlag(r.Flags, store.FlagTempIn) {
				mark := ceremony.AddMonths(d.ProbationMonths)
				due := store.DateOf(AddWorkingDays(mark.Time(), d.OfficialReviewWorking))
				if !today.Before(mark.AddDays(-d.LookAheadDays)) {
					add(WatchOfficialReview, severity(mark, due), mark, due)
				}
			}
		}
		if store.Current(r.State, r.Flags) {
			for _, k := range []store.EventKind{store.EventTempIn, store.EventTempOut} {
				e, ok := open[k]
				if !ok || !e.EndDate.Valid() || today.Before(e.EndDate.AddDays(-d.LookAheadDays)) {
					continue
				}
				sev := SeverityUpcoming
				if today.After(e.EndDate) {
					sev = SeverityOverdue
				}
				add(WatchTempEnd, sev, e.Date, e.EndDate)
			}
			if !r.HasCCCD && r.State != store.StateCandidate {
				add(WatchMissingCCCD, SeverityInfo, store.Date{}, store.Date{})
			}
		}
	}
	rank := map[string]int{SeverityOverdue: 0, SeverityDue: 1, SeverityUpcoming: 2, SeverityInfo: 3}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank[a.Severity] != rank[b.Severity] {
			return rank[a.Severity] < rank[b.Severity]
		}
		return a.Due.Before(b.Due)
	})
	return out
}

// Describe says what a watch item asks for, in one sentence.
func Describe(l i18n.Lang, it WatchItem) string {
	return i18n.T(l, "watch."+it.Kind+"."+it.Severity, map[string]any{
		"Name":  it.MemberName,
		"Since": it.Since.DMY(),
		"Due":   it.Due.DMY(),
	})
}
