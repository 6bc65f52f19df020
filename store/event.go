package store

import (
	"sort"
	"strings"
)

// Member states, as the command line's JSON names them.
const (
	StateCandidate      = "candidate"
	StateProbationary   = "probationary"
	StateOfficial       = "official"
	StateTransferredOut = "transferred_out"
	StateDeceased       = "deceased"
	StateExpelled       = "expelled"
	StateRemoved        = "removed"
	StateResigned       = "resigned"
)

// States lists every state in the order the window groups them.
var States = []string{StateOfficial, StateProbationary, StateCandidate, StateTransferredOut,
	StateDeceased, StateExpelled, StateRemoved, StateResigned}

// Flags are conditions on top of an active state.
const (
	FlagExempted  = "exempted"   // miễn công tác và sinh hoạt đảng
	FlagTempIn    = "temp_in"    // sinh hoạt tạm thời đến (not counted in the cell's total)
	FlagTempOut   = "temp_out"   // giới thiệu sinh hoạt tạm thời đi
	FlagSuspended = "suspended"  // đình chỉ sinh hoạt
	FlagTempEnded = "temp_ended" // a temporary member who has gone back
)

// EventKind is what happened to a member on a date.
type EventKind string

// The kinds of member events. Their order here is their order on the same day.
const (
	EventAdmissionDecision EventKind = "admission_decision" // quyết định kết nạp
	EventAdmitted          EventKind = "admitted"           // lễ kết nạp (ngày vào Đảng)
	EventReadmitted        EventKind = "readmitted"         // kết nạp lại
	EventRestored          EventKind = "restored"           // phục hồi đảng tịch
	EventOfficial          EventKind = "official"           // công nhận chính thức
	EventTransferIn        EventKind = "transfer_in"        // chuyển sinh hoạt đến (chính thức)
	EventTempIn            EventKind = "temp_in"            // sinh hoạt tạm thời đến
	EventTempInEnd         EventKind = "temp_in_end"        // hết sinh hoạt tạm thời, trở về nơi cũ
	EventTempOut           EventKind = "temp_out"           // giới thiệu sinh hoạt tạm thời đi
	EventTempOutReturn     EventKind = "temp_out_return"    // trở về sau sinh hoạt tạm thời
	EventExempted          EventKind = "exempted"           // miễn công tác và sinh hoạt
	EventExemptionEnd      EventKind = "exemption_end"      // trở lại sinh hoạt
	EventSuspended         EventKind = "suspended"          // đình chỉ sinh hoạt
	EventSuspensionEnd     EventKind = "suspension_end"     // hết đình chỉ
	EventTransferOut       EventKind = "transfer_out"       // chuyển sinh hoạt đi (chính thức)
	EventDeceased          EventKind = "deceased"           // từ trần
	EventExpelled          EventKind = "expelled"           // khai trừ
	EventRemoved           EventKind = "removed"            // xóa tên
	EventResigned          EventKind = "resigned"           // xin ra khỏi Đảng
)

// EventKinds lists every kind in same-day order.
var EventKinds = []EventKind{EventAdmissionDecision, EventAdmitted, EventReadmitted, EventRestored,
	EventOfficial, EventTransferIn, EventTempIn, EventTempInEnd, EventTempOut, EventTempOutReturn,
	EventExempted, EventExemptionEnd, EventSuspended, EventSuspensionEnd, EventTransferOut,
	EventDeceased, EventExpelled, EventRemoved, EventResigned}

func kindRank(k EventKind) int {
	for i, e := range EventKinds {
		if e == k {
			return i
		}
	}
	return len(EventKinds)
}

// Valid reports whether k is a known kind.
func (k EventKind) Valid() bool { return kindRank(k) < len(EventKinds) }

// HasEndDate reports whether events of this kind carry a planned end (temporary moves).
func (k EventKind) HasEndDate() bool { return k == EventTempIn || k == EventTempOut }

