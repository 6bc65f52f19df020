package payload

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"chibo/store"
)

// records makes a small valid records.json with one member and one approved meeting in the
// chain.
func records(t *testing.T) *Records {
	t.Helper()
	mem, _ := NewRecord("m1", 1, false, map[string]any{"id": "m1", "full_name": "Lý Thị Mai"})
	m := store.Meeting{ID: "mt1", Version: 1, Kind: store.MeetingRegular, Date: store.NewDate(2026, 3, 5),
		Status: store.StatusApproved, Number: 3}
	m.Body.Topic = "Sinh hoạt thường kỳ tháng 3"
	m.RecordHash, _ = store.MeetingRecordHash(m)
	rec, _ := NewRecord(m.ID, m.Version, false, m)
	e := ChainEntry{Seq: 1, RecordType: KindMeeting, RecordID: m.ID, RecordHash: m.RecordHash, At: "2026-03-05T10:00:00Z"}
	e.EntryHash = store.EntryHash(e.Seq, e.PrevHash, e.RecordType, e.RecordID, e.RecordHash)
	return &Records{Cell: Cell{Code: "LUNGVAI"}, Members: []Record{mem}, Events: []Record{}, Meetings: []Record{rec},
		Chain: []ChainEntry{e}, Head: ChainHead{Seq: 1, Hash: e.EntryHash}, Documents: []Document{}, Notes: []Note{}}
}

func TestDecodeChecked(t *testing.T) {
	r := records(t)
	b, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, ms, err := DecodeChecked(b)
	if err != nil {
		t.Fatalf("DecodeChecked: %v", err)
	}
	want, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DecodeChecked and Decode differ (-Decode +DecodeChecked):\n%s", diff)
	}
	if len(ms) != 1 || ms[0].ID != "mt1" || ms[0].Body.Topic != "Sinh hoạt thường kỳ tháng 3" {
		t.Errorf("decoded meetings = %+v", ms)
	}
	if ms2, err := got.CheckMeetings(); err != nil || !cmp.Equal(ms, ms2, cmp.AllowUnexported(store.Date{})) {
		t.Errorf("CheckMeetings = %+v, %v", ms2, err)
	}

	// An approved meeting changed after approval: every entry point says so the same way.
	var m store.Meeting
	m = ms[0]
	m.Body.Topic += " (sửa)"
	bad := records(t)
	bad.Meetings[0], _ = NewRecord(m.ID, m.Version, false, m)
	bb, _ := bad.Encode()
	_, _, err1 := DecodeChecked(bb)
	_, err2 := Decode(bb)
	err3 := bad.Check()
	for _, err := range []error{err1, err2, err3} {
		if !errors.Is(err, ErrApprovedChanged) || err.Error() != "meeting mt1: its content does not match its record hash" {
			t.Errorf("changed minutes: %v", err)
		}
	}
	// Other faults are not that one.
	dup := records(t)
	dup.Members = append(dup.Members, dup.Members[0])
	db, _ := dup.Encode()
	if _, _, err := DecodeChecked(db); err == nil || errors.Is(err, ErrApprovedChanged) {
		t.Errorf("duplicate member: %v", err)
	}
	if _, _, err := DecodeChecked([]byte(`{"cell":`)); err == nil {
		t.Error("truncated JSON accepted")
	}
	noData := records(t)
	noData.Members[0].Data = nil
	nb, _ := noData.Encode()
	if _, _, err := DecodeChecked(nb); err == nil {
		t.Error("a record without data accepted")
	}
}
