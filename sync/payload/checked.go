package payload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"chibo/store"
)

// ErrApprovedChanged is what the errors of Check, CheckMeetings and DecodeChecked match (with
// errors.Is) when an approved record was changed after approval: a meeting's content no longer
// gives its record hash, or a chain entry names another record hash than the meeting carried.
// The office refuses such a bundle as rewritten rather than as merely invalid.
var ErrApprovedChanged = errors.New("payload: an approved record was changed after approval")

// changedError keeps Check's own sentence and matches ErrApprovedChanged.
type changedError struct{ msg string }

func (e *changedError) Error() string        { return e.msg }
func (e *changedError) Is(target error) bool { return target == ErrApprovedChanged }

// DecodeChecked parses records.json strictly, as Decode does, checks it as Check does, and
// returns the meetings it decoded on the way, in the order of Records.Meetings, so that a
// caller never decodes a meeting's data again. Each meeting's data is decoded once; the data
// of the other records are not decoded at all (a strict decode of the whole file has already
// proved them valid JSON, so they are only hashed).
func DecodeChecked(b []byte) (*Records, []store.Meeting, error) {
	var r Records
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, nil, fmt.Errorf("records.json is not valid: %w", err)
	}
	if dec.More() {
		return nil, nil, fmt.Errorf("records.json has data after its end")
	}
	ms, err := r.check(false)
	if err != nil {
		return nil, nil, err
	}
	return &r, ms, nil
}

// CheckMeetings is Check that also returns the decoded meetings, in the order of r.Meetings.
func (r *Records) CheckMeetings() ([]store.Meeting, error) {
	return r.check(true)
}

// check is Check. validate says whether each record's data must be checked to be valid JSON;
// false only for records that came out of a strict decode of the whole file. The decoded
// meetings are returned in the order of r.Meetings.
func (r *Records) check(validate bool) ([]store.Meeting, error) {
	if !idRE.MatchString(r.Cell.Code) {
		return nil, fmt.Errorf("cell code %q is not valid", r.Cell.Code)
	}
	for _, set := range []struct {
		kind string
		recs []Record
	}{{KindMember, r.Members}, {KindEvent, r.Events}, {KindMeeting, r.Meetings}} {
		seen := make(map[string]bool, len(set.recs))
		for _, rec := range set.recs {
			if !idRE.MatchString(rec.ID) {
				return nil, fmt.Errorf("%s id %q is not valid", set.kind, rec.ID)
			}
			if seen[rec.ID] {
				return nil, fmt.Errorf("%s %s appears twice", set.kind, rec.ID)
			}
			seen[rec.ID] = true
			if rec.Version < 1 {
				return nil, fmt.Errorf("%s %s has version %d", set.kind, rec.ID, rec.Version)
			}
			// Absent data decodes to no bytes at all, which no record has.
			if len(rec.Data) == 0 || (validate && !json.Valid(rec.Data)) || Hash(rec.Data) != rec.Hash {
				return nil, fmt.Errorf("%s %s: its hash does not match its data", set.kind, rec.ID)
			}
		}
	}
	meetings := make([]store.Meeting, len(r.Meetings))
	meetingHash := make(map[string]string, len(r.Meetings))
	for i, rec := range r.Meetings {
		m := &meetings[i]
		if err := json.Unmarshal(rec.Data, m); err != nil {
			return nil, fmt.Errorf("meeting %s: %v", rec.ID, err)
		}
		if m.ID != rec.ID || m.Version != rec.Version {
			return nil, fmt.Errorf("meeting %s: id or version differ from its data", rec.ID)
		}
		if m.Status != store.StatusApproved {
			return nil, fmt.Errorf("meeting %s is not approved; only approved minutes travel", rec.ID)
		}
		h, err := store.MeetingRecordHash(*m)
		if err != nil {
			return nil, fmt.Errorf("meeting %s: its content does not match its record hash", rec.ID)
		}
		if h != m.RecordHash {
			return nil, &changedError{fmt.Sprintf("meeting %s: its content does not match its record hash", rec.ID)}
		}
		meetingHash[m.ID] = h
	}
	for i, e := range r.Chain {
		if e.Seq < 1 || (i > 0 && e.Seq != r.Chain[i-1].Seq+1) {
			return nil, fmt.Errorf("chain entry %d is out of order", e.Seq)
		}
		if i > 0 && e.PrevHash != r.Chain[i-1].EntryHash {
			return nil, fmt.Errorf("chain entry %d does not follow entry %d", e.Seq, e.Seq-1)
		}
		if e.Seq == 1 && e.PrevHash != "" {
			return nil, fmt.Errorf("chain entry 1 names a previous entry")
		}
		if !hexRE.MatchString(e.RecordHash) || store.EntryHash(e.Seq, e.PrevHash, e.RecordType, e.RecordID, e.RecordHash) != e.EntryHash {
			return nil, fmt.Errorf("chain entry %d: its hash is wrong", e.Seq)
		}
		if e.RecordType != KindMeeting {
			return nil, fmt.Errorf("chain entry %d: unknown record type %q", e.Seq, e.RecordType)
		}
		if h, ok := meetingHash[e.RecordID]; ok && h != e.RecordHash {
			return nil, &changedError{fmt.Sprintf("chain entry %d: meeting %s differs from the approved record", e.Seq, e.RecordID)}
		}
	}
	if n := len(r.Chain); n > 0 {
		last := r.Chain[n-1]
		if r.Head.Seq != last.Seq || r.Head.Hash != last.EntryHash {
			return nil, fmt.Errorf("the chain head does not match the last chain entry")
		}
	}
	if r.Head.Seq < 0 || (r.Head.Seq == 0) != (r.Head.Hash == "") || (r.Head.Hash != "" && !hexRE.MatchString(r.Head.Hash)) {
		return nil, fmt.Errorf("the chain head is not valid")
	}
	seenDoc := make(map[string]bool, len(r.Documents))
	for _, d := range r.Documents {
		if !pathRE.MatchString(d.Path) || seenDoc[d.Path] {
			return nil, fmt.Errorf("document path %q is not valid", d.Path)
		}
		seenDoc[d.Path] = true
	}
	if k := r.KeyChange; k != nil && k.NewKey == "" {
		return nil, fmt.Errorf("the key change names no key")
	}
	return meetings, nil
}