// HasDoneDate reports whether events of this kind carry a follow-up date: the day transfer
// papers were handed in, or the day the committee above was notified of a death or a leaving.
func (k EventKind) HasDoneDate() bool {
	switch k {
	case EventTransferIn, EventDeceased, EventExpelled, EventRemoved, EventResigned, EventTransferOut:
		return true
	}
	return false
}

// Event is one dated fact in a member's party life. Events are the truth; the member's state,
// flags and admission dates are derived from them.
type Event struct {
	ID       string    `json:"id"`
	Version  int       `json:"version"`
	MemberID string    `json:"member_id"`
	Kind     EventKind `json:"kind"`
	Date     Date      `json:"date"`
	// EndDate is the planned end of a temporary move.
	EndDate Date `json:"end_date"`
	// DoneDate: see EventKind.HasDoneDate.
	DoneDate Date `json:"done_date"`
	// Organisation is where the member came from or went to, or the admitting cell.
	Organisation string `json:"organisation"`
	// Document is the number of the decision or paper ("Số 125-QĐ/ĐU").
	Document string `json:"document"`
	// Reason: the reason for an exemption, the cause of death, the form of leaving …
	Reason string `json:"reason"`
	seq    int
}

// Derived is what a member's events add up to.
type Derived struct {
	State        string
	Flags        []string
	DecisionDate Date
	CeremonyDate Date
	OfficialDate Date
}

func isActive(s string) bool { return s == StateProbationary || s == StateOfficial }

func sortEvents(evs []Event) {
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i], evs[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		if kindRank(a.Kind) != kindRank(b.Kind) {
			return kindRank(a.Kind) < kindRank(b.Kind)
		}
		return a.seq < b.seq
	})
}

// derive folds a member's events, in date order, into her state. It refuses an event that
// cannot happen in the state the earlier ones left (an official-status event for a member who
// was never admitted, a return for someone who did not leave …) with a FieldError that names
// the event.
func derive(evs []Event, birth Date) (Derived, *FieldError) {
	evs = append([]Event(nil), evs...)
	sortEvents(evs)
	d := Derived{State: StateCandidate}
	flags := map[string]bool{}
	var admitted Date   // the ceremony that started the current membership
	var lastAdmit Event // its event
	wasOfficial := false
	refuse := func(e Event, key string, args map[string]any) *FieldError {
		if args == nil {
			args = map[string]any{}
		}
		args["Kind"] = string(e.Kind)
		args["Date"] = e.Date.DMY()
		return &FieldError{Field: "event." + string(e.Kind), Key: key, Args: args}
	}
	for _, e := range evs {
		bad := refuse(e, "err.event.state", map[string]any{"State": d.State})
		switch e.Kind {
		case EventAdmissionDecision:
			if d.State == StateProbationary && lastAdmit.Date.Valid() && e.Date.After(lastAdmit.Date) && !wasOfficial {
				// Entered in the wrong order: the ceremony is dated before its decision.
				return d, refuse(lastAdmit, "err.event.ceremony_before_decision", map[string]any{"Decision": e.Date.DMY()})
			}
			if d.State != StateCandidate && d.State != StateExpelled && d.State != StateRemoved && d.State != StateResigned {
				return d, bad
			}
			d.DecisionDate = e.Date
		case EventAdmitted, EventReadmitted:
			if e.Kind == EventAdmitted && d.State != StateCandidate {
				return d, bad
			}
			if e.Kind == EventReadmitted && d.State != StateExpelled && d.State != StateRemoved && d.State != StateResigned {
				return d, bad
			}
			if !d.DecisionDate.IsZero() && e.Date.Before(d.DecisionDate) {
				return d, refuse(e, "err.event.ceremony_before_decision", map[string]any{"Decision": d.DecisionDate.DMY()})
			}
			if birth.Valid() && e.Date.Before(birth.AddMonths(18*12)) {
				return d, refuse(e, "err.event.under_18", nil)
			}
			d.State = StateProbationary
			d.CeremonyDate, admitted, lastAdmit = e.Date, e.Date, e
			wasOfficial = false
			d.OfficialDate = Date{}
			clear(flags)
		case EventRestored:
			if d.State != StateExpelled && d.State != StateRemoved && d.State != StateResigned {
				return d, bad
			}
			d.State = StateProbationary
			if wasOfficial {
				d.State = StateOfficial
			}
		case EventOfficial:
			if d.State != StateProbationary {
				return d, bad
			}
			if due := admitted.AddMonths(12); e.Date.Before(due) {
				return d, refuse(e, "err.event.official_early", map[string]any{"Due": due.DMY()})
			}
			d.State, d.OfficialDate, wasOfficial = StateOfficial, e.Date, true
		case EventTransferIn:
			if !isActive(d.State) && d.State != StateTransferredOut {
				return d, refuse(e, "err.event.transfer_in_first", nil)
			}
			d.State = StateProbationary
			if wasOfficial {
				d.State = StateOfficial
			}
			delete(flags, FlagTempEnded)
		case EventTempIn, EventTempOut, EventExempted, EventSuspended:
			f := map[EventKind]string{EventTempIn: FlagTempIn, EventTempOut: FlagTempOut,
				EventExempted: FlagExempted, EventSuspended: FlagSuspended}[e.Kind]
			if !isActive(d.State) || flags[f] || flags[FlagTempEnded] {
				return d, bad
			}
			if e.Kind.HasEndDate() && e.EndDate.Valid() && !e.EndDate.After(e.Date) {
				return d, refuse(e, "err.event.end_before_start", nil)
			}
			flags[f] = true
		case EventTempInEnd, EventTempOutReturn, EventExemptionEnd, EventSuspensionEnd:
			f := map[EventKind]string{EventTempInEnd: FlagTempIn, EventTempOutReturn: FlagTempOut,
				EventExemptionEnd: FlagExempted, EventSuspensionEnd: FlagSuspended}[e.Kind]
			if !flags[f] {
				return d, refuse(e, "err.event.no_start", nil)
			}
			delete(flags, f)
			if e.Kind == EventTempInEnd {
				flags[FlagTempEnded] = true
			}
		case EventTransferOut, EventDeceased, EventExpelled, EventRemoved, EventResigned:
			if !isActive(d.State) {
				return d, bad
			}
			if e.Kind == EventExpelled && d.State == StateProbationary {
				// Discipline of a probationary member stops at a warning (Điều lệ Điều 35);
				// one who fails is removed (xóa tên), not expelled.
				return d, refuse(e, "err.event.expel_probationary", nil)
			}
			d.State = map[EventKind]string{EventTransferOut: StateTransferredOut, EventDeceased: StateDeceased,
				EventExpelled: StateExpelled, EventRemoved: StateRemoved, EventResigned: StateResigned}[e.Kind]
			clear(flags)
		default:
			return d, refuse(e, "err.event.kind", nil)
		}
	}
	for _, f := range []string{FlagExempted, FlagTempIn, FlagTempOut, FlagSuspended, FlagTempEnded} {
		if flags[f] {
			d.Flags = append(d.Flags, f)
		}
	}
	return d, nil
}

func joinFlags(f []string) string { return strings.Join(f, ",") }

func splitFlags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// HasFlag reports whether f is among flags.
func HasFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

// Counted reports whether a member in this state with these flags counts in the cell's
// membership total (đảng số): admitted and not gone, and not a temporary member from elsewhere.
func Counted(state string, flags []string) bool {
	return isActive(state) && !HasFlag(flags, FlagTempIn) && !HasFlag(flags, FlagTempEnded)
}

// Current reports whether a member belongs on the cell's current roster: a candidate or an
// active member, including temporary members still attached.
func Current(state string, flags []string) bool {
	return (state == StateCandidate || isActive(state)) && !HasFlag(flags, FlagTempEnded)
}
